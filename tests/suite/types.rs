//! Typed pages: schemas enforced with positions, references resolved, structured data and
//! charts emitted as the search engines and screen readers expect.

use crate::common::SiteTest;
use serde_json::Value;

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let json = &rest[..rest.find("</script>").unwrap()];
            serde_json::from_str(json).unwrap_or_else(|e| panic!("invalid JSON-LD ({e}): {json}"))
        })
        .collect()
}

fn built() -> SiteTest {
    let site = SiteTest::fixture("types");
    let summary = site.build_ok();
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    site
}

#[test]
fn roles_emit_occupation_with_a_salary_distribution() {
    let site = built();
    let html = site.read("roles/csm/index.html");
    let ld = json_ld(&html);
    assert_eq!(ld.len(), 1, "{html}");
    let o = &ld[0];
    assert_eq!(o["@context"], "https://schema.org");
    assert_eq!(o["@type"], "Occupation");
    assert_eq!(o["name"], "Customer Success Manager");
    let s = &o["estimatedSalary"][0];
    assert_eq!(s["@type"], "MonetaryAmountDistribution");
    assert_eq!(s["currency"], "USD");
    assert_eq!(s["duration"], "P1Y");
    assert_eq!(
        (
            s["percentile10"].as_f64(),
            s["median"].as_f64(),
            s["percentile90"].as_f64()
        ),
        (Some(50000.0), Some(82000.0), Some(140000.0))
    );
    assert_eq!(o["responsibilities"][1], "Prepare renewals");
}

#[test]
fn stories_playbooks_and_faq_articles_have_their_structured_data() {
    let site = built();
    let story = &json_ld(&site.read("stories/talk/index.html"))[0];
    assert_eq!(story["@type"], "Article");
    assert_eq!(story["author"][0]["name"], "Waymark Editors");
    assert_eq!(story["datePublished"], "2024-05-02");
    assert_eq!(story["about"]["name"], "Customer Success Manager");

    let howto = &json_ld(&site.read("playbooks/onboarding/index.html"))[0];
    assert_eq!(howto["@type"], "HowTo");
    assert_eq!(howto["step"][0]["@type"], "HowToSection");
    assert_eq!(howto["step"][0]["name"], "Day 0");
    assert_eq!(
        howto["step"][0]["itemListElement"][1]["text"],
        "Book the kickoff"
    );
    assert_eq!(howto["step"][1]["itemListElement"][0]["position"], 1);

    let faq = &json_ld(&site.read("help/reset/index.html"))[0];
    assert_eq!(faq["@type"], "FAQPage");
    assert_eq!(faq["mainEntity"][0]["name"], "How do I reset my password?");
    assert_eq!(
        faq["mainEntity"][0]["acceptedAnswer"]["text"],
        "Click Forgot password and follow the email."
    );
    assert_eq!(faq["mainEntity"].as_array().unwrap().len(), 2);
    assert!(
        json_ld(&site.read("help/invoice/index.html")).is_empty(),
        "no faq: no FAQPage"
    );
}

#[test]
fn typed_pages_link_to_each_other() {
    let site = built();
    let support = site.read("roles/support/index.html");
    assert!(
        support.contains("href=\"/roles/csm/\""),
        "growth path is a link"
    );
    let csm = site.read("roles/csm/index.html");
    assert!(
        csm.contains("href=\"/stories/talk/\""),
        "the role lists its stories"
    );
    let story = site.read("stories/talk/index.html");
    assert!(
        story.contains("href=\"/roles/csm/\""),
        "the story links its role"
    );
    assert!(story.contains(
        "<p class=\"qa qa--q\"><strong class=\"qa__label\">Q:</strong> What do you do all day?</p>"
    ));
    let reset = site.read("help/reset/index.html");
    assert!(
        reset.contains("href=\"/help/twofa/\""),
        "named related article"
    );
    assert!(
        reset.contains("https://github.com/example/kb/edit/main/content/help/reset.md"),
        "edit link"
    );
    let playbook = site.read("playbooks/onboarding/index.html");
    assert!(playbook.contains("id=\"stage-1\""), "stage anchors");
}

/// The id (checklist key) of the step whose label is `text`.
fn step_id(html: &str, text: &str) -> String {
    let label = html
        .find(&format!(">{text}</label>"))
        .unwrap_or_else(|| panic!("no step {text}"));
    let before = &html[..label];
    let at = before.rfind("data-step=\"").expect("a step checkbox") + "data-step=\"".len();
    before[at..].split('"').next().unwrap().to_string()
}

#[test]
fn checklist_step_ids_follow_the_step_not_its_position() {
    let site = built();
    let before = step_id(
        &site.read("playbooks/onboarding/index.html"),
        "Book the kickoff",
    );
    assert!(before.starts_with("step-"), "{before}");
    let file = site.root().join("content/playbooks/onboarding.md");
    let text = std::fs::read_to_string(&file).unwrap();
    site.write(
        "content/playbooks/onboarding.md",
        &text.replace(
            "steps: [Read the notes,",
            "steps: [A new first step, Read the notes,",
        ),
    );
    site.build_ok();
    let html = site.read("playbooks/onboarding/index.html");
    assert_eq!(step_id(&html, "Book the kickoff"), before);
    assert_ne!(step_id(&html, "A new first step"), before);
}

#[test]
fn salary_charts_are_to_scale_and_labelled() {
    let site = built();
    let csm = site.read("roles/csm/index.html");
    assert!(csm.contains("<svg class=\"chart chart--salary\""));
    assert!(csm.contains("From $50,000 to $140,000 per year, median $82,000."));
    assert!(
        csm.contains("x=\"24.0\" y=\"50\" width=\"532.8\""),
        "50k..150k axis: low at 24, high at 556.8"
    );
    let roles = site.read("roles/index.html");
    assert!(roles.contains("<svg class=\"chart chart--compare\""));
    assert!(roles.contains("<svg class=\"chart chart--map\""));
    assert!(roles.contains("Support Specialist can lead to Customer Success Manager."));
    assert!(
        roles.find(">Support Specialist</text>") < roles.find(">Customer Success Manager</text>")
    );
}

#[test]
fn schema_errors_name_file_line_and_field() {
    let site = SiteTest::fixture("types");
    let role = std::fs::read_to_string(site.root().join("content/roles/csm.md")).unwrap();
    site.write(
        "content/roles/csm.md",
        &role.replace("low: 50000", "low: fifty"),
    );
    let err = site.build_err();
    assert!(
        err.starts_with("content/roles/csm.md:8:3: error: field `salary.low`"),
        "{err}"
    );

    site.write(
        "content/roles/csm.md",
        &role.replace("  period: year\n", "  period: week\n"),
    );
    let err = site.build_err();
    assert!(
        err.starts_with("content/roles/csm.md:7:3: error: field `salary.period`"),
        "{err}"
    );
    assert!(
        err.contains("hint: period is one of year, month, hour"),
        "{err}"
    );

    site.write("content/roles/csm.md", &role.replace("duties:", "dutys:"));
    let err = site.build_err();
    assert!(
        err.contains("a role page needs `duties`") || err.contains("did you mean `duties`?"),
        "{err}"
    );
    site.write("content/roles/csm.md", &role);

    let story = std::fs::read_to_string(site.root().join("content/stories/talk.md")).unwrap();
    site.write(
        "content/stories/talk.md",
        &story.replace("role: roles/csm.md", "role: help/reset.md"),
    );
    let err = site.build_err();
    assert!(err.starts_with("content/stories/talk.md:4:1: error: `role` names `help/reset.md`, a page of type `article`; it must be a `role` page"), "{err}");
    site.write("content/stories/talk.md", &story);
    let reset = std::fs::read_to_string(site.root().join("content/help/reset.md")).unwrap();
    site.write(
        "content/help/reset.md",
        &reset.replace("related: [help/twofa.md]", "related: [roles/csm.md]"),
    );
    let err = site.build_err();
    assert!(
        err.contains("a page of type `role`; it must be an `article` page"),
        "{err}"
    );
    site.write("content/help/reset.md", &reset);
    site.write(
        "content/stories/talk.md",
        &story.replace("role: roles/csm.md", "role: roles/nobody.md"),
    );
    assert!(
        site.build_err()
            .contains("`role` names `roles/nobody.md`, which is not a page")
    );
}

#[test]
fn a_typed_page_in_an_untyped_section_gets_a_warning() {
    let site = SiteTest::with_files(&[(
        "content/misc/r.md",
        "---\ntitle: R\nsalary: {low: 1}\n---\n",
    )]);
    let summary = site.build_ok();
    let w: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter()
            .any(|w| w
                .starts_with("content/misc/r.md:3:1: warning: `salary` is a field of role pages")),
        "{w:?}"
    );
}

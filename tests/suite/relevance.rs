//! Search relevance on a small help center built end to end: typos as written and while typing,
//! accents, keywords and labels, titles that cover the query, words side by side, quoted
//! phrases, questions,
//! sub-results under headings, snippets that keep blocks apart, and what a query that finds
//! nothing offers. Every answer comes from both engines (native tantivy and the browser's
//! reader, lazily) and must be the same.

use std::path::Path;

use search_core::{Request, Response};

use crate::common::{SiteTest, assert_same, built_sample};
use crate::search::{lazily, open_lazily_in, open_native};

fn page(title: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{front}---\n{body}\n")
}

/// A help center whose pages each stand for one of the cases below.
fn help_center() -> SiteTest {
    let long_body = format!(
        "Plans come in three sizes.\n\n{}\n\n## Change your plan\n\n{}\n\n## Seat changes\n\n\
         | Change | When | Charge |\n|---|---|---|\n| Add seats | Immediately | A prorated charge |\n\
         | Remove seats | Next period | None |\n\n## Refund requests\n\nAsk for a refund within \
         thirty days of the charge. {}\n",
        "Billing runs monthly or yearly. ".repeat(40),
        "Open the plan page and pick another size. ".repeat(30),
        "Money goes back to the card it came from. ".repeat(30),
    );
    let site = SiteTest::with_files(&[
        ("content/help/_index.md", "---\ntitle: Help center\n---\n"),
        (
            "content/billing/_index.md",
            "---\ntitle: Billing and invoices\n---\n",
        ),
        (
            "content/billing/plans.md",
            &page("Plans and seats", "", &long_body),
        ),
        (
            "content/billing/downgrade.md",
            &page(
                "Moving to a smaller plan",
                "keywords: [cancel]\n",
                "Pick the smaller plan on the plan page; the change applies at the next period.",
            ),
        ),
        (
            "content/help/reviews.md",
            &page(
                "Quarterly reviews",
                "",
                "Hold an Executive Business Review (EBR) with each customer every quarter.",
            ),
        ),
        (
            "content/help/agenda.md",
            &page(
                "Meeting agenda",
                "",
                "Every executive business review covers outcomes, risks and next steps.",
            ),
        ),
        (
            "content/help/renewal.md",
            &page(
                "Renewal reminders",
                "",
                "We write thirty days before a renewal is due.",
            ),
        ),
        (
            "content/help/notifications.md",
            &page(
                "Notification settings",
                "",
                "Choose which notification emails you get.",
            ),
        ),
        (
            "content/help/two-factor.md",
            &page(
                "Two-factor authentication",
                "",
                "Authentication asks for a code from an app.",
            ),
        ),
        (
            "content/help/reset-password.md",
            &page(
                "Reset your password",
                "",
                "Use the link on the sign-in page.",
            ),
        ),
        (
            "content/help/security-faq.md",
            &page(
                "Security questions",
                "",
                "A password is yours alone. Sessions reset every night, and a password manager \
                 keeps long ones. We store a salted hash of each password; the hash is reset \
                 when you change it.",
            ),
        ),
        (
            "content/help/cv.md",
            &page(
                "Résumé tips for new hires",
                "tags: [careers]\n",
                "Keep it to one page.",
            ),
        ),
        (
            "content/help/pause.md",
            &page(
                "Resume a paused subscription",
                "",
                "Resume it when you are ready: resume keeps your history.",
            ),
        ),
        (
            "content/help/export.md",
            &page(
                "Workspace settings",
                "",
                "Most settings live here.\n\n## Export your data\n\nExport a copy as CSV files.",
            ),
        ),
        (
            "content/help/export-notes.md",
            &page(
                "Release notes",
                "",
                "The data team shipped an export tool, and you can export data from the old \
                 reports too. Data comes out as CSV.",
            ),
        ),
    ]);
    site.build_ok();
    site
}

/// The answer to `q`, the same from both engines (checked), as the browser asks it.
fn ask(site: &SiteTest, q: &str) -> Response {
    let dir = site.output().join("search");
    answer(&dir, q)
}

fn answer(dir: &Path, q: &str) -> Response {
    let (lazy, cache, files) = open_lazily_in(dir);
    let request = Request {
        q: q.to_string(),
        ..Request::default()
    };
    let (lean, _) = lazily(&lazy, &cache, &files, &request);
    assert_same(&lean, &open_native(dir).search(&request).unwrap(), q);
    lean
}

fn top(response: &Response, n: usize) -> Vec<&str> {
    response
        .hits
        .iter()
        .take(n)
        .map(|h| h.url.as_str())
        .collect()
}

#[test]
fn misspelt_words_are_found_as_written_and_while_typed() {
    let site = help_center();
    for (q, want) in [
        ("renwal ", "/help/renewal/"),
        ("rnewal ", "/help/renewal/"),
        ("notifcation ", "/help/notifications/"),
        ("authentification ", "/help/two-factor/"),
        ("pasw", "/help/reset-password/"),
        ("paswo", "/help/reset-password/"),
        ("paswor", "/help/reset-password/"),
        ("reset pasw", "/help/reset-password/"),
    ] {
        let answer = ask(&site, q);
        assert_eq!(top(&answer, 1), [want], "{q}");
        assert!(answer.fuzzy, "{q}: says it used similar words");
    }
    // A finished word is not a prefix: "paswo " is too far from "password".
    assert!(ask(&site, "paswo ").hits.is_empty());
}

#[test]
fn accents_do_not_matter_and_the_spelling_typed_ranks_first() {
    let site = help_center();
    assert_eq!(top(&ask(&site, "resume tips"), 1), ["/help/cv/"]);
    // Typed plain, both spellings are found (the plain one, said more often, first) and the
    // accented title is highlighted as a match.
    let plain = ask(&site, "resume");
    assert_eq!(top(&plain, 2), ["/help/pause/", "/help/cv/"]);
    let title = &plain.hits[1].title;
    assert!(title.contains(&("Résumé".to_string(), true)), "{title:?}");
    // Typed with its accents, in any case, the page spelt so comes first.
    assert_eq!(top(&ask(&site, "RÉSUMÉ"), 2), ["/help/cv/", "/help/pause/"]);
    assert_eq!(
        top(&ask(&site, "résumés "), 2),
        ["/help/cv/", "/help/pause/"]
    );
    // An accent no page has changes nothing.
    assert_eq!(top(&ask(&site, "resumè"), 2), ["/help/pause/", "/help/cv/"]);
}

#[test]
fn keywords_tags_and_section_titles_are_searched() {
    let site = help_center();
    // The page never says "cancel"; its keywords do.
    assert_eq!(top(&ask(&site, "cancel "), 1), ["/billing/downgrade/"]);
    assert_eq!(top(&ask(&site, "careers "), 1), ["/help/cv/"]);
    // The section's title ("Billing and invoices") files both billing pages under "invoices".
    let invoices = ask(&site, "invoices ");
    let mut invoices = top(&invoices, 2);
    invoices.sort();
    assert_eq!(invoices, ["/billing/downgrade/", "/billing/plans/"]);
}

#[test]
fn acronyms_the_pages_define_find_their_long_forms() {
    let site = help_center();
    // The agenda page never says "EBR"; another page defines it.
    let answer = ask(&site, "ebr agenda ");
    assert_eq!(top(&answer, 1), ["/help/agenda/"]);
    assert!(!answer.some_words);
    let entry = std::fs::read_to_string(site.output().join("search/entry.json")).unwrap();
    assert!(
        entry.contains(r#"["ebr","executive business review"]"#),
        "{entry}"
    );
    // Turned off, the acronym is just a word again.
    site.write(
        "waymark.toml",
        "title = \"T\"\nbase_url = \"https://example.com\"\n[search]\nacronyms = false\n",
    );
    site.build_ok();
    assert!(ask(&site, "ebr agenda ").some_words);
}

#[test]
fn a_title_with_the_words_together_ranks_first() {
    let site = help_center();
    // The FAQ says "password" and "reset" more often, apart; the title has them together.
    assert_eq!(
        top(&ask(&site, "how do i reset my password"), 2),
        ["/help/reset-password/", "/help/security-faq/"]
    );
    // A question counts its words more in headings: the page with "Export your data" as a
    // heading beats the one that says "export data" more often in its text.
    assert_eq!(
        top(&ask(&site, "how can i export data"), 1),
        ["/help/export/"]
    );
}

#[test]
fn quoted_words_are_a_phrase() {
    let site = help_center();
    // Unquoted, the FAQ (which has both words apart) comes too.
    let apart = ask(&site, "reset password ");
    let mut apart = top(&apart, 5);
    apart.sort();
    assert_eq!(apart, ["/help/reset-password/", "/help/security-faq/"]);
    // Quoted, only the page with them together (in its title; "your" is skipped as the
    // index skips it).
    let together = ask(&site, "\"reset your password\"");
    assert_eq!(top(&together, 5), ["/help/reset-password/"]);
    assert_eq!(together.total, 1);
    // Word order counts; so do the words' places in the body.
    assert!(ask(&site, "\"password reset\"").hits.is_empty());
    assert_eq!(
        top(&ask(&site, "\"hash is reset\""), 5),
        ["/help/security-faq/"]
    );
    // In a heading or in the body, in typographic quotes, with a word outside them.
    let export = ask(&site, "\u{201c}export data\u{201d}");
    let mut export = top(&export, 5);
    export.sort();
    assert_eq!(export, ["/help/export-notes/", "/help/export/"]);
    assert_eq!(
        top(&ask(&site, "\"export data\" reports"), 5),
        ["/help/export-notes/"]
    );
    // Neighbouring table cells are not together.
    assert!(ask(&site, "\"seats immediately\"").hits.is_empty());
    // A quoted word is exact: no typo match, no "did you mean", and one the site lacks is not
    // left out (unquoted, both are respelt).
    assert_eq!(top(&ask(&site, "pasword "), 1), ["/help/reset-password/"]);
    let exact = ask(&site, "\"pasword\"");
    assert!(exact.hits.is_empty() && exact.suggestion.is_none());
    assert!(ask(&site, "renwal reminders").fuzzy);
    let exact = ask(&site, "\"renwal\" reminders");
    assert!(exact.some_words && !exact.fuzzy, "no page has every word");
    assert_eq!(top(&exact, 1), ["/help/renewal/"]);
    assert_eq!(
        top(&ask(&site, "\"passwords\""), 1),
        ["/help/reset-password/"]
    );
}

#[test]
fn a_match_under_a_heading_links_to_it_and_snippets_keep_blocks_apart() {
    let site = help_center();
    let answer = ask(&site, "refund ");
    let hit = &answer.hits[0];
    assert_eq!(hit.url, "/billing/plans/");
    let sub = &hit.sub[0];
    assert_eq!(sub.url, "/billing/plans/#refund-requests");
    assert_eq!(
        sub.title,
        [
            ("Refund".to_string(), true),
            (" requests".to_string(), false)
        ]
    );
    let text: String = sub.snippet.iter().map(|(t, _)| t.as_str()).collect();
    assert!(
        text.contains("Ask for a refund within thirty days"),
        "{text}"
    );
    // The table's cells stay apart in the snippet.
    let seats = ask(&site, "add seats ");
    let snippet = seats.hits[0].snippet_text();
    assert!(
        snippet.contains("Add seats · Immediately · A prorated charge"),
        "{snippet}"
    );
}

#[test]
fn a_query_that_finds_nothing_offers_a_respelling_and_sections() {
    let site = help_center();
    // Two edits from "billing": more than typo tolerance allows.
    let answer = ask(&site, "bllng qqq ");
    assert!(answer.hits.is_empty());
    assert_eq!(answer.suggestion.as_deref(), Some("billing qqq"));
    // No section is named like that: the top-level ones.
    let paths: Vec<&str> = answer
        .near_sections
        .iter()
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(paths, ["billing/", "help/"]);
    assert_eq!(ask(&site, "zzzz ").suggestion, None);
    // A word still being typed is respelt as a whole word, not as the start of a longer one.
    // A word still being typed is respelt as a whole word, not as the start of a longer one
    // (as a start, "rfnd" was "readi": two edits from the start of "readiness").
    assert_eq!(ask(&site, "rfnd").suggestion.as_deref(), Some("refund"));
    // Filtered to nothing: the section named like the query comes first, nothing to respell.
    let dir = site.output().join("search");
    let mut request = Request {
        q: "invoices ".into(),
        ..Request::default()
    };
    request.filters.kind = vec!["role".into()];
    let (lazy, cache, files) = open_lazily_in(&dir);
    let (filtered, _) = lazily(&lazy, &cache, &files, &request);
    assert_same(
        &filtered,
        &open_native(&dir).search(&request).unwrap(),
        "filtered",
    );
    assert_eq!(filtered.suggestion, None);
    assert_eq!(
        filtered.near_sections,
        [("billing/".to_string(), "Billing and invoices".to_string())]
    );
    // The command line shows both.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["search", "bllng qqq ", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("did you mean \"billing qqq\"?"), "{text}");
    assert!(text.contains("Billing and invoices  /billing/"), "{text}");
}

#[test]
fn the_sample_site_answers_its_help_center_questions() {
    let (_out, dir) = built_sample();
    // "cancel" is a starter synonym of "downgrade", which the billing article uses.
    let cancel = answer(&dir, "how do i cancel my plan");
    assert!(
        top(&cancel, 3).contains(&"/help/invoices-and-plan-changes/"),
        "{:?}",
        top(&cancel, 3)
    );
    // A synonym finds the pages that call it something else; quoted, a word is taken as
    // written (no page of the sample says "unsubscribe").
    let synonym = answer(&dir, "unsubscribe");
    assert!(
        top(&synonym, 3).contains(&"/help/invoices-and-plan-changes/"),
        "{:?}",
        top(&synonym, 3)
    );
    assert!(answer(&dir, "\"unsubscribe\"").hits.is_empty());
    assert!(answer(&dir, "\"unsubscribe plan\"").hits.is_empty());
    // The CSM role has "CSM" in its keywords.
    let salary = answer(&dir, "salary csm");
    assert!(
        top(&salary, 3).contains(&"/roles/customer-success-manager/"),
        "{:?}",
        top(&salary, 3)
    );
}

#[test]
fn the_sample_site_and_new_sites_ship_the_same_starter_synonyms() {
    let starter = include_str!("../../src/starter-synonyms.toml");
    let sample =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("waymark.toml"))
            .unwrap();
    assert!(
        sample.contains(starter),
        "waymark.toml lacks src/starter-synonyms.toml"
    );
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new");
    waymark::init::init(&site).unwrap();
    let config = std::fs::read_to_string(site.join("waymark.toml")).unwrap();
    assert!(config.contains(starter));
    assert!(config.contains("[\"cancel\", \"downgrade\""));
}

//! Typed pages: the schema of each content type (role, story, playbook, article), checked
//! when the site loads. A missing or wrongly typed field is an error naming the file, line
//! and field; references to other pages must resolve to a page of the right type.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::front_matter::{self, DateValue, PageType};
use crate::error::{Code, Diagnostic, suggest};

/// Salary data of a role.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Salary {
    pub currency: String,
    pub period: Period,
    pub low: f64,
    pub median: f64,
    pub high: f64,
    pub source: String,
    pub as_of: DateValue,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Year,
    Month,
    Hour,
}

impl Period {
    pub fn label(self) -> &'static str {
        match self {
            Period::Year => "per year",
            Period::Month => "per month",
            Period::Hour => "per hour",
        }
    }

    /// schema.org `unitText`.
    pub fn unit_text(self) -> &'static str {
        match self {
            Period::Year => "YEAR",
            Period::Month => "MONTH",
            Period::Hour => "HOUR",
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub salary: Salary,
    pub duties: Vec<String>,
    pub skills: Vec<String>,
    #[serde(default)]
    pub growth_paths: Vec<String>,
    #[serde(default)]
    pub related_titles: Vec<String>,
    #[serde(default)]
    pub day_in_the_life: Option<String>,
    #[serde(default)]
    pub how_to_get_hired: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum StoryFormat {
    Interview,
    #[default]
    FirstPerson,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Story {
    pub role: String,
    pub person: String,
    #[serde(default)]
    pub person_title: Option<String>,
    #[serde(default)]
    pub format: StoryFormat,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    pub goal: String,
    pub owner: String,
    pub steps: Vec<String>,
    pub success_criteria: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub duration: Option<String>,
    #[serde(default)]
    pub owners: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub product_area: String,
    #[serde(default)]
    pub symptoms: Vec<String>,
    #[serde(default)]
    pub cause: Option<String>,
    #[serde(default)]
    pub related: Vec<String>,
    /// Emit `FAQPage` JSON-LD from the question headings (`## How do I ...?`).
    #[serde(default)]
    pub faq: bool,
}

/// The typed data of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Page,
    Role(Box<Role>),
    Story(Story),
    Playbook(Playbook),
    Article(Article),
}

impl Typed {
    /// The words of the typed data a page shows (duties, steps, symptoms...), for the search
    /// index: they are front matter, not Markdown, so the page's plain text lacks them.
    pub fn search_text(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        let mut owned = Vec::new();
        match self {
            Typed::Page => {}
            Typed::Role(r) => {
                owned.push(format!(
                    "Salary {} {}–{} (median {})",
                    r.salary.currency, r.salary.low, r.salary.high, r.salary.median
                ));
                parts.extend(r.duties.iter().map(String::as_str));
                parts.extend(r.skills.iter().map(String::as_str));
                parts.extend(r.related_titles.iter().map(String::as_str));
                parts.extend(r.day_in_the_life.as_deref());
                parts.extend(r.how_to_get_hired.iter().map(String::as_str));
            }
            Typed::Story(s) => {
                parts.push(&s.person);
                parts.extend(s.person_title.as_deref());
            }
            Typed::Playbook(p) => {
                parts.extend(p.audience.as_deref());
                parts.extend(p.owners.iter().map(String::as_str));
                for stage in &p.stages {
                    parts.extend([stage.name.as_str(), &stage.goal, &stage.owner]);
                    parts.extend(stage.steps.iter().map(String::as_str));
                    parts.extend(stage.success_criteria.iter().map(String::as_str));
                }
            }
            Typed::Article(a) => {
                parts.push(&a.product_area);
                parts.extend(a.symptoms.iter().map(String::as_str));
                parts.extend(a.cause.as_deref());
            }
        }
        let mut text = owned.join("\n");
        for p in parts {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(p);
        }
        text
    }
}

/// Fields of each type, for hints.
fn fields_of(t: PageType) -> &'static [&'static str] {
    match t {
        PageType::Role => &[
            "salary",
            "duties",
            "skills",
            "growth_paths",
            "related_titles",
            "day_in_the_life",
            "how_to_get_hired",
        ],
        PageType::Story => &["role", "person", "person_title", "format"],
        PageType::Playbook => &["stages", "audience", "duration", "owners"],
        PageType::Article => &["product_area", "symptoms", "cause", "related", "faq"],
        PageType::Page => &[],
    }
}

const REQUIRED: &[(PageType, &[&str])] = &[
    (PageType::Role, &["salary", "duties", "skills"]),
    (PageType::Story, &["role", "person"]),
    (PageType::Playbook, &["stages"]),
    (PageType::Article, &["product_area"]),
];

/// Common front-matter keys (everything [`front_matter::FrontMatter`] names).
const COMMON: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "slug",
    "aliases",
    "weight",
    "categories",
    "tags",
    "keywords",
    "authors",
    "type",
    "template",
    "search",
    "featured",
    "unlisted",
    "reviewed",
    "review_every",
    "review_by",
    "feedback",
    "llms",
    "extra",
    "sort_by",
    "paginate_by",
    "page_type",
];

/// Checks a page's type-specific fields (`params`) against its type's schema.
///
/// `source` is the file's text, for positions. Plain pages accept any extra field, but one
/// that looks like a typo of a known field, or like another type's field, is a warning.
pub fn check(
    path: &Path,
    source: &dyn Fn() -> String,
    page_type: PageType,
    params: &Map<String, Value>,
    taxonomies: &[String],
) -> Result<(Typed, Vec<Diagnostic>), Diagnostic> {
    let place = Place(source);
    if page_type == PageType::Page {
        return Ok((
            Typed::Page,
            plain_page_warnings(path, &place, params, taxonomies),
        ));
    }
    // Taxonomies other than categories/tags live in params too; they are not schema fields.
    let fields: Map<String, Value> = params
        .iter()
        .filter(|(k, _)| !taxonomies.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    require_fields(path, &place, page_type, &fields)?;
    // Keys the type does not have stay in params for templates, with a warning: a file from
    // another tool carries keys of its own, and they are no reason to refuse it.
    let (fields, others): (Map<String, Value>, Map<String, Value>) = fields
        .into_iter()
        .partition(|(k, _)| fields_of(page_type).contains(&k.as_str()));
    let warnings = others
        .keys()
        .filter(|k| !crate::content::compat::is_foreign(k))
        .map(|key| foreign_field_warning(path, &place, page_type, key))
        .collect();
    let typed = parse_typed(path, &place, page_type, Value::Object(fields))?;
    check_salary(path, &place, &typed)?;
    Ok((typed, warnings))
}

/// Places a message on the line of a front-matter field; the file's text is read again only
/// for that.
struct Place<'a>(&'a dyn Fn() -> String);

impl Place<'_> {
    fn at(&self, field: &str, d: Diagnostic) -> Diagnostic {
        let text = (self.0)();
        match front_matter::field_position(&text, field) {
            Some(o) => d.at_offset(&text, o),
            None => d.at(&text, 1, 1),
        }
    }
}

/// Plain pages accept any field; one that looks like a typo or another type's field warns.
fn plain_page_warnings(
    path: &Path,
    place: &Place<'_>,
    params: &Map<String, Value>,
    taxonomies: &[String],
) -> Vec<Diagnostic> {
    let known: Vec<&str> = COMMON
        .iter()
        .chain(fields_of(PageType::Page))
        .copied()
        .collect();
    let mut warnings = Vec::new();
    for key in params.keys() {
        if taxonomies.iter().any(|t| t == key) {
            continue;
        }
        if let Some(s) = suggest(key, known.iter().copied()) {
            warnings.push(
                place
                    .at(
                        key,
                        Diagnostic::warning(path, format!("unknown front-matter field `{key}`")),
                    )
                    .with_hint(format!("did you mean `{s}`?"))
                    .with_code(Code::UnknownField),
            );
        } else if let Some(t) = [
            PageType::Role,
            PageType::Story,
            PageType::Playbook,
            PageType::Article,
        ]
        .into_iter()
        .find(|t| {
            REQUIRED
                .iter()
                .any(|(rt, f)| rt == t && f.contains(&key.as_str()))
        }) {
            warnings.push(
                place
                    .at(
                        key,
                        Diagnostic::warning(
                            path,
                            format!(
                                "`{key}` is a field of {} pages, but this page's type is `page`",
                                t.as_str()
                            ),
                        ),
                    )
                    .with_hint(format!(
                        "add `type: {}` (or `page_type: {}` to the section's _index.md)",
                        t.as_str(),
                        t.as_str()
                    ))
                    .with_code(Code::UnknownField),
            );
        }
    }
    warnings
}

/// A key a typed page does not have: a likely typo is named, anything else is kept.
fn foreign_field_warning(
    path: &Path,
    place: &Place<'_>,
    page_type: PageType,
    key: &str,
) -> Diagnostic {
    let known: Vec<&str> = fields_of(page_type).iter().chain(COMMON).copied().collect();
    let d = match suggest(key, known.iter().copied()) {
        Some(s) => Diagnostic::warning(path, format!("unknown front-matter field `{key}`"))
            .with_hint(format!("did you mean `{s}`?")),
        None => Diagnostic::warning(
            path,
            format!("`{key}` is not a field of {} pages", page_type.as_str()),
        )
        .with_hint(format!(
            "it is kept for templates as `page.params.{key}`; {} pages have {}",
            page_type.as_str(),
            fields_of(page_type).join(", ")
        )),
    };
    place.at(key, d.with_code(Code::UnknownField))
}

/// Each of the type's required fields is there (a near miss is named as the likely typo).
fn require_fields(
    path: &Path,
    place: &Place<'_>,
    page_type: PageType,
    fields: &Map<String, Value>,
) -> Result<(), Diagnostic> {
    for (t, required) in REQUIRED {
        if *t == page_type {
            for field in *required {
                if !fields.contains_key(*field) {
                    let d = Diagnostic::error(
                        path,
                        format!("{} page needs `{field}`", with_article(page_type.as_str())),
                    );
                    if let Some(typo) = fields.keys().find(|k| suggest(k, [*field]).is_some()) {
                        let d = Diagnostic::error(
                            path,
                            format!(
                                "unknown field `{typo}`: {} page needs `{field}`",
                                with_article(page_type.as_str())
                            ),
                        );
                        return Err(place
                            .at(typo, d)
                            .with_hint(format!("did you mean `{field}`?")));
                    }
                    return Err(place.at("title", d).with_hint(format!(
                        "{} pages have {}; see docs/content.md",
                        page_type.as_str(),
                        fields_of(page_type).join(", ")
                    )));
                }
            }
        }
    }
    Ok(())
}

/// The fields read into the type's struct; a wrong field gets a hint.
fn parse_typed(
    path: &Path,
    place: &Place<'_>,
    page_type: PageType,
    value: Value,
) -> Result<Typed, Diagnostic> {
    fn parse<T: for<'de> Deserialize<'de>>(v: Value) -> Result<T, (String, String)> {
        serde_path_to_error::deserialize(v).map_err(|e| {
            (
                e.path().to_string(),
                crate::error::friendly_types(&e.into_inner().to_string()),
            )
        })
    }
    let typed = match page_type {
        PageType::Role => parse::<Role>(value).map(|r| Typed::Role(Box::new(r))),
        PageType::Story => parse::<Story>(value).map(Typed::Story),
        PageType::Playbook => parse::<Playbook>(value).map(Typed::Playbook),
        PageType::Article => parse::<Article>(value).map(Typed::Article),
        PageType::Page => Ok(Typed::Page),
    };
    typed.map_err(|(field, message)| {
        let field = if field == "." { String::new() } else { field };
        let d = Diagnostic::error(
            path,
            if field.is_empty() {
                message.clone()
            } else {
                format!("field `{field}`: {message}")
            },
        );
        let mut d = place.at(&field, d);
        if let Some(unknown) = message
            .strip_prefix("unknown field `")
            .and_then(|r| r.split('`').next())
        {
            let candidates: Vec<&str> =
                fields_of(page_type).iter().chain(COMMON).copied().collect();
            d = d.with_hint(match suggest(unknown, candidates.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "{} pages have {}; free-form values go under `extra`",
                    page_type.as_str(),
                    fields_of(page_type).join(", ")
                ),
            });
        } else if field.ends_with("period") {
            d = d.with_hint("period is one of year, month, hour");
        } else if field.ends_with("format") {
            d = d.with_hint("format is interview or first-person");
        }
        d
    })
}

/// A role's salary range is ordered and not negative.
fn check_salary(path: &Path, place: &Place<'_>, typed: &Typed) -> Result<(), Diagnostic> {
    if let Typed::Role(r) = typed {
        let s = &r.salary;
        if !(s.low <= s.median && s.median <= s.high) || s.low < 0.0 {
            return Err(place.at(
                "salary",
                Diagnostic::error(
                    path,
                    format!(
                        "salary must have 0 <= low <= median <= high, got {} / {} / {}",
                        s.low, s.median, s.high
                    ),
                ),
            ));
        }
    }
    Ok(())
}

/// "a role", "an article".
fn with_article(word: &str) -> String {
    format!("{} {word}", a_or_an(word))
}

/// "an" before a vowel, else "a".
pub fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The line of `field` (for errors about references found after loading).
pub fn locate(path: &Path, source: &str, field: &str, message: String) -> Diagnostic {
    let d = Diagnostic::error(path, message);
    match front_matter::field_position(source, field) {
        Some(o) => d.at_offset(source, o),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(yaml: &str) -> Map<String, Value> {
        serde_yaml::from_str(yaml).unwrap()
    }

    const ROLE: &str = "salary:\n  currency: USD\n  period: year\n  low: 50000\n  median: 82000\n  high: 140000\n  source: Survey\n  as_of: 2024-06-01\nduties: [a]\nskills: [b]\n";

    #[test]
    fn a_valid_role_parses() {
        let src = format!("---\ntitle: CSM\n{ROLE}---\n");
        let (t, w) = check(
            Path::new("r.md"),
            &|| src.clone(),
            PageType::Role,
            &params(ROLE),
            &[],
        )
        .unwrap();
        assert!(w.is_empty());
        let Typed::Role(r) = t else { panic!() };
        assert_eq!(r.salary.median, 82000.0);
        assert_eq!(r.salary.period.label(), "per year");
    }

    #[test]
    fn wrong_field_type_names_field_and_line() {
        let yaml = ROLE.replace("low: 50000", "low: fifty");
        let src = format!("---\ntitle: CSM\n{yaml}---\n");
        let d = check(
            Path::new("r.md"),
            &|| src.clone(),
            PageType::Role,
            &params(&yaml),
            &[],
        )
        .unwrap_err();
        assert!(d.message.starts_with("field `salary.low`"), "{d}");
        assert_eq!(d.line, 6, "{d}");
    }

    #[test]
    fn bad_period_missing_and_unknown_fields() {
        let yaml = ROLE.replace("period: year", "period: week");
        let src = format!("---\ntitle: CSM\n{yaml}---\n");
        let d = check(
            Path::new("r.md"),
            &|| src.clone(),
            PageType::Role,
            &params(&yaml),
            &[],
        )
        .unwrap_err();
        assert_eq!(d.line, 5, "{d}");
        assert!(d.hint.unwrap().contains("year, month, hour"));

        let d = check(
            Path::new("a.md"),
            &|| "---\ntitle: A\n---\n".into(),
            PageType::Article,
            &Map::new(),
            &[],
        )
        .unwrap_err();
        assert!(d.message.contains("needs `product_area`"), "{d}");

        // A key the type does not have is kept with a warning, a likely typo named.
        let yaml = "product_area: Billing\nsymptom: [x]\nlayout: post\nowner: Sam\n";
        let src = format!("---\ntitle: A\n{yaml}---\n");
        let (_, warnings) = check(
            Path::new("a.md"),
            &|| src.clone(),
            PageType::Article,
            &params(yaml),
            &[],
        )
        .unwrap();
        let found: Vec<(usize, &str)> = warnings
            .iter()
            .map(|d| (d.line, d.hint.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            found.len(),
            2,
            "`layout` is compat's to warn about: {warnings:?}"
        );
        assert_eq!(
            found[1],
            (
                6,
                "it is kept for templates as `page.params.owner`; article pages have product_area, symptoms, cause, related, faq"
            )
        );
        assert_eq!(found[0], (4, "did you mean `symptoms`?"));
    }

    #[test]
    fn plain_pages_warn_about_typos_and_other_types_fields() {
        let yaml = "titel: x\nsalary: {}\ncustom: 1\n";
        let src = format!("---\ntitle: A\n{yaml}---\n");
        let (_, w) = check(
            Path::new("p.md"),
            &|| src.clone(),
            PageType::Page,
            &params(yaml),
            &[],
        )
        .unwrap();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w.iter()
                .any(|d| d.hint.as_deref() == Some("did you mean `title`?"))
        );
        assert!(w.iter().any(|d| d.message.contains("field of role pages")));
    }

    #[test]
    fn salary_order_is_checked() {
        let yaml = ROLE.replace("median: 82000", "median: 200000");
        let src = format!("---\ntitle: CSM\n{yaml}---\n");
        assert!(
            check(
                Path::new("r.md"),
                &|| src.clone(),
                PageType::Role,
                &params(&yaml),
                &[]
            )
            .is_err()
        );
    }
}

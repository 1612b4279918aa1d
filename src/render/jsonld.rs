//! schema.org structured data for typed pages, as JSON-LD that is safe inside a `<script>`.

use serde_json::{Value, json};

use crate::content::types::{Period, Typed};
use crate::content::{Library, Page};
use crate::render::urls::Urls;

/// The JSON-LD of a page, or `None` for types that have none.
pub fn for_page(lib: &Library, urls: &Urls, page: &Page) -> Option<String> {
    let url = urls.permalink(&page.path);
    let description = page.front.description.clone();
    let value = match &page.typed {
        Typed::Role(r) => {
            let s = &r.salary;
            let duration = match s.period {
                Period::Year => "P1Y",
                Period::Month => "P1M",
                Period::Hour => "PT1H",
            };
            json!({
                "@context": "https://schema.org",
                "@type": "Occupation",
                "name": page.title,
                "description": description,
                "url": url,
                "responsibilities": r.duties,
                "skills": r.skills,
                "alternateName": r.related_titles,
                "estimatedSalary": [{
                    "@type": "MonetaryAmountDistribution",
                    "name": "base",
                    "currency": s.currency,
                    "duration": duration,
                    "unitText": s.period.unit_text(),
                    "percentile10": s.low,
                    "median": s.median,
                    "percentile90": s.high,
                }],
                "mainEntityOfPage": { "@type": "WebPage", "@id": url, "lastReviewed": s.as_of },
            })
        }
        Typed::Story(s) => {
            let mut authors: Vec<Value> = page
                .front
                .authors
                .0
                .iter()
                .map(|a| json!({"@type": "Person", "name": a}))
                .collect();
            if authors.is_empty() {
                authors.push(json!({"@type": "Person", "name": s.person}));
            }
            let role = page.refs.first().map(|&i| &lib.pages[i]);
            json!({
                "@context": "https://schema.org",
                "@type": "Article",
                "headline": page.title,
                "description": description,
                "url": url,
                "mainEntityOfPage": url,
                "author": authors,
                "datePublished": page.front.date.map(|d| d.to_string()),
                "dateModified": page.updated.or(page.front.date).map(|d| d.to_string()),
                "about": role.map(|r| json!({"@type": "Occupation", "name": r.title, "url": urls.permalink(&r.path)})),
            })
        }
        Typed::Playbook(p) => json!({
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": page.title,
            "description": description,
            "url": url,
            "step": p.stages.iter().map(|stage| json!({
                "@type": "HowToSection",
                "name": stage.name,
                "itemListElement": stage.steps.iter().enumerate().map(|(k, step)| json!({
                    "@type": "HowToStep",
                    "position": k + 1,
                    "text": step,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }),
        Typed::Article(a) if a.faq && !page.rendered.questions.is_empty() => json!({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "url": url,
            "mainEntity": page.rendered.questions.iter().map(|(q, answer)| json!({
                "@type": "Question",
                "name": q,
                "acceptedAnswer": { "@type": "Answer", "text": answer },
            })).collect::<Vec<_>>(),
        }),
        _ => return None,
    };
    Some(script_safe(&drop_nulls(value)))
}

fn drop_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, drop_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(drop_nulls).collect()),
        other => other,
    }
}

/// JSON with `<`, `>` and `&` escaped, so no text can close the script element.
pub fn script_safe(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

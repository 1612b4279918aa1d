//! Rendering: the Tera 2 environment (theme templates, waymark's filters) and the error
//! mapping from template problems to `path:line:col` diagnostics.

pub mod help;
pub mod jsonld;
pub mod svg;
pub mod theme;
pub mod urls;
pub mod views;

use std::path::Path;

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::error::{Diagnostic, Errors, Result};
pub use theme::Theme;

/// The loaded templates and the context every render starts from.
pub struct Renderer {
    tera: Tera,
    theme: Theme,
}

impl Renderer {
    pub fn new(config: &Config, theme: Theme, serve: bool) -> Result<Renderer> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.register_filter("date", date_filter);
        tera.register_filter("json", json_filter);
        tera.register_filter("money", money_filter);
        tera.register_filter("markdown", markdown_filter);
        tera.register_filter("salary_chart", salary_chart_filter);
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for (name, file) in &theme.templates {
            match file.bytes().map(|b| String::from_utf8(b.into_owned())) {
                Ok(Ok(text)) => sources.push((name.clone(), text)),
                Ok(Err(_)) => errors.push(Diagnostic::error(
                    &file.display,
                    "template is not valid UTF-8",
                )),
                Err(e) => errors.push(Diagnostic::error(
                    &file.display,
                    format!("cannot read: {e}"),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| Errors::one(template_error(&theme, &e, None)))?;

        let global = tera.global_context();
        global.insert("config", &ConfigView::new(config));
        global.insert("base_path", &config.base_path());
        global.insert("serve", &serve);
        global.insert("insights", &help::insights(config));
        global.insert("support", &help::support(config));
        // `false`, or where the search worker is (relative to base_path).
        if config.search.enabled {
            let mut search = serde_json::Map::new();
            search.insert("worker".into(), crate::search::worker_path().into());
            global.insert("search", &serde_json::Value::Object(search));
        } else {
            global.insert("search", &false);
        }
        Ok(Renderer { tera, theme })
    }

    /// Where a template's file is shown in messages (`themes/default/templates/page.html`).
    pub fn template_path(&self, name: &str) -> std::path::PathBuf {
        self.theme
            .templates
            .get(name)
            .map_or_else(|| name.into(), |f| f.display.clone())
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `template`; errors name the template's file and, as a note, the content file.
    pub fn render(
        &self,
        template: &str,
        ctx: &Context,
        content: Option<&Path>,
    ) -> std::result::Result<String, Diagnostic> {
        let mut out = Capped::default();
        match self.tera.render_to(template, ctx, &mut out) {
            Ok(()) => String::from_utf8(out.bytes).map_err(|_| {
                Diagnostic::error(template, "the template wrote bytes that are not UTF-8")
            }),
            Err(_) if out.over => {
                let display = self
                    .theme
                    .templates
                    .get(template)
                    .map(|f| f.display.clone());
                let message = format!(
                    "`{template}` wrote more than {} MB for one page: a loop that does not end?",
                    MAX_PAGE_BYTES >> 20
                );
                let d = Diagnostic::error(display.unwrap_or_else(|| template.into()), message);
                Err(match content {
                    Some(c) => d.with_hint(format!("while rendering {}", c.display())),
                    None => d,
                })
            }
            Err(e) => Err(template_error(&self.theme, &e, content)),
        }
    }
}

/// The most one rendered file may weigh. A template loop that runs away stops here, at a
/// bounded size and time, instead of filling the memory.
pub const MAX_PAGE_BYTES: usize = 64 << 20;

/// A render target that refuses to grow past [`MAX_PAGE_BYTES`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            self.over = true;
            return Err(std::io::Error::other("page too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(serde::Serialize)]
struct ConfigView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'a str,
    repo_url: Option<&'a str>,
    taxonomies: &'a [String],
    extra: &'a toml::Table,
}

impl<'a> ConfigView<'a> {
    fn new(c: &'a Config) -> Self {
        ConfigView {
            title: &c.title,
            description: c.description.as_deref(),
            base_url: &c.base_url,
            language: &c.language,
            repo_url: c.repo_url.as_deref(),
            taxonomies: &c.taxonomies,
            extra: &c.extra,
        }
    }
}

/// Maps a Tera error onto the template file and line it came from.
fn template_error(theme: &Theme, err: &tera::Error, content: Option<&Path>) -> Diagnostic {
    // A template file by name: where it is shown in messages, and its text.
    let file = |name: &str| {
        let f = theme.templates.get(name);
        let display = f.map_or_else(|| Path::new(name).to_path_buf(), |f| f.display.clone());
        let source = f
            .and_then(|f| f.bytes().ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        (display, source)
    };
    let mut d = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let kind = if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let (display, source) = file(r.filename());
            let d = Diagnostic::error(display, format!("{kind}: {}", r.message()));
            if source.is_empty() {
                d
            } else {
                d.at(&source, r.span().start_line, r.span().start_col + 1)
            }
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let (display, source) = file(current);
            let d = Diagnostic::error(
                display,
                format!("template error: extends `{parent}`, which does not exist"),
            );
            match source.find(parent.as_str()) {
                Some(o) => d.at_offset(&source, o),
                None => d,
            }
        }
        _ => located_message(theme, &err.to_string())
            .unwrap_or_else(|| Diagnostic::error("themes", format!("template error: {err}"))),
    };
    if let Some(c) = content {
        d = d.with_hint(format!("while rendering {}", c.display()));
    }
    d
}

/// Tera reports several template errors at once as one text of `error: MSG\n --> NAME:L:C`
/// blocks; this points the diagnostic at the first one and keeps the rest as the hint.
fn located_message(theme: &Theme, text: &str) -> Option<Diagnostic> {
    let message = text
        .lines()
        .next()?
        .trim_start_matches("error: ")
        .to_string();
    let arrow = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = arrow.rsplitn(3, ':');
    let col: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?;
    let file = theme.templates.get(name)?;
    let source = String::from_utf8_lossy(&file.bytes().ok()?).into_owned();
    let others = text.matches("\nerror: ").count();
    let d = Diagnostic::error(&file.display, format!("template error: {message}"))
        .at(&source, line, col);
    Some(if others > 0 {
        d.with_hint(format!(
            "{others} more template error(s) follow it:\n{text}"
        ))
    } else {
        d
    })
}

/// `{{ page.date | date(format="%B %-d, %Y") }}`: formats a `YYYY-MM-DD` (or RFC 3339) string.
fn date_filter(val: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or("%B %-d, %Y");
    let date = crate::content::DateValue::parse(val)
        .ok_or_else(|| tera::Error::message(format!("`{val}` is not a date")))?;
    let mut out = String::new();
    use std::fmt::Write as _;
    write!(out, "{}", date.0.strftime(format))
        .map_err(|_| tera::Error::message(format!("invalid date format `{format}`")))?;
    Ok(out)
}

/// `{{ data | json }}`: JSON that is safe inside `<script>` (no `<`, `>`, `&` characters).
fn json_filter(val: Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    let json =
        serde_json::to_string(&val).map_err(|e| tera::Error::message(format!("json: {e}")))?;
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Ok(Value::safe_string(&json))
}

/// `{{ page.params.cause | markdown }}`: Markdown from front matter to HTML (raw HTML escaped).
fn markdown_filter(val: &str, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&crate::markdown::render_data(val))
}

/// `{{ page.role.salary | salary_chart }}`: the build-time SVG range chart of a salary.
fn salary_chart_filter(val: Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let id = kwargs.get::<&str>("id")?.unwrap_or("salary-chart");
    let mut json = serde_json::to_value(&val)
        .map_err(|e| tera::Error::message(format!("salary_chart: {e}")))?;
    if let Some(map) = json.as_object_mut() {
        map.remove("period_label"); // added by the role view, not part of the data
    }
    let salary: crate::content::types::Salary = serde_json::from_value(json)
        .map_err(|e| tera::Error::message(format!("salary_chart needs a salary object: {e}")))?;
    Ok(Value::safe_string(&svg::salary_range(&salary, id)))
}

/// `{{ 82000 | money(currency="USD") }}` → `$82,000`.
fn money_filter(val: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let currency = kwargs.get::<&str>("currency")?.unwrap_or("USD");
    Ok(format_money(val, currency))
}

pub fn format_money(val: f64, currency: &str) -> String {
    let symbol = match currency {
        "USD" | "CAD" | "AUD" | "NZD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        _ => "",
    };
    let negative = val < 0.0;
    let whole = val.abs().round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if symbol.is_empty() {
        format!("{sign}{grouped} {currency}")
    } else {
        format!("{sign}{symbol}{grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(format_money(82000.0, "USD"), "$82,000");
        assert_eq!(format_money(140000.4, "EUR"), "€140,000");
        assert_eq!(format_money(950.0, "CHF"), "950 CHF");
        assert_eq!(format_money(1234567.0, "GBP"), "£1,234,567");
    }

    #[test]
    fn filters_work_in_templates() {
        let mut tera = Tera::new();
        tera.register_filter("date", date_filter);
        tera.register_filter("json", json_filter);
        tera.register_filter("money", money_filter);
        tera.add_raw_template(
            "t.html",
            "{{ d | date(format=\"%b %-d, %Y\") }}|{{ x | json }}|{{ n | money }}",
        )
        .unwrap();
        let mut ctx = Context::new();
        ctx.insert("d", "2024-05-02");
        ctx.insert("x", &serde_json::json!({"a": "</script><b>"}));
        ctx.insert("n", &50000);
        let out = tera.render("t.html", &ctx).unwrap();
        assert_eq!(
            out,
            "May 2, 2024|{\"a\":\"\\u003c/script\\u003e\\u003cb\\u003e\"}|$50,000"
        );
    }
}

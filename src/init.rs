//! `waymark init DIR`: a new site that builds and serves as it is.

use std::path::Path;

use crate::error::{Diagnostic, io_error};

const FILES: &[(&str, &str)] = &[
    (
        "waymark.toml",
        concat!(
            r#"title = "My Help Center"
description = "Answers, guides and playbooks."
base_url = "https://example.com"
language = "en"
taxonomies = ["categories", "tags"]

[extra]
tagline = "Find answers fast."

"#,
            include_str!("starter-synonyms.toml")
        ),
    ),
    (
        "content/_index.md",
        r#"---
title: My Help Center
description: Answers, guides and playbooks.
---
Welcome! Start with the [help articles](help/_index.md).
"#,
    ),
    (
        "content/help/_index.md",
        r#"---
title: Help articles
description: Step-by-step answers to common questions.
page_type: article
sort_by: weight
---
"#,
    ),
    (
        "content/help/getting-started.md",
        r#"---
title: Getting started
description: Your first ten minutes.
date: 2025-01-06
product_area: Basics
symptoms:
  - You have just signed up and do not know where to begin
cause: Everyone starts somewhere.
tags: [basics]
categories: [Getting started]
weight: 1
---
Copy this file to write a new article; the front matter above is all it needs.

## Resolution

1. Open the dashboard.
2. Invite a teammate.
3. Read the next article.
"#,
    ),
    ("static/.keep", ""),
    (".gitignore", "/public\n/.public.waymark-prev\n/.waymark\n"),
];

/// Writes the starter site into `dir`, which must be empty or not exist.
pub fn init(dir: &Path) -> Result<(), Diagnostic> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, &e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::error(dir, "the folder is not empty")
                .with_hint("choose a new folder; `waymark init` never overwrites files"));
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        std::fs::write(&path, text).map_err(|e| io_error(&path, &e))?;
    }
    Ok(())
}

//! Hugo shortcodes, which waymark does not run: found so the build can warn about them.

/// Finds Hugo-style shortcodes (`{{< name ... >}}`, `{{% name %}}`) that waymark leaves as text.
pub fn shortcode_names(body: &str) -> Vec<String> {
    let mut names = Vec::new();
    for opener in ["{{<", "{{%"] {
        for (i, _) in body.match_indices(opener) {
            let rest = body[i + 3..]
                .trim_start()
                .trim_start_matches('/')
                .trim_start();
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

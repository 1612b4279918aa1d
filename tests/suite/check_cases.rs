//! One fixture per mistake `waymark check` must catch, each in `tests/fixtures/check/*.txt`,
//! with what check prints snapshotted (`snapshots/suite__check_cases__*.snap`): a change to
//! what is caught, where, or how it is worded shows up in review.
//!
//! A case file is a comment, an optional `args:` line, then files, each after a
//! `-- path --` line (the txtar layout). `waymark.toml` defaults to a plain one.

use std::path::Path;
use std::process::Command;

use crate::common::SiteTest;

struct Case {
    args: Vec<String>,
    files: Vec<(String, String)>,
}

fn parse(text: &str) -> Case {
    let mut args = vec!["check".to_string()];
    let mut files: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if let Some(path) = bare.strip_prefix("-- ").and_then(|l| l.strip_suffix(" --")) {
            files.push((path.to_string(), String::new()));
        } else if let Some((_, body)) = files.last_mut() {
            body.push_str(line);
        } else if let Some(a) = bare.strip_prefix("args:") {
            args = a.split_whitespace().map(str::to_string).collect();
        }
    }
    Case { args, files }
}

fn run(case: &Case) -> String {
    let site = SiteTest::with_files(&[]);
    for (path, body) in &case.files {
        site.write(path, body);
    }
    let o = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(&case.args)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn every_check_case_matches_its_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 15,
        "the cases are missing: {}",
        dir.display()
    );
    for path in names {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let case = parse(&std::fs::read_to_string(&path).unwrap());
        let output = run(&case);
        // A case that passes the check would assert nothing about catching its mistake.
        assert!(
            name.starts_with("ok-")
                || !output.starts_with("exit: 0\n")
                || output.contains("warning"),
            "{name} found nothing:\n{output}"
        );
        insta::assert_snapshot!(name, output);
    }
}

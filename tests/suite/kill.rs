//! SIGKILL at many moments during `waymark build` (reading, rendering, indexing, swapping the
//! output in): what is left is always one complete build, the previous output or the new
//! one, byte for byte, and the next build cleans up after the killed one.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::SiteTest;

/// How many builds are killed, at moments spread evenly from the start to half again a
/// build's duration (so some land after the swap).
const KILLS: u32 = 40;

fn build(site: &SiteTest) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["build", "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// The output of a build of the site as it is now, made in a copy of it.
fn fresh_output(site: &SiteTest) -> Vec<(String, Vec<u8>)> {
    let copy = SiteTest::empty();
    copy_dir(&site.root().join("content"), &copy.root().join("content"));
    std::fs::copy(
        site.root().join("waymark.toml"),
        copy.root().join("waymark.toml"),
    )
    .unwrap();
    copy.build_ok();
    copy.snapshot_tree()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[test]
fn a_killed_build_leaves_one_complete_output() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = SiteTest::empty();
    copy_dir(&repo.join("content"), &site.root().join("content"));
    std::fs::copy(repo.join("waymark.toml"), site.root().join("waymark.toml")).unwrap();
    let page = site
        .root()
        .join("content/help/password-reset-email-never-arrives.md");
    let original = std::fs::read_to_string(&page).unwrap();

    let started = Instant::now();
    assert!(build(&site).wait().unwrap().success());
    let span = started.elapsed().max(Duration::from_millis(50));
    let mut current = site.snapshot_tree();
    let (mut kept, mut replaced) = (0, 0);
    for k in 0..KILLS {
        // Every build has something new to write.
        std::fs::write(&page, format!("{original}\nEdit number {k}.\n")).unwrap();
        let at = span * 3 * (k + 1) / (2 * KILLS);
        let mut child = build(&site);
        std::thread::sleep(at);
        let _ = child.kill();
        child.wait().unwrap();
        let after = site.snapshot_tree();
        if after == current {
            kept += 1;
        } else {
            assert!(
                after == fresh_output(&site),
                "kill {k} at {at:?} left an output that is neither the previous build nor the new one"
            );
            replaced += 1;
            current = after;
        }
    }
    eprintln!(
        "{KILLS} kills over {span:?}: {kept} left the previous output, {replaced} the new one"
    );

    // The next build completes, and nothing of the killed ones is left beside the output.
    assert!(build(&site).wait().unwrap().success());
    assert_eq!(site.snapshot_tree(), fresh_output(&site));
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("waymark-tmp") || n.contains("waymark-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

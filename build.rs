//! Embeds the default theme (`themes/default/`) into the binary, so a site with only
//! `waymark.toml` and `content/` builds without a theme folder of its own; and builds the
//! browser search runtime (`search-wasm/`, for wasm32-unknown-unknown) and embeds it too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// The same content hash the site uses for its other file names.
#[path = "src/hash.rs"]
#[allow(dead_code)]
mod hash;
use hash::fnv;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let theme = root.join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/hash.rs");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Every file of the default theme: (path inside the theme, bytes).\npub static EMBEDDED_THEME: &[(&str, &[u8])] = &[\n",
    );
    for rel in &files {
        let abs = theme.join(rel);
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out_dir.join("embedded_theme.rs"), out).unwrap();
    search_runtime(&root, &out_dir);
}

/// Builds `search-wasm` for the browser with a nested cargo (its own target folder, so the
/// outer build's lock is not contended) and writes `search_runtime.rs` embedding the wasm
/// and the worker script with their content hashes.
///
/// `WAYMARK_SEARCH_WASM=/path/file.wasm` uses a prebuilt module instead.
fn search_runtime(root: &Path, out_dir: &Path) {
    for path in [
        "search-wasm/src",
        "search-wasm/Cargo.toml",
        "search-wasm/worker.js",
        "crates/search-core/src",
        "crates/search-core/Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo:rerun-if-env-changed=WAYMARK_SEARCH_WASM");
    let wasm = match std::env::var_os("WAYMARK_SEARCH_WASM") {
        Some(path) => PathBuf::from(path),
        None => build_wasm(root),
    };
    let wasm_bytes = std::fs::read(&wasm)
        .unwrap_or_else(|e| panic!("cannot read the search runtime {}: {e}", wasm.display()));
    let worker = std::fs::read(root.join("search-wasm/worker.js")).expect("search-wasm/worker.js");
    let dest = out_dir.join("search.wasm");
    std::fs::write(&dest, &wasm_bytes).unwrap();
    let code = format!(
        "/// The search runtime, built from `search-wasm/`.\n\
         pub static WASM: &[u8] = include_bytes!({wasm:?});\n\
         pub const WASM_NAME: &str = \"waymark-search.{wh:016x}.wasm\";\n\
         /// Its worker script.\n\
         pub static WORKER_JS: &[u8] = include_bytes!({worker:?});\n\
         pub const WORKER_NAME: &str = \"worker.{jh:016x}.js\";\n",
        wasm = dest.display().to_string(),
        wh = fnv(&wasm_bytes),
        worker = root.join("search-wasm/worker.js").display().to_string(),
        jh = fnv(&worker),
    );
    std::fs::write(out_dir.join("search_runtime.rs"), code).unwrap();
}

fn build_wasm(root: &Path) -> PathBuf {
    use std::process::Command;
    const TARGET: &str = "wasm32-unknown-unknown";
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let installed = sysroot
        .as_ref()
        .is_some_and(|s| Path::new(s).join("lib/rustlib").join(TARGET).exists());
    if !installed {
        // A build script must not change the toolchain: rust-toolchain.toml lists the target
        // (rustup installs it with the toolchain) and scripts/test adds it for an older one.
        panic!(
            "the search runtime needs the {TARGET} target: run `rustup target add {TARGET}` \
             (or set WAYMARK_SEARCH_WASM to a prebuilt search_wasm.wasm)"
        );
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("search-wasm");
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args(["build", "-p", "search-wasm", "--lib", "--target", TARGET])
        .args(["--profile", "wasm", "--locked", "--target-dir"])
        .arg(&target_dir);
    // What the outer cargo (or clippy) set for its own compilation must not leak into this one.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTDOCFLAGS",
        "CARGO_ENCODED_RUSTDOCFLAGS",
        "CARGO_LLVM_COV",
        "LLVM_PROFILE_FILE",
    ] {
        cmd.env_remove(var);
    }
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PROFILE_") || key.starts_with("CARGO_CFG_") {
            cmd.env_remove(key.as_ref());
        }
    }
    let status = cmd
        .status()
        .expect("cannot run cargo for the search runtime");
    if !status.success() {
        panic!("building the search runtime (search-wasm for {TARGET}) failed");
    }
    target_dir.join(TARGET).join("wasm/search_wasm.wasm")
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else {
            let rel = path.strip_prefix(base).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(rel.join("/"));
        }
    }
}

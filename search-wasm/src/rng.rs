//! getrandom's custom backend for wasm32-unknown-unknown (enabled by `.cargo/config.toml`).
//! tantivy's dependencies link getrandom for index *writing* (segment ids); the read path never
//! calls it. Should it ever be called, it gets a fixed xorshift sequence, not secrets.

use std::sync::atomic::{AtomicU64, Ordering};

static STATE: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);

/// # Safety
/// `dest` must be valid for writes of `len` bytes (getrandom's contract).
#[unsafe(no_mangle)]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    for i in 0..len {
        let mut x = STATE.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        STATE.store(x, Ordering::Relaxed);
        // SAFETY: i < len, and the caller guarantees `dest` is valid for `len` bytes.
        unsafe { dest.add(i).write(x as u8) };
    }
    Ok(())
}

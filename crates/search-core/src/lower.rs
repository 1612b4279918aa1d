//! The lower case of a character, exactly as `char::to_lowercase` gives it, from a table of
//! runs that `build.rs` writes from `char::to_lowercase` itself.
//!
//! Why not std's own: its table of 1,462 character pairs is 11.7 KB of the browser runtime,
//! the largest single piece of its data. The same mappings as 184 runs (characters whose lower
//! case is the same distance away, every one or every other code point) take 2.2 KB. Measured
//! on the runtime: 241.0 -> 231.7 KB raw, 96.6 -> 89.7 KB gzip, 77.7 -> 75.3 KB brotli. A test
//! compares the two for every character.

#[derive(Clone, Copy)]
struct Run {
    start: u32,
    len: u16,
    /// 1, or 2 where upper and lower case alternate (`Ā ā Ă ă`).
    step: u8,
    delta: i32,
}

include!(concat!(env!("OUT_DIR"), "/lower_runs.rs"));

/// Calls `each` with the lower case of `c`: one character, but for a few (`İ` is `i̇`).
pub fn lower_each(c: char, mut each: impl FnMut(char)) {
    if c.is_ascii() {
        return each(c.to_ascii_lowercase());
    }
    match WIDE.iter().find(|(wide, _)| *wide == c) {
        Some((_, lower)) => lower.chars().for_each(each),
        None => each(lower_one(c)),
    }
}

/// The lower case of a character that lower-cases to one character.
fn lower_one(c: char) -> char {
    let code = c as u32;
    let Some(run) = RUNS[..RUNS.partition_point(|r| r.start <= code)].last() else {
        return c;
    };
    let offset = code - run.start;
    let step = u32::from(run.step);
    if offset < u32::from(run.len) * step && offset.is_multiple_of(step) {
        char::from_u32(code.wrapping_add_signed(run.delta)).unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_lower_cases_as_std_does() {
        let mut wrong = Vec::new();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let mut ours = String::new();
            lower_each(c, |l| ours.push(l));
            if ours != c.to_lowercase().collect::<String>() {
                wrong.push(c);
            }
        }
        assert!(
            wrong.is_empty(),
            "{} characters differ: {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(20)]
        );
        assert!(RUNS.len() < 250, "{} runs", RUNS.len());
    }
}

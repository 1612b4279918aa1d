//! The functions `worker.js` calls. Statuses: 0 = done (output ready: an answer in the layout
//! of [`crate::wire`], or after opening the u32 number of documents), 1 = needs bytes (read
//! `wm_wanted`, fetch, `wm_supply`, then `wm_run`), -1 = failed (output holds the message).

use std::cell::RefCell;
use std::sync::Arc;

use search_core::{Entry, Lean, OwnedBytes, Request, SearchError, decode_hot};

use crate::cache::Cache;
use crate::wire;

struct State {
    cache: Arc<Cache>,
    entry: Arc<Entry>,
    engine: Option<Lean>,
    request: Option<Request>,
    /// The current request as the worker sent it, and the last answers by request.
    asked: Vec<u8>,
    answers: Vec<(Vec<u8>, Vec<u8>)>,
    out: Vec<u8>,
    wanted: Vec<u32>,
}

/// Answers kept for requests asked again (a visitor going back, retyping, paging filters).
const ANSWERS: usize = 64;

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Takes a buffer the worker filled after `wm_alloc`.
///
/// # Safety
/// `ptr`/`len` must come from `wm_alloc(len)` and not be used afterwards.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    if len == 0 {
        return Vec::new();
    }
    // SAFETY: allocated by `wm_alloc` with this capacity and filled by the caller.
    unsafe { Vec::from_raw_parts(ptr, len, len) }
}

#[unsafe(no_mangle)]
pub extern "C" fn wm_alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len.max(1));
    let ptr = v.as_mut_ptr();
    std::mem::forget(v);
    ptr
}

/// # Safety
/// `ptr`/`len` must come from `wm_alloc(len)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wm_free(ptr: *mut u8, len: usize) {
    // SAFETY: see the function's contract.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
}

fn fail(state: &mut State, message: String) -> i32 {
    state.out = message.into_bytes();
    -1
}

/// Maps a failure to "needs bytes" when the cache recorded missing pages.
fn outcome(state: &mut State, error: SearchError) -> i32 {
    let wanted = state.cache.take_wanted();
    if wanted.is_empty() {
        return fail(state, error.0);
    }
    state.wanted = Vec::with_capacity(3 * wanted.len());
    for (f, r) in wanted {
        state
            .wanted
            .extend_from_slice(&[f as u32, r.start as u32, r.end as u32]);
    }
    1
}

fn run(state: &mut State) -> i32 {
    state.wanted.clear();
    if state.engine.is_none() {
        match Lean::open(state.entry.clone(), state.cache.clone()) {
            Ok(engine) => state.engine = Some(engine),
            Err(e) => return outcome(state, e),
        }
    }
    let Some(request) = &state.request else {
        let docs = state.engine.as_ref().map_or(0, |e| e.num_docs());
        state.out = (docs as u32).to_le_bytes().to_vec();
        return 0;
    };
    let result = state.engine.as_ref().map(|e| e.search(request));
    match result {
        Some(Ok(response)) => {
            state.out = wire::response(&response);
            if state.answers.len() >= ANSWERS {
                state.answers.remove(0);
            }
            state.answers.push((state.asked.clone(), state.out.clone()));
            0
        }
        Some(Err(e)) => outcome(state, e),
        None => fail(state, "search is not open".into()),
    }
}

fn with_state(f: impl FnOnce(&mut State) -> i32) -> i32 {
    STATE.with(|s| match s.borrow_mut().as_mut() {
        Some(state) => f(state),
        None => -2,
    })
}

/// Opens the index from the worker's description of `entry.json` ([`wire::entry`]) and the
/// hot bundle.
///
/// # Safety
/// Both buffers must come from `wm_alloc` with these lengths; they are consumed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wm_init(
    entry_ptr: *mut u8,
    entry_len: usize,
    hot_ptr: *mut u8,
    hot_len: usize,
) -> i32 {
    // SAFETY: see the function's contract.
    let (entry, hot) = unsafe { (take(entry_ptr, entry_len), take(hot_ptr, hot_len)) };
    let entry: Entry = match wire::entry(&entry) {
        Ok(e) => e,
        Err(e) => return init_failed(format!("search/entry.json is not valid: {e}")),
    };
    let Some(hot) = decode_hot(&OwnedBytes::new(hot)) else {
        return init_failed("the search hot bundle is damaged".into());
    };
    let lens = entry.files.iter().map(|f| f.len as usize).collect();
    let mut state = State::new(entry, Cache::new(lens, hot));
    let status = run(&mut state);
    install(state);
    status
}

impl State {
    /// Nothing opened or asked yet.
    fn new(entry: Entry, cache: Cache) -> State {
        State {
            cache: Arc::new(cache),
            entry: Arc::new(entry),
            engine: None,
            request: None,
            asked: Vec::new(),
            answers: Vec::new(),
            out: Vec::new(),
            wanted: Vec::new(),
        }
    }
}

/// Makes `state` the one every later call uses.
fn install(state: State) {
    STATE.with(|s| *s.borrow_mut() = Some(state));
}

fn init_failed(message: String) -> i32 {
    // A state that answers every later call with the same error.
    let mut state = State::new(Entry::default(), Cache::new(Vec::new(), Vec::new()));
    let status = fail(&mut state, message);
    install(state);
    status
}

/// Starts a query ([`wire::request`]).
///
/// # Safety
/// The buffer must come from `wm_alloc` with this length; it is consumed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wm_query(ptr: *mut u8, len: usize) -> i32 {
    // SAFETY: see the function's contract.
    let bytes = unsafe { take(ptr, len) };
    with_state(|state| match wire::request(&bytes) {
        Ok(request) => {
            if let Some((_, answer)) = state.answers.iter().find(|(asked, _)| *asked == bytes) {
                state.out = answer.clone();
                return 0;
            }
            state.request = Some(request);
            state.asked = bytes;
            run(state)
        }
        Err(e) => fail(state, format!("bad request: {e}")),
    })
}

/// Runs the current query (or the opening) again after `wm_supply`.
#[unsafe(no_mangle)]
pub extern "C" fn wm_run() -> i32 {
    with_state(run)
}

/// Hands over fetched bytes of file `file` starting at `start`.
///
/// # Safety
/// The buffer must come from `wm_alloc` with this length; it is consumed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wm_supply(file: u32, start: u32, ptr: *mut u8, len: usize) {
    // SAFETY: see the function's contract.
    let bytes = unsafe { take(ptr, len) };
    with_state(|state| {
        state.cache.supply(file as usize, start as usize, &bytes);
        0
    });
}

/// Where the worker reads the wanted ranges and the output: null and empty before `wm_init`.
/// One look at the state for the four getters below.
struct Buffers {
    wanted: (*const u32, usize),
    out: (*const u8, usize),
}

fn buffers() -> Buffers {
    STATE.with(|s| match s.borrow().as_ref() {
        Some(st) => Buffers {
            wanted: (st.wanted.as_ptr(), st.wanted.len()),
            out: (st.out.as_ptr(), st.out.len()),
        },
        None => Buffers {
            wanted: (std::ptr::null(), 0),
            out: (std::ptr::null(), 0),
        },
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wm_wanted_ptr() -> *const u32 {
    buffers().wanted.0
}

#[unsafe(no_mangle)]
pub extern "C" fn wm_wanted_len() -> usize {
    buffers().wanted.1
}

#[unsafe(no_mangle)]
pub extern "C" fn wm_out_ptr() -> *const u8 {
    buffers().out.0
}

#[unsafe(no_mangle)]
pub extern "C" fn wm_out_len() -> usize {
    buffers().out.1
}

/// Talc instead of std's dlmalloc: measured on this runtime, 7.1 KB less code (2.6 KB gzip,
/// 2.0 KB brotli), and faster per its benchmarks. It grows the wasm memory as dlmalloc does.
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

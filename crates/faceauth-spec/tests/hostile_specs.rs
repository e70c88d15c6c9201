//! Specs are untrusted input: generated hostile specs (a `$ref` cycle anywhere but between
//! schemas, aliases that would expand a billion times, nesting far past the bound in every YAML
//! style, a file past the size bound), each behind a valid OpenAPI head, are refused by
//! `faceauth_spec::load` with the right reason in one line naming the file, while the memory
//! the loader takes stays under a bound.
//!
//! Memory is counted, not sampled: this test binary's allocator adds up what is allocated, and
//! the peak during each load is compared with a bound (a counter, not a clock, so a loaded
//! machine cannot make it flaky). The one clock in here is a hang guard far above any honest
//! run (the 100,000-deep reproduction took 63 s of CPU before the bound; it now takes
//! milliseconds).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use faceauth_spec::load::{load, LoadError, MAX_SPEC_BYTES};
use proptest::prelude::*;

/// Counts the bytes live and the most live since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most a refusal may allocate beyond what was live before it: a few times the largest spec
/// the loader reads (the reproductions took 594 MiB and more than 2.8 GB).
const MEMORY_BOUND: usize = 4 * MAX_SPEC_BYTES;

/// A hang guard, not a measure of speed.
const TIME_BOUND: Duration = Duration::from_secs(20);

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: acme, version: '1'}\n";

/// What a hostile spec must be refused for.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Cycle,
    Alias,
    Deep,
    Large,
}

/// A `$ref` cycle of `length` links at one of the places a spec holds references, outside the
/// schemas (where a recursive type is allowed).
fn cycle(place: usize, length: usize) -> String {
    let chain = |kind: &str| -> String {
        (0..length)
            .map(|i| {
                format!(
                    "    C{i}: {{$ref: '#/components/{kind}/C{}'}}\n",
                    (i + 1) % length
                )
            })
            .collect()
    };
    match place % 4 {
        0 => format!("{HEAD}paths:\n  /x:\n    post:\n      requestBody: {{$ref: '#/components/requestBodies/C0'}}\n      responses: {{}}\ncomponents:\n  requestBodies:\n{}", chain("requestBodies")),
        1 => format!("{HEAD}paths:\n  /x:\n    get:\n      responses:\n        '200': {{$ref: '#/components/responses/C0'}}\ncomponents:\n  responses:\n{}", chain("responses")),
        2 => format!("{HEAD}paths:\n  /x:\n    get:\n      parameters:\n        - {{$ref: '#/components/parameters/C0'}}\n      responses: {{}}\ncomponents:\n  parameters:\n{}", chain("parameters")),
        // A reference to a node that holds it.
        _ => format!("{HEAD}paths:\n  /x:\n    post:\n      requestBody: {{$ref: '#/paths'}}\n      responses: {{}}\n"),
    }
}

/// Aliases nested `depth` levels, each `width` wide: `width^depth` nodes expanded.
fn laughs(width: usize, depth: usize) -> String {
    let mut text = format!("{HEAD}paths: {{}}\nl0: &l0 lol\n");
    for level in 1..=depth {
        let refs = vec![format!("*l{}", level - 1); width].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
    }
    text
}

/// Collections nested `depth` deep, in a flow or a block style.
fn deep(style: usize, depth: usize) -> String {
    match style % 3 {
        0 => format!(
            "{HEAD}paths: {{}}\nx: {}1{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        1 => format!(
            "{HEAD}paths: {{}}\nx: {}1{}\n",
            "{a: ".repeat(depth),
            "}".repeat(depth)
        ),
        _ => {
            let mut text = format!("{HEAD}paths: {{}}\nx:\n");
            // Indentation grows with the depth: 2,000 levels stay under the size bound.
            for level in 0..depth.min(2_000) {
                text.push_str(&" ".repeat(level + 1));
                text.push_str("- \n");
            }
            text
        }
    }
}

/// A description `extra` bytes past the size bound.
fn large(extra: usize) -> String {
    format!(
        "{HEAD}paths: {{}}\ndescription: '{}'\n",
        "a".repeat(MAX_SPEC_BYTES + extra)
    )
}

fn hostile() -> impl Strategy<Value = (String, Expect)> {
    prop_oneof![
        (0..4usize, 1..6usize).prop_map(|(p, n)| (cycle(p, n), Expect::Cycle)),
        (2..12usize, 2..14usize).prop_map(|(w, d)| (laughs(w, d), Expect::Alias)),
        (0..3usize, 65..200_000usize).prop_map(|(s, d)| (deep(s, d), Expect::Deep)),
        (1usize..(2usize << 20)).prop_map(|extra| (large(extra), Expect::Large)),
    ]
}

fn refused_for(error: &LoadError, expect: Expect) -> bool {
    matches!(
        (error, expect),
        (LoadError::Reference { .. }, Expect::Cycle)
            | (LoadError::Alias { .. }, Expect::Alias)
            | (LoadError::TooDeep { .. }, Expect::Deep)
            | (LoadError::TooLarge { .. }, Expect::Large)
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_specs_are_refused_in_bounded_memory((text, expect) in hostile()) {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        let loaded = load("acme.yaml", &text);
        let took = started.elapsed();
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let error = match loaded {
            Ok(_) => panic!("{expect:?} accepted"),
            Err(error) => error,
        };
        prop_assert!(refused_for(&error, expect), "{expect:?} refused as {error}");
        let line = error.to_string();
        prop_assert!(line.starts_with("acme.yaml: "), "{line}");
        prop_assert!(!line.contains('\n'), "{line}");
        prop_assert!(peak < MEMORY_BOUND, "{expect:?}: {peak} bytes taken");
        prop_assert!(took < TIME_BOUND, "{expect:?}: {took:?}");
    }
}

//! What a generated client costs per call, against the same call written by hand with reqwest and
//! serde, both against one in-process HTTP server answering Verisoul's documented enroll example.
//! Also a client's size and the peak heap of 10,000 calls.
//!
//! `cargo bench --bench client_overhead` (add `-- --quick` for a short run). Prints ratios
//! measured in one run, the two clients alternating so that machine noise hits both alike.
//! Nothing here is asserted: it is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use faceauth_clients::verisoul::{self, types::EnrollRequest};
use faceauth_clients::BaseUrl;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// ---- a counting allocator, for the memory figures ---------------------------------------------

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

// ---- the in-process server ---------------------------------------------------------------------

const BODY: &str = r#"{"request_id":"8757569c-61e6-454b-afc9-59232e861496","success":true}"#;

/// A minimal HTTP/1.1 keep-alive server that answers every request with Verisoul's documented
/// enroll success, on its own thread, so that both clients meet the same server cost.
fn start_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
                BODY.len()
            );
            let response: &'static [u8] = Box::leak(response.into_bytes().into_boxed_slice());
            loop {
                let (mut stream, _) = listener.accept().await.unwrap();
                stream.set_nodelay(true).unwrap();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 16 * 1024];
                    let mut filled = 0;
                    loop {
                        // Read one request: head, then content-length bytes of body.
                        let Some(end) = find(&buf[..filled], b"\r\n\r\n") else {
                            match stream.read(&mut buf[filled..]).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => filled += n,
                            }
                            continue;
                        };
                        let head = std::str::from_utf8(&buf[..end]).unwrap_or("");
                        let length = head
                            .lines()
                            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                            .unwrap_or(0);
                        let total = end + 4 + length;
                        while filled < total {
                            match stream.read(&mut buf[filled..]).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => filled += n,
                            }
                        }
                        if stream.write_all(response).await.is_err() {
                            return;
                        }
                        buf.copy_within(total..filled, 0);
                        filled -= total;
                    }
                });
            }
        });
    });
    format!("http://{address}")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---- the two clients ---------------------------------------------------------------------------

#[derive(Serialize)]
struct HandRequest<'a> {
    session_id: &'a str,
    account_id: &'a str,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandResponse {
    request_id: String,
    success: bool,
}

#[derive(Clone)]
enum Subject {
    Generated(Arc<verisoul::Client>, Arc<EnrollRequest>),
    HandWritten(reqwest::Client, Arc<String>),
}

impl Subject {
    fn name(&self) -> &'static str {
        match self {
            Self::Generated(..) => "generated",
            Self::HandWritten(..) => "hand-written",
        }
    }

    async fn call(&self) {
        match self {
            Self::Generated(client, body) => {
                let response = client
                    .enroll_face_match(body)
                    .await
                    .expect("documented success");
                assert!(response.success);
            }
            Self::HandWritten(client, url) => {
                let response: HandResponse = client
                    .post(url.as_str())
                    .header("x-api-key", "bench-key")
                    .json(&HandRequest {
                        session_id: "0007b793-ae5d-45a2-8d9f-4a5b573c3271",
                        account_id: "example-account-id",
                    })
                    .send()
                    .await
                    .expect("sent")
                    .json()
                    .await
                    .expect("decoded");
                assert!(response.success);
            }
        }
    }
}

/// CPU time of this thread (the client's, on a current-thread runtime), from /proc.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: u64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0)
        + fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

struct Throughput {
    calls_per_second: f64,
    cpu_per_call: Duration,
}

async fn sequential(subject: &Subject, calls: usize, latencies: &mut Vec<Duration>) {
    for _ in 0..calls {
        let started = Instant::now();
        subject.call().await;
        latencies.push(started.elapsed());
    }
}

async fn concurrent(subject: &Subject, in_flight: usize, calls: usize) -> Throughput {
    let cpu = thread_cpu();
    let started = Instant::now();
    let per_task = calls / in_flight;
    let tasks: Vec<_> = (0..in_flight)
        .map(|_| {
            let subject = subject.clone();
            tokio::task::spawn_local(async move {
                for _ in 0..per_task {
                    subject.call().await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();
    let done = (per_task * in_flight) as f64;
    Throughput {
        calls_per_second: done / elapsed.as_secs_f64(),
        cpu_per_call: (thread_cpu() - cpu).div_f64(done),
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let scale = if quick { 1 } else { 5 };
    let base = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        let generated = Subject::Generated(
            Arc::new(verisoul::Client::with_api_key(BaseUrl::parse(&base).unwrap(), "bench-key").unwrap()),
            Arc::new(EnrollRequest::new(
                "0007b793-ae5d-45a2-8d9f-4a5b573c3271"
                    .parse::<uuid::Uuid>()
                    .unwrap(),
                "example-account-id",
            )),
        );
        // The same client with retries off: what the retry bookkeeping (a clone of each request)
        // costs.
        let no_retry = Subject::Generated(
            Arc::new(
                verisoul::Client::with_api_key(BaseUrl::parse(&base).unwrap(), "bench-key")
                    .and_then(|c| {
                        c.with_options(faceauth_clients::ClientOptions {
                            retry: faceauth_clients::RetryPolicy::none(),
                            ..Default::default()
                        })
                    })
                    .unwrap(),
            ),
            Arc::new(EnrollRequest::new(
                "0007b793-ae5d-45a2-8d9f-4a5b573c3271"
                    .parse::<uuid::Uuid>()
                    .unwrap(),
                "example-account-id",
            )),
        );
        let hand = Subject::HandWritten(
            reqwest::Client::builder().build().unwrap(),
            Arc::new(format!("{base}/liveness/enroll")),
        );
        // Warm both (connections, allocator).
        for subject in [&generated, &no_retry, &hand] {
            for _ in 0..500 {
                subject.call().await;
            }
        }

        println!("# client overhead: Verisoul enroll, in-process server, {} machine", std::env::consts::ARCH);
        println!();
        println!("## sequential latency (alternating blocks of 200 calls)");
        let mut lat = [Vec::new(), Vec::new()];
        for _ in 0..(10 * scale) {
            sequential(&generated, 200, &mut lat[0]).await;
            sequential(&hand, 200, &mut lat[1]).await;
        }
        for l in &mut lat {
            l.sort();
        }
        println!("| client | calls | median | p99 |");
        println!("| --- | --- | --- | --- |");
        for (subject, l) in [(&generated, &lat[0]), (&hand, &lat[1])] {
            println!("| {} | {} | {:?} | {:?} |", subject.name(), l.len(), percentile(l, 0.5), percentile(l, 0.99));
        }
        println!(
            "ratio generated/hand-written: median {:.3}, p99 {:.3}",
            percentile(&lat[0], 0.5).as_secs_f64() / percentile(&lat[1], 0.5).as_secs_f64(),
            percentile(&lat[0], 0.99).as_secs_f64() / percentile(&lat[1], 0.99).as_secs_f64()
        );

        println!();
        println!("## throughput through one shared client (alternating rounds)");
        let mut no_retry_rows = Vec::new();
        println!("| in flight | generated calls/s | hand-written calls/s | ratio calls/s | generated CPU/call | hand-written CPU/call | ratio CPU/call |");
        println!("| --- | --- | --- | --- | --- | --- | --- |");
        for in_flight in [1usize, 16, 256] {
            let calls = 2048 * scale;
            let (mut g_rate, mut h_rate, mut g_cpu, mut h_cpu) = (0.0, 0.0, 0.0, 0.0);
            let (mut n_rate, mut n_cpu) = (0.0, 0.0);
            let rounds = 3;
            for _ in 0..rounds {
                let g = concurrent(&generated, in_flight, calls).await;
                let n = concurrent(&no_retry, in_flight, calls).await;
                let h = concurrent(&hand, in_flight, calls).await;
                g_rate += g.calls_per_second;
                n_rate += n.calls_per_second;
                h_rate += h.calls_per_second;
                g_cpu += g.cpu_per_call.as_secs_f64();
                n_cpu += n.cpu_per_call.as_secs_f64();
                h_cpu += h.cpu_per_call.as_secs_f64();
            }
            no_retry_rows.push(format!(
                "| {in_flight} | {:.3} | {:.3} |",
                n_rate / h_rate,
                n_cpu / h_cpu
            ));
            let r = rounds as f64;
            println!(
                "| {in_flight} | {:.0} | {:.0} | {:.3} | {:.1} µs | {:.1} µs | {:.3} |",
                g_rate / r,
                h_rate / r,
                g_rate / h_rate,
                g_cpu / r * 1e6,
                h_cpu / r * 1e6,
                g_cpu / h_cpu
            );
        }

        println!();
        println!("generated with retries off, against hand-written:");
        println!("| in flight | ratio calls/s | ratio CPU/call |");
        println!("| --- | --- | --- |");
        for row in no_retry_rows {
            println!("{row}");
        }

        println!();
        println!("## memory");
        let before = CURRENT.load(Ordering::Relaxed);
        let client = verisoul::Client::with_api_key(BaseUrl::parse(&base).unwrap(), "bench-key").unwrap();
        let client_heap = CURRENT.load(Ordering::Relaxed).saturating_sub(before);
        println!(
            "a client: {} bytes inline (size_of), {} bytes of heap at construction (its reqwest::Client and connection pool)",
            std::mem::size_of::<verisoul::Client>(),
            client_heap
        );
        drop(client);
        for subject in [&generated, &hand] {
            let mut peaks = Vec::new();
            for calls in [1_000usize, 10_000] {
                let baseline = CURRENT.load(Ordering::Relaxed);
                PEAK.store(baseline, Ordering::Relaxed);
                let _ = concurrent(subject, 16, calls).await;
                let peak = PEAK.load(Ordering::Relaxed) - baseline;
                let retained = CURRENT.load(Ordering::Relaxed) as isize - baseline as isize;
                peaks.push((calls, peak, retained));
            }
            for (calls, peak, retained) in peaks {
                println!(
                    "{}: {calls} calls at 16 in flight: peak heap above baseline {} KiB, retained after {} bytes",
                    subject.name(),
                    peak / 1024,
                    retained
                );
            }
        }
    });
}

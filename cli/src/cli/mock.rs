//! `faceauth mock`: serves the vendors' APIs from their specs' examples until interrupted.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use faceauth_clients::conformance::mock;
use faceauth_clients::Vendor;

use super::{parse_vendor, usage_error};

/// Serve the vendors' APIs from their specs: documented examples for valid requests, documented
/// errors or a 422 naming each violation for invalid ones.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Each vendor is served under /<vendor>; the base URLs are printed at start.
A request may pick a documented response with `Prefer: code=400` or `Prefer: example=NAME`.

Examples:
  faceauth mock                          all vendors on a free port
  faceauth mock --port 8080 --vendor progeny
  curl -s -H 'x-api-key: k' -H 'content-type: application/json' \\
       -d '{\"session_id\":\"0007b793-ae5d-45a2-8d9f-4a5b573c3271\",\"account_id\":\"a\"}' \\
       http://127.0.0.1:8080/verisoul/liveness/enroll"
)]
pub struct Args {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Serve only this vendor (repeatable); every vendor by default.
    #[arg(long = "vendor", value_name = "NAME", value_parser = parse_vendor)]
    vendors: Vec<Vendor>,
}

pub async fn run(args: Args) -> ExitCode {
    let vendors = if args.vendors.is_empty() {
        Vendor::built().collect()
    } else {
        args.vendors
    };
    let running = match mock::start(SocketAddr::new(args.host, args.port), &vendors).await {
        Ok(running) => running,
        Err(reason) => return usage_error(&reason),
    };
    for &vendor in &vendors {
        println!("{vendor} {}", running.base_url(vendor));
    }
    eprintln!("serving on {}; Ctrl-C stops", running.address());
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

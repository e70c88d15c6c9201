//! Writes a traffic recorder's file of about SIZE bytes for `benches/drift.sh`: the lines the
//! recorder would write for every documented JSON response example of every spec (the same
//! `record_line`, redaction included), in turn, with one response in a thousand carrying an
//! undocumented field, as production traffic that has drifted a little.
//!
//! ```sh
//! cargo run --release -p faceauth-cli --example make_traffic -- traffic.jsonl 1073741824
//! ```

use std::io::{BufWriter, Write};

use faceauth_clients::recorder::record_line;
use faceauth_clients::Vendor;
use faceauth_conformance::Spec;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};

/// One response in this many carries an undocumented field.
const DRIFT_EVERY: usize = 1000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(size)) = (args.next(), args.next()) else {
        return Err("usage: make_traffic FILE SIZE_BYTES".into());
    };
    let size: u64 = size.parse()?;
    let mut lines = Vec::new();
    let mut drifted = Vec::new();
    for vendor in Vendor::ALL {
        let spec = Spec::load(vendor)?;
        for operation in spec.operations() {
            let Some(meta) = operation.meta else { continue };
            for response in &operation.responses {
                if !response.media_type.starts_with("application/json") {
                    continue;
                }
                let mut headers = HeaderMap::new();
                headers.insert(CONTENT_TYPE, HeaderValue::from_str(&response.media_type)?);
                headers.insert("x-request-id", HeaderValue::from_static("bench-0001"));
                let body = serde_json::to_vec(&response.example.value)?;
                let line = record_line(meta, response.status, &headers, &body);
                lines.push(serde_json::to_string(&line)?);
                if let serde_json::Value::Object(mut fields) = response.example.value.clone() {
                    fields.insert("undocumented_note".into(), "added since".into());
                    let body = serde_json::to_vec(&fields)?;
                    let line = record_line(meta, response.status, &headers, &body);
                    drifted.push(serde_json::to_string(&line)?);
                }
            }
        }
    }
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    let (mut written, mut count) = (0u64, 0usize);
    while written < size {
        let line = if count % DRIFT_EVERY == DRIFT_EVERY - 1 {
            &drifted[(count / DRIFT_EVERY) % drifted.len()]
        } else {
            &lines[count % lines.len()]
        };
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        written += line.len() as u64 + 1;
        count += 1;
    }
    out.flush()?;
    eprintln!(
        "{path}: {count} lines, {written} bytes ({} distinct documented responses)",
        lines.len()
    );
    Ok(())
}

//! `faceauth drift --summary-out` per shard, then `--merge`: the same report and the same
//! proposal as one run over the whole file, for any split of it; and a summary holds no
//! recorded secret, image or free text.

mod support;

use std::path::Path;
use std::process::Output;

use faceauth_clients::Vendor;
use proptest::prelude::*;
use serde_json::{json, Value};
use support::{documented_success, documented_traffic, recorded_line, run, stderr};

fn drift(args: &[&str]) -> Output {
    run(&[&["drift"], args].concat(), &[], None)
}

/// Every documented response, with responses that drift in each way a proposal answers spread
/// among them (and canaries in secret-named, image and free-text fields), and a blank line.
fn traffic_lines() -> Vec<String> {
    let documented: Vec<String> = documented_traffic()
        .lines()
        .map(|l| format!("{l}\n"))
        .collect();
    let enrolled = documented_success(Vendor::Verisoul, "enrollFaceMatch");
    let mut scored = enrolled.clone();
    scored["liveness_score"] = json!(0.97);
    scored["operator_note"] = json!("CANARY free text that no proposal or summary may copy");
    scored["api_key"] = json!("CANARYKEY");
    scored["face_image"] = json!("/9j/4AAQSkZJRgABAQCANARYIMAGE");
    let mut lacking = enrolled.clone();
    lacking.as_object_mut().unwrap().remove("request_id");
    let mut whole_score = enrolled.clone();
    whole_score["liveness_score"] = json!(1);
    let mut verified = documented_success(Vendor::Verisoul, "verifyFace");
    verified["decision"] = json!("Uncertain");
    verified["session_data"]["device"]["category"] = Value::Null;
    let drifted = [
        recorded_line("verisoul", "enrollFaceMatch", 200, &scored),
        recorded_line("verisoul", "enrollFaceMatch", 200, &lacking),
        recorded_line("verisoul", "verifyFace", 200, &verified),
        recorded_line(
            "verisoul",
            "enrollFaceMatch",
            503,
            &json!({"message": "down"}),
        ),
        "\n".to_owned(),
        recorded_line("verisoul", "enrollFaceMatch", 200, &whole_score),
    ];
    // Each drifted response received a day after the one before (its `Date` header): the
    // evidence's first and last times must merge as the counts do.
    let drifted: Vec<String> = drifted
        .iter()
        .enumerate()
        .map(|(day, line)| match serde_json::from_str::<Value>(line) {
            Ok(mut recorded) => {
                recorded["headers"]["date"] =
                    json!(format!("Tue, {:02} Dec 2026 10:00:00 GMT", day + 1));
                format!("{recorded}\n")
            }
            Err(_) => line.clone(),
        })
        .collect();
    // Spread: one drifted line after every few documented ones.
    let mut lines = Vec::new();
    let step = documented.len() / drifted.len();
    for (i, documented) in documented.into_iter().enumerate() {
        lines.push(documented);
        if step > 0 && i % step == step - 1 && i / step < drifted.len() {
            lines.push(drifted[i / step].clone());
        }
    }
    lines
}

/// The run's JSON report and its proposals (file name → text, the traffic's name replaced).
fn outcome(dir: &Path, args: &[&str], traffic_name: &str) -> (Value, Vec<(String, String)>) {
    let proposed = dir.join("proposed");
    let mut all = args.to_vec();
    all.extend(["--json", "--propose", proposed.to_str().unwrap()]);
    let output = drift(&all);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut files: Vec<(String, String)> = std::fs::read_dir(&proposed)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                text.replace(traffic_name, "TRAFFIC"),
            )
        })
        .collect();
    files.sort();
    for (name, text) in &files {
        assert!(
            !text.contains("CANARY"),
            "{name} holds a recorded value: {text}"
        );
    }
    assert!(
        !output.stdout.windows(6).any(|w| w == b"CANARY"),
        "the report holds a recorded secret"
    );
    (report, files)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn merged_shard_summaries_report_and_propose_as_the_whole_file(
        cuts in prop::collection::btree_set(1usize..100, 0..4)
    ) {
        let lines = traffic_lines();
        let dir = tempfile::tempdir().unwrap();
        let whole = dir.path().join("traffic.jsonl");
        std::fs::write(&whole, lines.concat()).unwrap();
        let whole_dir = dir.path().join("whole");
        std::fs::create_dir(&whole_dir).unwrap();
        let expected = outcome(&whole_dir, &["--traffic", whole.to_str().unwrap()], "traffic.jsonl");

        // The shards, cut where the strategy says (scaled to the file), each summarised apart.
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c * lines.len() / 100).collect();
        bounds.dedup();
        bounds.insert(0, 0);
        bounds.push(lines.len());
        let mut summaries = Vec::new();
        for (n, pair) in bounds.windows(2).enumerate() {
            let shard = dir.path().join(format!("shard-{n}.jsonl"));
            std::fs::write(&shard, lines[pair[0]..pair[1]].concat()).unwrap();
            let summary = dir.path().join(format!("summary-{n}.json"));
            let output = drift(&["--traffic", shard.to_str().unwrap(),
                "--summary-out", summary.to_str().unwrap()]);
            // 0, 1 or 4 (a shard of only documented or blank lines has nothing to drift, or
            // nothing to check): the summary is written whatever the shard's verdict.
            prop_assert!(matches!(output.status.code(), Some(0 | 1 | 4)), "{}", stderr(&output));
            let text = std::fs::read_to_string(&summary).unwrap();
            prop_assert!(!text.contains("CANARY"), "a summary holds no recorded secret, image or free text");
            summaries.push(summary.to_str().unwrap().to_owned());
        }
        let merged_dir = dir.path().join("merged");
        std::fs::create_dir(&merged_dir).unwrap();
        let mut args = vec!["--merge"];
        args.extend(summaries.iter().map(String::as_str));
        let names: Vec<String> = (0..summaries.len()).map(|n| format!("shard-{n}.jsonl")).collect();
        let merged = outcome(&merged_dir, &args, &names.join(", "));
        prop_assert_eq!(&merged.0, &expected.0);
        prop_assert_eq!(&merged.1, &expected.1);
    }
}

#[test]
fn a_summary_of_another_format_or_operation_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let traffic = dir.path().join("t.jsonl");
    std::fs::write(&traffic, traffic_lines().concat()).unwrap();
    let summary = dir.path().join("s.json");
    let output = drift(&[
        "--traffic",
        traffic.to_str().unwrap(),
        "--summary-out",
        summary.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    for (edit, reason) in [
        (
            text.replacen("faceauth drift summary 1", "faceauth drift summary 9", 1),
            "a summary of format \"faceauth drift summary 9\"",
        ),
        (
            text.replacen("\"enrollFaceMatch\"", "\"enrollTwice\"", 1),
            "names verisoul enrollTwice, an operation this build does not have",
        ),
        (text[..text.len() / 2].to_owned(), "not a drift summary"),
    ] {
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, edit).unwrap();
        let output = drift(&["--merge", bad.to_str().unwrap()]);
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(reason), "{reason}: {stderr}");
    }
    // A summary path that is an input is refused before anything is read.
    let output = drift(&[
        "--traffic",
        traffic.to_str().unwrap(),
        "--summary-out",
        traffic.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
}

//! The scheduled drift job the README shows (`examples/drift-check.yml`) runs what it says: the
//! read-only live check of every vendor against a server its spec documents, with every
//! credential and read input from the CI's secret store, the SARIF uploaded and the Markdown in
//! the job summary.

use faceauth_clients::Vendor;
use faceauth_conformance::Spec;
use serde_yaml::Value;

fn workflow() -> Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/drift-check.yml");
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).expect("valid YAML")
}

#[test]
fn it_runs_nightly_and_on_demand() {
    let workflow = workflow();
    let on = &workflow["on"];
    let cron = on["schedule"][0]["cron"].as_str().expect("a schedule");
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");
    assert!(on.get("workflow_dispatch").is_some());
    assert_eq!(
        workflow["permissions"]["security-events"].as_str(),
        Some("write"),
        "uploading SARIF needs it"
    );
}

#[test]
fn it_checks_every_vendor_read_only_against_a_documented_server() {
    let job = &workflow()["jobs"]["drift"];
    let include = job["strategy"]["matrix"]["include"].as_sequence().unwrap();
    let vendors: Vec<&str> = include
        .iter()
        .map(|e| e["vendor"].as_str().unwrap())
        .collect();
    let all: Vec<&str> = Vendor::ALL.iter().map(|v| v.name()).collect();
    assert_eq!(vendors, all);
    for entry in include {
        let vendor: Vendor = entry["vendor"].as_str().unwrap().parse().unwrap();
        let spec = Spec::load(vendor).unwrap();
        let servers = spec.server_urls();
        let base_url = entry["base_url"].as_str().unwrap();
        assert!(
            servers.iter().any(|s| s == base_url),
            "{vendor}: {base_url} is not in {servers:?}"
        );
    }
    let steps = job["steps"].as_sequence().unwrap();
    let check = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|run| run.contains("faceauth conformance"))
        .expect("a step runs the check");
    for flag in [
        "--vendor",
        "--base-url",
        "--junit",
        "--sarif",
        "--markdown \"$GITHUB_STEP_SUMMARY\"",
    ] {
        assert!(check.contains(flag), "{flag} missing from {check}");
    }
    for write_flag in ["--include-writes", "--operation"] {
        assert!(
            !check.contains(write_flag),
            "the nightly check must stay read-only: {check}"
        );
    }
    let sarif = check
        .split("--sarif ")
        .nth(1)
        .and_then(|rest| rest.split(" --").next())
        .unwrap()
        .trim();
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("the SARIF is uploaded");
    assert_eq!(upload["with"]["sarif_file"].as_str(), Some(sarif));
    assert_eq!(
        upload["if"].as_str(),
        Some("always()"),
        "uploaded when drift fails the step"
    );
}

#[test]
fn every_credential_and_read_input_comes_from_the_secret_store() {
    let env = &workflow()["jobs"]["drift"]["env"];
    let secret = |var: &str| {
        let value = env[var]
            .as_str()
            .unwrap_or_else(|| panic!("{var} is not set"));
        assert_eq!(value, format!("${{{{ secrets.{var} }}}}"), "{var}");
    };
    for vendor in Vendor::ALL {
        // A credential: the static one, or the long-lived pair the client obtains tokens with.
        let static_credential = env
            .get(faceauth_conformance::credential_vars(vendor).static_var)
            .is_some();
        let prefix = format!("FACEAUTH_{}_", vendor.name().to_uppercase());
        let long_lived: Vec<&str> = env
            .as_mapping()
            .unwrap()
            .keys()
            .filter_map(Value::as_str)
            .filter(|k| {
                k.starts_with(&prefix)
                    && (k.ends_with("PASSWORD")
                        || k.ends_with("SECRET_KEY")
                        || k.ends_with("API_KEY"))
            })
            .collect();
        assert!(
            static_credential || !long_lived.is_empty(),
            "{vendor} has no credential"
        );
        for var in long_lived {
            secret(var);
        }
        let spec = Spec::load(vendor).unwrap();
        for operation in spec.operations() {
            let mark = &spec.operation_object(&operation)["x-faceauth-read-only"];
            for var in mark["inputs"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values())
            {
                secret(var.as_str().unwrap());
            }
        }
    }
}

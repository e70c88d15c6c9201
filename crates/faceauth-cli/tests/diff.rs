//! `faceauth diff`, driven as a process on copies of the real specs in a temporary folder: one
//! edit (or a few) per kind of the catalogue, each answered with the exact changes a reviewer
//! would list (kind, operation, location with its line, both verdicts, Rust items); identical
//! specs; a git revision as the base with the crate's version bumped too little and enough; and
//! the reports read back (JSON fields, SARIF against the SARIF 2.1.0 schema, JUnit parsed).
//!
//! Lines are found in the edited text by searching it, independently of the YAML parser the
//! command uses.

use faceauth_test_support::reports;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use reports::{assert_valid_sarif, junit_cases};
use serde_json::{json, Value};
use tempfile::TempDir;

mod support;
use support::{assert_usage_error, stderr, stdout, FACEAUTH};

const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs");

/// A base and a head copy of the real specs.
struct Copies {
    dir: TempDir,
}

impl Copies {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for side in ["base", "head"] {
            let to = dir.path().join(side);
            std::fs::create_dir(&to).unwrap();
            for entry in std::fs::read_dir(SPECS).unwrap() {
                let path = entry.unwrap().path();
                std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
            }
        }
        Self { dir }
    }

    fn head(&self, vendor: &str) -> PathBuf {
        self.dir.path().join("head").join(format!("{vendor}.yaml"))
    }

    /// Replaces the one occurrence of `find` in the head's spec of `vendor`.
    fn edit(&self, vendor: &str, find: &str, replace: &str) -> &Self {
        let path = self.head(vendor);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(find).count(), 1, "{find:?} once in {vendor}");
        std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
        self
    }

    /// Replaces the bytes `start..end` of the head's spec of `vendor`.
    fn splice(&self, vendor: &str, start: usize, end: usize, replace: &str) {
        let mut text = self.text(vendor);
        text.replace_range(start..end, replace);
        std::fs::write(self.head(vendor), text).unwrap();
    }

    fn text(&self, vendor: &str) -> String {
        std::fs::read_to_string(self.head(vendor)).unwrap()
    }

    /// The line (1-based) of the head's spec of `vendor` holding `needle`, the first one after
    /// the line holding `anchor` (each searched as text).
    fn line(&self, vendor: &str, anchor: &str, needle: &str) -> u64 {
        let text = self.text(vendor);
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.contains(anchor))
            .unwrap_or_else(|| panic!("{anchor:?} in {vendor}"));
        // Lines of a block scalar (a description's words) are text, never the needle.
        let indent = |l: &str| l.len() - l.trim_start().len();
        let mut block: Option<usize> = None;
        let found = lines[start..]
            .iter()
            .position(|l| {
                if block.is_some_and(|at| l.trim().is_empty() || indent(l) > at) {
                    return false;
                }
                let trimmed = l.trim_end();
                block = [">-", ">", "|", "|-", ">+", "|+"]
                    .iter()
                    .any(|marker| trimmed.ends_with(&format!(": {marker}")))
                    .then(|| indent(l));
                l.contains(needle)
            })
            .unwrap_or_else(|| panic!("{needle:?} after {anchor:?} in {vendor}"));
        (start + found + 1) as u64
    }

    fn run(&self, extra: &[&str]) -> Output {
        let base = self.dir.path().join("base");
        let head = self.dir.path().join("head");
        let mut args = vec![
            "diff".to_owned(),
            "--base".to_owned(),
            base.display().to_string(),
            "--head".to_owned(),
            head.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        faceauth(&args, self.dir.path())
    }

    /// `faceauth diff --json`, which must succeed.
    fn json(&self) -> Value {
        let output = self.run(&["--json"]);
        assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
        serde_json::from_str(&stdout(&output)).expect("--json prints JSON")
    }
}

fn faceauth(args: &[String], dir: &Path) -> Output {
    Command::new(FACEAUTH)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("faceauth runs")
}

/// One expected change, with the JSON report's exact fields.
#[allow(clippy::too_many_arguments)]
fn change(
    vendor: &str,
    operation: Option<&str>,
    kind: &str,
    old_client: &str,
    semver: &str,
    rust_items: &[&str],
    (pointer, line): (&str, u64),
    detail: &str,
) -> Value {
    json!({
        "vendor": vendor,
        "operation": operation,
        "kind": kind,
        "old_client": old_client,
        "semver": semver,
        "rust_items": rust_items,
        "location": { "file": format!("specs/{vendor}.yaml"), "line": line, "pointer": pointer },
        "detail": detail,
    })
}

/// The report's changes are exactly `expected`, in order, and the overall verdicts theirs.
fn assert_changes(report: &Value, expected: &[Value]) {
    let actual = report["changes"].as_array().expect("changes");
    assert_eq!(
        actual,
        expected,
        "changes:\n{}",
        serde_json::to_string_pretty(actual).unwrap()
    );
    let rank = |s: &str| {
        ["none", "patch", "minor", "major"]
            .iter()
            .position(|r| *r == s)
    };
    let largest = expected
        .iter()
        .map(|c| c["semver"].as_str().unwrap())
        .max_by_key(|s| rank(s))
        .unwrap_or("none");
    assert_eq!(report["semver"], largest);
    let breaks = expected.iter().any(|c| c["old_client"] == "breaks");
    assert_eq!(
        report["old_client"],
        if breaks { "breaks" } else { "unaffected" }
    );
}

#[test]
fn identical_specs_report_no_change_and_exit_0() {
    let copies = Copies::new();
    let output = copies.run(&[]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "no change: semver none, old clients unaffected\n"
    );
    let report = copies.json();
    assert_eq!(
        report,
        json!({ "semver": "none", "old_client": "unaffected", "changes": [] })
    );
}

#[test]
fn operations_added_removed_and_moved() {
    let copies = Copies::new();
    copies
        .edit(
            "verisoul",
            "\ncomponents:\n",
            "
  /liveness/ping:
    get:
      operationId: ping
      responses:
        '200':
          description: Alive
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/SessionResponse'
components:
",
        )
        .edit(
            "verisoul",
            "  /liveness/enroll:\n",
            "  /liveness/enrolment:\n",
        );
    // deleteAccount: the whole `delete:` of /account/{account_id}.
    let text = copies.text("verisoul");
    let start = text.find("    delete:\n").unwrap();
    let end = text.find("  /account/{account_id}/sessions:").unwrap();
    copies.edit("verisoul", &text[start..end], "");
    let report = copies.json();
    let v = "verisoul";
    assert_changes(
        &report,
        &[
            change(
                v,
                Some("deleteAccount"),
                "operation_removed",
                "breaks",
                "major",
                &[
                    "verisoul::Client::delete_account",
                    "verisoul::Operation::DeleteAccount",
                ],
                (
                    "/paths/~1account~1{account_id}/delete",
                    copies.line(v, "  /account/{account_id}:", "/account/{account_id}:"),
                ),
                "`DELETE /account/{account_id}` (deleteAccount) removed",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "operation_moved",
                "breaks",
                "patch",
                &["verisoul::Client::enroll_face_match"],
                (
                    "/paths/~1liveness~1enrolment/post",
                    copies.line(v, "  /liveness/enrolment:", "post:"),
                ),
                "`POST /liveness/enroll` → `POST /liveness/enrolment`",
            ),
            change(
                v,
                Some("ping"),
                "operation_added",
                "unaffected",
                "minor",
                &["verisoul::Client::ping", "verisoul::Operation::Ping"],
                (
                    "/paths/~1liveness~1ping/get",
                    copies.line(v, "  /liveness/ping:", "get:"),
                ),
                "`GET /liveness/ping` (ping) added",
            ),
        ],
    );
}

#[test]
fn parameters_added_removed_and_required_or_not() {
    let copies = Copies::new();
    let v = "verisoul";
    // createFaceMatchSession: `simulate` becomes required, `locale` (optional) and `project`
    // (required) are new.
    let text = copies.text(v);
    let simulate = text.find("      - name: simulate").unwrap();
    let required = simulate + text[simulate..].find("        required: false").unwrap();
    copies.splice(
        v,
        required,
        required + "        required: false".len(),
        "        required: true",
    );
    copies.edit(
        v,
        "      operationId: createFaceMatchSession
      externalDocs:
        url: https://docs.verisoul.ai/api-reference/face-match/session
      parameters:
",
        "      operationId: createFaceMatchSession
      externalDocs:
        url: https://docs.verisoul.ai/api-reference/face-match/session
      parameters:
      - name: locale
        in: query
        required: false
        schema:
          type: string
      - name: project
        in: query
        required: true
        schema:
          type: string
",
    );
    // getAccount had no query parameter: its first one adds the Query argument.
    let text = copies.text(v);
    let get_account = text.find("operationId: getAccount").unwrap();
    let responses = get_account + text[get_account..].find("      responses:").unwrap();
    copies.splice(
        v,
        responses,
        responses,
        "      - name: expand
        in: query
        schema:
          type: boolean
",
    );
    // Progeny's getTask: `id` becomes optional.
    copies.edit(
        "progeny",
        "        - name: id
          in: query
          required: true",
        "        - name: id
          in: query
          required: false",
    );
    let report = copies.json();
    let session = "/paths/~1liveness~1session/get/parameters";
    let account = "/paths/~1account~1{account_id}/get/parameters";
    let query = "verisoul::types::CreateFaceMatchSessionQuery";
    let anchor = "operationId: createFaceMatchSession";
    assert_changes(
        &report,
        &[
            change(
                v,
                Some("createFaceMatchSession"),
                "optional_parameter_added",
                "unaffected",
                "minor",
                &[query],
                (
                    &format!("{session}/0"),
                    copies.line(v, anchor, "- name: locale"),
                ),
                "query parameter `locale` added (optional)",
            ),
            change(
                v,
                Some("createFaceMatchSession"),
                "required_parameter_added",
                "breaks",
                "major",
                &[query, &format!("{query}::new")],
                (
                    &format!("{session}/1"),
                    copies.line(v, anchor, "- name: project"),
                ),
                "query parameter `project` added (required)",
            ),
            change(
                v,
                Some("createFaceMatchSession"),
                "parameter_now_required",
                "breaks",
                "major",
                &[query, &format!("{query}::new")],
                (
                    &format!("{session}/3/required"),
                    copies.line(v, "      - name: simulate", "required: true"),
                ),
                "parameter `simulate` now required",
            ),
            change(
                v,
                Some("getAccount"),
                "optional_parameter_added",
                "unaffected",
                "major",
                &[
                    "verisoul::types::GetAccountQuery",
                    "verisoul::Client::get_account",
                ],
                (
                    &format!("{account}/1"),
                    copies.line(v, "operationId: getAccount", "- name: expand"),
                ),
                "query parameter `expand` added (optional)",
            ),
            change(
                "progeny",
                Some("getTask"),
                "parameter_now_optional",
                "unaffected",
                "major",
                &[
                    "progeny::types::GetTaskQuery",
                    "progeny::types::GetTaskQuery::new",
                ],
                (
                    "/paths/~1api~1v3~1services~1task~1/get/parameters/0/required",
                    copies.line("progeny", "        - name: id", "required: false"),
                ),
                "parameter `id` now optional",
            ),
        ],
    );
}

#[test]
fn a_parameter_removed() {
    let copies = Copies::new();
    let v = "verisoul";
    let text = copies.text(v);
    let session = text.find("operationId: createFaceMatchSession").unwrap();
    let start = session + text[session..].find("      - name: simulate").unwrap();
    let end = session + text[session..].find("      responses:").unwrap();
    copies.edit(v, &text[start..end], "");
    let report = copies.json();
    assert_changes(
        &report,
        &[change(
            v,
            Some("createFaceMatchSession"),
            "parameter_removed",
            "unaffected",
            "major",
            &["verisoul::types::CreateFaceMatchSessionQuery"],
            (
                "/paths/~1liveness~1session/get/parameters/1",
                copies.line(v, "operationId: createFaceMatchSession", "parameters:"),
            ),
            "query parameter `simulate` removed",
        )],
    );
}

#[test]
fn request_fields_added_removed_and_required_or_not() {
    let copies = Copies::new();
    let v = "verisoul";
    // EnrollRequest: `label` (optional) and `consent` (required) new; account_id now optional.
    copies.edit(
        v,
        "        account_id:
          type: string
          description: Unique identifier for the user account
      required: [session_id, account_id]",
        "        account_id:
          type: string
          description: Unique identifier for the user account
        label:
          type: string
        consent:
          type: boolean
      required: [session_id, consent]",
    );
    // AccountUpdateRequest: email now required, phone removed.
    copies.edit(v, "      required: [id]\n", "      required: [id, email]\n");
    copies.edit(
        v,
        "        phone:
          type: string
          maxLength: 32
          description: The phone number on file for the account in E.164 format (e.g. +14155550123)
",
        "",
    );
    let report = copies.json();
    let enroll = "/components/schemas/EnrollRequest";
    let update = "/components/schemas/AccountUpdateRequest";
    let line = |needle: &str| copies.line(v, "    EnrollRequest:", needle);
    let update_line = |needle: &str| copies.line(v, "    AccountUpdateRequest:", needle);
    let request = "verisoul::types::EnrollRequest";
    let update_type = "verisoul::types::AccountUpdateRequest";
    assert_changes(
        &report,
        &[
            change(
                v,
                Some("enrollFaceMatch"),
                "request_field_now_optional",
                "unaffected",
                "major",
                &[request, &format!("{request}::new")],
                (&format!("{enroll}/required"), line("required:")),
                "`EnrollRequest.account_id` now optional",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "optional_request_field_added",
                "unaffected",
                "minor",
                &[request],
                (&format!("{enroll}/properties/label"), line("label:")),
                "`EnrollRequest.label` added (optional, string)",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "required_request_field_added",
                "breaks",
                "major",
                &[request, &format!("{request}::new")],
                (&format!("{enroll}/properties/consent"), line("consent:")),
                "`EnrollRequest.consent` added (required, boolean)",
            ),
            change(
                v,
                Some("updateAccount"),
                "request_field_now_required",
                "breaks",
                "major",
                &[update_type, &format!("{update_type}::new")],
                (&format!("{update}/required"), update_line("required:")),
                "`AccountUpdateRequest.email` now required",
            ),
            change(
                v,
                Some("updateAccount"),
                "request_field_removed",
                "unaffected",
                "major",
                &[update_type],
                (
                    &format!("{update}/properties/phone"),
                    update_line("properties:"),
                ),
                "`AccountUpdateRequest.phone` removed (was optional)",
            ),
        ],
    );
}

#[test]
fn response_fields_added_removed_and_required_or_not() {
    let copies = Copies::new();
    let v = "verisoul";
    // EnrollResponse: `score` (optional) and `decision` (required) new, `success` removed.
    copies.edit(
        v,
        "        success:
          type: boolean
          description: Indicates whether the enrollment was successful
      required: [request_id, success]",
        "        score:
          type: number
        decision:
          type: string
      required: [request_id, decision]",
    );
    // SessionResponse: session_id now optional.
    copies.edit(
        v,
        "      required:
      - request_id
      - session_id
",
        "      required:
      - request_id
",
    );
    // VerifyFaceResponse: `matches` (optional) now required.
    copies.edit(
        v,
        "      required:
        - metadata
        - decision
",
        "      required:
        - matches
        - metadata
        - decision
",
    );
    // ADVANCE.AI's token: `data` (required, nullable: already an Option) now optional.
    copies.edit(
        "advance",
        "    GenerateTokenResponse:
      type: object
      required: [code, message, data, extra, transactionId, pricingStrategy]",
        "    GenerateTokenResponse:
      type: object
      required: [code, message, extra, transactionId, pricingStrategy]",
    );
    let report = copies.json();
    let enroll = "/components/schemas/EnrollResponse";
    let line = |needle: &str| copies.line(v, "    EnrollResponse:", needle);
    let response = "verisoul::types::EnrollResponse";
    assert_changes(
        &report,
        &[
            change(
                v,
                Some("createFaceMatchSession"),
                "response_field_now_optional",
                "breaks",
                "major",
                &["verisoul::types::SessionResponse"],
                (
                    "/components/schemas/SessionResponse/required",
                    copies.line(v, "    SessionResponse:", "required:"),
                ),
                "`SessionResponse.session_id` now optional",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "response_field_removed",
                "breaks",
                "major",
                &[response],
                (&format!("{enroll}/properties/success"), line("properties:")),
                "`EnrollResponse.success` removed (was required)",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "optional_response_field_added",
                "unaffected",
                "minor",
                &[response],
                (&format!("{enroll}/properties/score"), line("score:")),
                "`EnrollResponse.score` added (optional, number)",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "required_response_field_added",
                "unaffected",
                "minor",
                &[response],
                (&format!("{enroll}/properties/decision"), line("decision:")),
                "`EnrollResponse.decision` added (required, string)",
            ),
            change(
                v,
                Some("verifyFace"),
                "response_field_now_required",
                "unaffected",
                "major",
                &["verisoul::types::VerifyFaceResponse"],
                (
                    "/components/schemas/VerifyFaceResponse/required",
                    copies.line(v, "    VerifyFaceResponse:", "      required:"),
                ),
                "`VerifyFaceResponse.matches` now required",
            ),
            change(
                "advance",
                Some("generateToken"),
                "response_field_now_optional",
                "breaks",
                "patch",
                &["advance::types::GenerateTokenResponse"],
                (
                    "/components/schemas/GenerateTokenResponse/required",
                    copies.line("advance", "    GenerateTokenResponse:", "required:"),
                ),
                "`GenerateTokenResponse.data` now optional",
            ),
        ],
    );
}

#[test]
fn types_constraints_and_enums() {
    let copies = Copies::new();
    let v = "verisoul";
    // EnrollResponse.request_id: a uuid string becomes an integer.
    copies.edit(
        v,
        "      properties:
        request_id:
          type: string
          format: uuid
          x-faceauth-source:
            format: >-
              reference/verisoul-facematch-openapi.json
              #/components/schemas/EnrollResponse/properties/request_id format uuid
          description: Unique identifier for the request
        success:
          type: boolean
          description: Indicates whether the enrollment was successful",
        "      properties:
        request_id:
          type: integer
          description: Unique identifier for the request
        success:
          type: boolean
          description: Indicates whether the enrollment was successful",
    );
    // SessionResponse.session_id may now be null.
    copies.edit(
        v,
        "          description: Unique identifier for the session\n",
        "          description: Unique identifier for the session\n          nullable: true\n",
    );
    // AccountUpdateRequest.first_name: at most 64 characters (was 256).
    copies.edit(
        v,
        "          maxLength: 256
          description: The account holder's first name",
        "          maxLength: 64
          description: The account holder's first name",
    );
    // EnrollErrorCode: one value new, one gone (received only).
    copies.edit(v, "        - id_scan_failed\n", "");
    copies.edit(
        v,
        "        - session_older_than_30_days\n",
        "        - session_older_than_30_days\n        - session_expired\n",
    );
    // Signzy's authenticate sends the precision: a value gone from it breaks old releases.
    copies.edit(
        "signzy",
        "          enum: [high, low]",
        "          enum: [high]",
    );
    let report = copies.json();
    let code_line = |needle: &str| copies.line(v, "    EnrollErrorCode:", needle);
    assert_changes(
        &report,
        &[
            change(
                "signzy",
                Some("authenticate"),
                "enum_value_removed",
                "breaks",
                "major",
                &["signzy::types::AuthenticateRequestPrecision"],
                (
                    "/components/schemas/AuthenticateRequest/properties/precision/enum",
                    copies.line("signzy", "        precision:", "enum: [high]"),
                ),
                "`AuthenticateRequest.precision`: value `low` removed",
            ),
            change(
                v,
                Some("createFaceMatchSession"),
                "type_changed",
                "breaks",
                "major",
                &["verisoul::types::SessionResponse"],
                (
                    "/components/schemas/SessionResponse/properties/session_id/nullable",
                    copies.line(v, "    SessionResponse:", "nullable: true"),
                ),
                "`SessionResponse.session_id`: now nullable",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "type_changed",
                "breaks",
                "major",
                &["verisoul::types::EnrollResponse"],
                (
                    "/components/schemas/EnrollResponse/properties/request_id",
                    copies.line(v, "    EnrollResponse:", "request_id:"),
                ),
                "`EnrollResponse.request_id`: string (uuid) → integer",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "enum_value_added",
                "unaffected",
                "minor",
                &["verisoul::types::EnrollErrorCode"],
                (
                    "/components/schemas/EnrollErrorCode/enum/8",
                    code_line("- session_expired"),
                ),
                "`EnrollErrorCode`: value `session_expired` added",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "enum_value_removed",
                "unaffected",
                "major",
                &["verisoul::types::EnrollErrorCode"],
                (
                    "/components/schemas/EnrollErrorCode/enum",
                    code_line("enum:"),
                ),
                "`EnrollErrorCode`: value `id_scan_failed` removed",
            ),
            change(
                v,
                Some("updateAccount"),
                "constraint_changed",
                "breaks",
                "patch",
                &["verisoul::types::AccountUpdateRequestFirstName"],
                (
                    "/components/schemas/AccountUpdateRequest/properties/first_name/maxLength",
                    copies.line(v, "        first_name:", "maxLength: 64"),
                ),
                "`AccountUpdateRequest.first_name`: `maxLength` 256 → 64",
            ),
        ],
    );
}

#[test]
fn response_statuses_added_and_removed() {
    let copies = Copies::new();
    let v = "verisoul";
    let text = copies.text(v);
    // enrollFaceMatch: a documented 404 with the error body it has (a new match arm), and its
    // bodiless 429 gone (build.rs never generated it).
    let enroll = text.find("operationId: enrollFaceMatch").unwrap();
    let status_429 = enroll + text[enroll..].find("        '429':").unwrap();
    let next_path = enroll + text[enroll..].find("  /liveness/session:").unwrap();
    copies.splice(
        v,
        status_429,
        next_path,
        "        '404':
          description: Session unknown
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/EnrollErrorResponse'
",
    );
    // verifyUniquenessFaceMatch had no error body: a 400 with one changes its error type.
    let text = copies.text(v);
    let unique = text.find("operationId: verifyUniquenessFaceMatch").unwrap();
    let its_429 = unique + text[unique..].find("        '429':").unwrap();
    copies.splice(
        v,
        its_429,
        its_429,
        "        '400':
          description: Bad request
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/EnrollErrorResponse'
",
    );
    let report = copies.json();
    let method = "verisoul::Client::enroll_face_match";
    assert_changes(
        &report,
        &[
            change(
                v,
                Some("enrollFaceMatch"),
                "response_status_removed",
                "unaffected",
                "patch",
                &[method],
                (
                    "/paths/~1liveness~1enroll/post/responses/429",
                    copies.line(v, "operationId: enrollFaceMatch", "responses:"),
                ),
                "HTTP 429 removed (no body: not in the generated code)",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "response_status_added",
                "breaks",
                "minor",
                &[method],
                (
                    "/paths/~1liveness~1enroll/post/responses/404",
                    copies.line(v, "operationId: enrollFaceMatch", "'404':"),
                ),
                "HTTP 404 added",
            ),
            change(
                v,
                Some("verifyUniquenessFaceMatch"),
                "response_status_added",
                "breaks",
                "major",
                &["verisoul::Client::verify_uniqueness_face_match"],
                (
                    "/paths/~1liveness~1verify-uniqueness/post/responses/400",
                    copies.line(v, "operationId: verifyUniquenessFaceMatch", "'400':"),
                ),
                "HTTP 400 added",
            ),
        ],
    );
}

#[test]
fn servers_security_and_schemas() {
    let copies = Copies::new();
    let v = "verisoul";
    // A new region, production gone; the key in another header; getAccount without a key.
    let text = copies.text(v);
    let start = text.find("  - url: https://api.prod.verisoul.ai").unwrap();
    let end = text.find("security:\n  - ApiKeyAuth").unwrap();
    copies.edit(
        v,
        &text[start..end],
        "  - url: https://api.eu.verisoul.ai\n    description: europe\n",
    );
    copies.edit(v, "      name: x-api-key\n", "      name: x-verisoul-key\n");
    copies.edit(
        v,
        "      operationId: getAccount\n",
        "      operationId: getAccount\n      security: []\n",
    );
    // A component no operation uses, new.
    copies.edit(
        v,
        "  schemas:\n    EnrollRequest:\n",
        "  schemas:\n    Unused:\n      type: object\n      properties:\n        a:\n          type: string\n    EnrollRequest:\n",
    );
    // Signzy's viewBlacklistedUsers no longer on production (other operations still are).
    copies.edit(
        "signzy",
        "      servers:
        - url: https://deepfaceauth.signzy.app/deepfaceauth
          description: >-
            production (inferred: the page prints only the preproduction host; every other page
            prints this one)
",
        "      servers:\n",
    );
    let report = copies.json();
    let signzy_line = copies.line("signzy", "operationId: viewBlacklistedUsers", "servers:");
    let signzy_pointer = "/paths/~1api~1v1~1basic~1view~1blacklist~1all/get/servers";
    assert_changes(
        &report,
        &[
            change(
                "signzy",
                Some("viewBlacklistedUsers"),
                "server_removed",
                "breaks",
                "patch",
                &["signzy::Operation::ViewBlacklistedUsers"],
                (signzy_pointer, signzy_line),
                "no longer served on `https://deepfaceauth.signzy.app/deepfaceauth`",
            ),
            change(
                v,
                None,
                "security_changed",
                "breaks",
                "patch",
                &["verisoul::Client"],
                (
                    "/components/securitySchemes/ApiKeyAuth",
                    copies.line(v, "  securitySchemes:", "ApiKeyAuth:"),
                ),
                "security scheme `ApiKeyAuth` changed",
            ),
            change(
                v,
                None,
                "server_added",
                "unaffected",
                "minor",
                &["verisoul::Server::Europe"],
                (
                    "/servers/1",
                    copies.line(v, "servers:", "https://api.eu.verisoul.ai"),
                ),
                "server `https://api.eu.verisoul.ai` added",
            ),
            change(
                v,
                None,
                "server_removed",
                "breaks",
                "major",
                &["verisoul::Server::Production"],
                (
                    "/servers/1",
                    copies.line(v, "servers:", "https://api.eu.verisoul.ai"),
                ),
                "server `https://api.prod.verisoul.ai` removed",
            ),
            change(
                v,
                Some("getAccount"),
                "security_changed",
                "breaks",
                "patch",
                &["verisoul::Client", "verisoul::Client::get_account"],
                (
                    "/paths/~1account~1{account_id}/get/security",
                    copies.line(v, "operationId: getAccount", "security: []"),
                ),
                "the operation's security requirement changed",
            ),
            change(
                v,
                None,
                "schema_added",
                "unaffected",
                "minor",
                &["verisoul::types::Unused"],
                (
                    "/components/schemas/Unused",
                    copies.line(v, "  schemas:", "Unused:"),
                ),
                "schema `Unused` added",
            ),
        ],
    );
}

#[test]
fn an_operation_removed_with_its_schemas() {
    let copies = Copies::new();
    let v = "verisoul";
    let text = copies.text(v);
    let start = text.find("  /liveness/verify-uniqueness:").unwrap();
    let end = start + text[start..].find("  /account/{account_id}:").unwrap();
    copies.edit(v, &text[start..end], "");
    let text = copies.text(v);
    let start = text.find("    VerifyUniquenessRequest:").unwrap();
    let end = text.find("    DeleteAccountResponse:").unwrap();
    copies.edit(v, &text[start..end], "");
    let report = copies.json();
    let schemas_line = copies.line(v, "components:", "  schemas:");
    let removed = |name: &str| {
        change(
            v,
            None,
            "schema_removed",
            "unaffected",
            "major",
            &[&format!("verisoul::types::{name}")],
            (&format!("/components/schemas/{name}"), schemas_line),
            &format!("schema `{name}` removed"),
        )
    };
    assert_changes(
        &report,
        &[
            change(
                v,
                Some("verifyUniquenessFaceMatch"),
                "operation_removed",
                "breaks",
                "major",
                &[
                    "verisoul::Client::verify_uniqueness_face_match",
                    "verisoul::Operation::VerifyUniquenessFaceMatch",
                ],
                (
                    "/paths/~1liveness~1verify-uniqueness/post",
                    copies.line(v, "paths:", "paths:"),
                ),
                "`POST /liveness/verify-uniqueness` (verifyUniquenessFaceMatch) removed",
            ),
            removed("VerifyUniquenessRequest"),
            removed("VerifyUniquenessResponse"),
            removed("UniquenessMatch"),
        ],
    );
}

#[test]
fn descriptions_examples_marks_and_unmodelled_keywords() {
    let copies = Copies::new();
    let v = "verisoul";
    copies
        .edit(
            v,
            "          description: Indicates whether the enrollment was successful",
            "          description: Whether the enrollment succeeded",
        )
        .edit(
            v,
            "          description: Enrollment successful",
            "          description: Enrolled",
        )
        .edit(
            v,
            "                  session_id: 0007b793-ae5d-45a2-8d9f-4a5b573c3271
                  account_id: example-account-id
",
            "                  session_id: 0007b793-ae5d-45a2-8d9f-4a5b573c3271
                  account_id: another-account-id
",
        )
        .edit(
            v,
            "          the account to retrieve\". No document mentions a change, webhook or notification for\n          it.",
            "          the account to retrieve\". Nothing mentions a change.",
        )
        .edit(
            v,
            "        required: false
        schema:
          type: string
        examples:
          with_query:",
            "        required: false
        schema:
          type: string
          default: none
        examples:
          with_query:",
        );
    let report = copies.json();
    let enroll = "/paths/~1liveness~1enroll/post";
    let session = "/paths/~1liveness~1session/get/parameters/1";
    assert_changes(
        &report,
        &[
            change(
                v,
                Some("createFaceMatchSession"),
                "other_change",
                "breaks",
                "major",
                &[],
                (
                    &format!("{session}/schema/default"),
                    copies.line(v, "      - name: simulate", "default: none"),
                ),
                "`simulate`: `default` changed",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "example_changed",
                "unaffected",
                "none",
                &[],
                (
                    &format!("{enroll}/requestBody/content/application~1json/examples/documented"),
                    copies.line(v, "operationId: enrollFaceMatch", "documented:"),
                ),
                "the request body: example `documented` changed",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "description_changed",
                "unaffected",
                "none",
                &[],
                (
                    &format!("{enroll}/responses/200/description"),
                    copies.line(v, "operationId: enrollFaceMatch", "description: Enrolled"),
                ),
                "HTTP 200: description changed",
            ),
            change(
                v,
                Some("enrollFaceMatch"),
                "description_changed",
                "unaffected",
                "patch",
                &["verisoul::types::EnrollResponse"],
                (
                    "/components/schemas/EnrollResponse/properties/success/description",
                    copies.line(v, "    EnrollResponse:", "Whether the enrollment succeeded"),
                ),
                "`EnrollResponse.success`: `description` changed",
            ),
            change(
                v,
                Some("getAccount"),
                "extension_changed",
                "unaffected",
                "patch",
                &["verisoul::Operation::GetAccount"],
                (
                    "/paths/~1account~1{account_id}/get/x-faceauth-read-only",
                    copies.line(v, "operationId: getAccount", "x-faceauth-read-only:"),
                ),
                "`x-faceauth-read-only` changed",
            ),
        ],
    );
}

/// A git repository with Cargo.toml at `version` and the real specs, committed as `base`.
fn repository(version: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    for entry in std::fs::read_dir(SPECS).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, specs.join(path.file_name().unwrap())).unwrap();
    }
    set_version(dir.path(), version);
    for args in [
        &["init", "--quiet", "--initial-branch=main"][..],
        &["add", "."],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "--quiet",
            "-m",
            "base",
        ],
        &["tag", "base"],
    ] {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }
    dir
}

fn set_version(dir: &Path, version: &str) {
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"faceauth-clients\"\nversion = \"{version}\"\n"),
    )
    .unwrap();
}

fn edit_in(dir: &Path, vendor: &str, find: &str, replace: &str) {
    let path = dir.join("specs").join(format!("{vendor}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(find).count(), 1);
    std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

fn diff_in(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["diff".to_owned(), "--base".to_owned(), "base".to_owned()];
    args.extend(extra.iter().map(|s| s.to_string()));
    faceauth(&args, dir)
}

#[test]
fn a_git_revision_as_base_checks_the_version_bump() {
    let repo = repository("0.1.0");
    let dir = repo.path();
    // Nothing changed, no bump: fine.
    let output = diff_in(dir, &[]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "no change: semver none, old clients unaffected\nversion: 0.1.0 → 0.1.0: sufficient (no change needs a new version)\n"
    );
    // An optional response field (minor): 0.1.1 is enough at 0.y.z.
    edit_in(
        dir,
        "verisoul",
        "        success:
          type: boolean
          description: Indicates whether the enrollment was successful
",
        "        success:
          type: boolean
          description: Indicates whether the enrollment was successful
        score:
          type: number
",
    );
    let output = diff_in(dir, &[]);
    assert_eq!(output.status.code(), Some(1), "minor change, no bump");
    assert!(stdout(&output)
        .ends_with("version: 0.1.0 → 0.1.0: insufficient (a minor change needs 0.1.1 or later)\n"));
    set_version(dir, "0.1.1");
    let output = diff_in(dir, &[]);
    assert_eq!(output.status.code(), Some(0), "stdout: {}", stdout(&output));
    // And an operation removed (major): 0.1.1 is not enough, 0.2.0 is.
    let spec = std::fs::read_to_string(dir.join("specs/verisoul.yaml")).unwrap();
    let start = spec.find("    delete:\n").unwrap();
    let end = spec.find("  /account/{account_id}/sessions:").unwrap();
    edit_in(dir, "verisoul", &spec[start..end], "");
    let output = diff_in(dir, &["--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["semver"], "major");
    assert_eq!(
        report["version"],
        json!({"base": "0.1.0", "head": "0.1.1", "needed": "major", "required": "0.2.0", "sufficient": false})
    );
    set_version(dir, "0.2.0");
    let output = diff_in(dir, &[]);
    assert_eq!(output.status.code(), Some(0), "stdout: {}", stdout(&output));
    assert!(stdout(&output)
        .ends_with("version: 0.1.0 → 0.2.0: sufficient (a major change needs 0.2.0 or later)\n"));
}

#[test]
fn reports_read_back() {
    let repo = repository("0.1.0");
    let dir = repo.path();
    edit_in(
        dir,
        "verisoul",
        "        - session_older_than_30_days\n",
        "        - session_older_than_30_days\n        - session_expired\n",
    );
    let spec = std::fs::read_to_string(dir.join("specs/verisoul.yaml")).unwrap();
    let start = spec.find("    delete:\n").unwrap();
    let end = spec.find("  /account/{account_id}/sessions:").unwrap();
    edit_in(dir, "verisoul", &spec[start..end], "");
    set_version(dir, "0.1.1");
    let output = diff_in(
        dir,
        &[
            "--json",
            "--markdown",
            "diff.md",
            "--sarif",
            "diff.sarif",
            "--junit",
            "diff.xml",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let fields = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        fields(&report),
        ["changes", "old_client", "semver", "version"]
    );
    assert_eq!(report["semver"], "major");
    assert_eq!(report["old_client"], "breaks");
    let changes = report["changes"].as_array().unwrap();
    // The enum is received by every operation whose errors use it: once per operation.
    assert_eq!(changes.len(), 2);
    for change in changes {
        assert_eq!(
            fields(change),
            [
                "detail",
                "kind",
                "location",
                "old_client",
                "operation",
                "rust_items",
                "semver",
                "vendor"
            ]
        );
    }
    assert_eq!(changes[0]["kind"], "operation_removed");
    assert_eq!(changes[1]["kind"], "enum_value_added");

    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("diff.sarif")).unwrap()).unwrap();
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "two changes and the version bump");
    assert_eq!(results[0]["ruleId"], "spec-diff/operation_removed");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "specs/verisoul.yaml"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        changes[0]["location"]["line"]
    );
    assert_eq!(results[1]["ruleId"], "spec-diff/enum_value_added");
    assert_eq!(results[1]["level"], "note");
    assert_eq!(results[2]["ruleId"], "spec-diff/version_bump");

    let junit = std::fs::read_to_string(dir.join("diff.xml")).unwrap();
    let cases = junit_cases(&junit);
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0].classname, "verisoul.deleteAccount");
    assert_eq!(
        cases[0].failure.as_deref(),
        Some(
            "needs a major bump: 0.1.0 → 0.1.1: insufficient (a major change needs 0.2.0 or later)"
        )
    );
    assert_eq!(cases[0].file.as_deref(), Some("specs/verisoul.yaml"));
    assert_eq!(cases[1].classname, "verisoul.enrollFaceMatch");
    assert_eq!(cases[1].failure, None, "0.1.1 is enough for a minor change");
    assert_eq!(cases[2].classname, "version");
    assert!(cases[2].failure.is_some());

    let markdown = std::fs::read_to_string(dir.join("diff.md")).unwrap();
    assert!(markdown.contains("Semver: **major**; old clients **break**; 2 changes."));
    assert!(markdown.contains(
        "| verisoul | deleteAccount | `operation_removed` | breaks | major | `verisoul::Client::delete_account`<br>`verisoul::Operation::DeleteAccount` |"
    ));
    let entries = markdown
        .split("<!-- changelog:start -->\n")
        .nth(1)
        .and_then(|rest| rest.split("<!-- changelog:end -->").next())
        .expect("the changelog entries between their markers");
    assert_eq!(
        entries,
        "### Added\n\n- verisoul (`enrollFaceMatch`): `EnrollErrorCode`: value `session_expired` added.\n\n### Removed\n\n- **Breaking:** verisoul (`deleteAccount`): `DELETE /account/{account_id}` (deleteAccount) removed; releases before this one break against the vendor.\n\n"
    );
}

#[test]
fn bad_arguments_are_one_line_usage_errors() {
    let copies = Copies::new();
    let output = faceauth(
        &["diff".into(), "--base".into(), "no-such-revision".into()],
        copies.dir.path(),
    );
    assert_usage_error(&output, "--base no-such-revision: not a directory");
    let base = copies.dir.path().join("base").display().to_string();
    let output = faceauth(
        &[
            "diff".into(),
            "--base".into(),
            base.clone(),
            "--head".into(),
            "missing".into(),
        ],
        copies.dir.path(),
    );
    assert_usage_error(&output, "--head missing: not a directory");
    copies.edit("verisoul", "openapi: 3.0.3\n", "openapi: [3.0.3\n");
    let output = copies.run(&[]);
    assert_usage_error(&output, "specs/verisoul.yaml (head): not valid YAML");
    let output = copies.run(&["--sarif", "no/such/dir/x.sarif"]);
    assert_usage_error(
        &output,
        "--sarif no/such/dir/x.sarif: its folder no/such/dir does not exist",
    );
}

#[test]
fn every_kind_of_the_catalogue_is_exercised_here() {
    let source = include_str!("diff.rs");
    for kind in faceauth_diff::ChangeKind::ALL {
        assert!(
            source.contains(&format!("\"{}\",", kind.id())),
            "no edit here produces {}",
            kind.id()
        );
    }
}

/// Each change of a report as (kind, old_client, semver, detail): the verdict classes below.
fn verdicts(report: &Value) -> Vec<(String, String, String, String)> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap().to_owned();
            (
                text("kind"),
                text("old_client"),
                text("semver"),
                text("detail"),
            )
        })
        .collect()
}

fn verdict(
    kind: &str,
    old_client: &str,
    semver: &str,
    detail: &str,
) -> (String, String, String, String) {
    (kind.into(), old_client.into(), semver.into(), detail.into())
}

/// A request-side generalisation (a format, a pattern, a length or a range dropped or loosened,
/// an enum dropped, a field no longer required) never breaks an old client on the wire: what it
/// sends stays valid. Each was reported as breaking old clients.
#[test]
fn request_side_generalisations_never_break_old_clients() {
    let copies = Copies::new();
    let v = "verisoul";
    // EnrollRequest.session_id: no longer a uuid, just a string.
    copies.edit(
        v,
        "        session_id:
          type: string
          format: uuid
          x-faceauth-source:
            format: >-
              reference/verisoul-facematch-openapi.json
              #/components/schemas/EnrollRequest/properties/session_id format uuid
          description: The session ID of a completed Face Match session",
        "        session_id:
          type: string
          description: The session ID of a completed Face Match session",
    );
    let report = copies.json();
    assert_eq!(
        verdicts(&report),
        [verdict(
            "type_changed",
            "unaffected",
            "major",
            "`EnrollRequest.session_id`: string (uuid) → string"
        )]
    );
    assert_eq!(report["old_client"], "unaffected");

    // The same edit in a response (EnrollResponse.request_id) still breaks: an old release
    // decodes a uuid.
    let copies = Copies::new();
    copies.edit(
        v,
        "        request_id:
          type: string
          format: uuid
          x-faceauth-source:
            format: >-
              reference/verisoul-facematch-openapi.json
              #/components/schemas/EnrollResponse/properties/request_id format uuid
          description: Unique identifier for the request",
        "        request_id:
          type: string
          description: Unique identifier for the request",
    );
    let report = copies.json();
    assert_eq!(report["old_client"], "breaks", "{report}");

    // A pattern and a length dropped, a range loosened, an enum dropped, in requests: the
    // constraints of ADVANCE.AI's save-enroll and token requests.
    let copies = Copies::new();
    let a = "advance";
    let text = copies.text(a);
    let edits = constraint_generalisations(&text);
    assert!(
        !edits.is_empty(),
        "ADVANCE.AI's request constraints to loosen"
    );
    for (find, replace) in &edits {
        copies.edit(a, find, replace);
    }
    let report = copies.json();
    let found = verdicts(&report);
    // One change per constraint dropped.
    let dropped: usize = edits
        .iter()
        .map(|(before, after)| before.lines().count() - after.lines().count())
        .sum();
    assert_eq!(found.len(), dropped, "{found:#?}");
    for (kind, old_client, _, detail) in &found {
        assert!(
            kind == "constraint_changed" || kind == "type_changed",
            "{kind}: {detail}"
        );
        assert_eq!(old_client, "unaffected", "{kind}: {detail}");
    }
    assert_eq!(report["old_client"], "unaffected");
}

/// The request constraints of ADVANCE.AI's spec that a generalisation drops: every `minLength`,
/// `maxLength`, `pattern` and `maximum` line inside a request-body schema named `*Request`, as
/// (the schema's text, the same without them).
fn constraint_generalisations(text: &str) -> Vec<(String, String)> {
    let mut edits = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let is_request_schema = line.starts_with("    ")
            && !line.starts_with("     ")
            && line.trim_end().ends_with("Request:");
        if !is_request_schema {
            i += 1;
            continue;
        }
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].starts_with("    ") && !lines[j].starts_with("     "))
            .unwrap_or(lines.len());
        let block = lines[i..end].join("\n");
        let kept: Vec<&str> = lines[i..end]
            .iter()
            .copied()
            .filter(|l| {
                let t = l.trim_start();
                !(t.starts_with("minLength:")
                    || t.starts_with("maxLength:")
                    || t.starts_with("pattern:")
                    || t.starts_with("maximum:"))
            })
            .collect();
        if kept.len() != end - i {
            edits.push((block, kept.join("\n")));
        }
        i = end;
    }
    edits
}

/// A change to how the credential is sent breaks every old client on the wire; the Rust API
/// changes only when a constructor must: a header renamed is a patch, a scheme of another kind a
/// major change. The rename was reported as a major Rust change.
#[test]
fn credential_scheme_changes_break_the_wire_and_are_patch_unless_a_constructor_changes() {
    let v = "verisoul";
    let renamed = Copies::new();
    renamed.edit(v, "      name: x-api-key\n", "      name: x-verisoul-key\n");
    assert_eq!(
        verdicts(&renamed.json()),
        [verdict(
            "security_changed",
            "breaks",
            "patch",
            "security scheme `ApiKeyAuth` changed"
        )]
    );
    let bearer = Copies::new();
    bearer.edit(
        v,
        "      type: apiKey\n      in: header\n      name: x-api-key\n",
        "      type: http\n      scheme: bearer\n",
    );
    assert_eq!(
        verdicts(&bearer.json()),
        [verdict(
            "security_changed",
            "breaks",
            "major",
            "security scheme `ApiKeyAuth` changed"
        )]
    );
}

/// The reproductions of specs `faceauth diff` took for real or crashed on: a `$ref` cycle outside
/// the schemas (a stack overflow, exit 134), aliases that nest (gigabytes), nesting 100,000 deep
/// (a minute of CPU), an empty file, YAML that is not OpenAPI and a vendor the project lacks
/// (diffed as if real, exit 0). Each is refused in one line naming the spec, exit 2, no report.
#[test]
fn hostile_and_foreign_specs_are_refused_in_one_line() {
    let openapi = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
    let laughs = {
        let mut text = format!(
            "{openapi}paths: {{}}\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        );
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!(
                "a{i}: &a{i} [{}]\n",
                [prev.as_str(); 10].join(", ")
            ));
        }
        text
    };
    let cases: [(&str, &str, String, &str); 7] = [
        (
            "verisoul",
            "a $ref cycle in a request body",
            format!("{openapi}paths:\n  /x:\n    post:\n      operationId: x\n      requestBody: {{$ref: '#'}}\n      responses: {{}}\n"),
            "a $ref cycle at /paths/~1x/post/requestBody",
        ),
        (
            "verisoul",
            "a response that refers back to itself",
            format!("{openapi}paths:\n  /x:\n    get:\n      responses:\n        '200': {{$ref: '#/components/responses/A'}}\ncomponents:\n  responses:\n    A: {{$ref: '#/components/responses/B'}}\n    B: {{$ref: '#/components/responses/A'}}\n"),
            "a $ref cycle",
        ),
        ("verisoul", "a billion laughs", laughs, "a YAML alias at line"),
        (
            "verisoul",
            "nesting 100,000 deep",
            format!("{openapi}paths: {{}}\nx: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
            "nested deeper than 64 levels",
        ),
        ("verisoul", "an empty file", String::new(), "not an OpenAPI 3.0 document"),
        ("verisoul", "YAML that is not OpenAPI", "hello: world\n".to_owned(), "not an OpenAPI 3.0 document"),
        (
            "acme",
            "a vendor the project lacks",
            std::fs::read_to_string(format!("{SPECS}/verisoul.yaml")).unwrap(),
            "specs/acme.yaml: not a vendor of this project",
        ),
    ];
    for (vendor, what, text, says) in cases {
        let copies = Copies::new();
        std::fs::write(copies.head(vendor), text).unwrap();
        let markdown = copies.dir.path().join("diff.md");
        let output = copies.run(&["--markdown", markdown.to_str().unwrap()]);
        assert_usage_error(&output, says);
        assert!(
            stderr(&output).contains(&format!("{vendor}.yaml")),
            "{what}: {}",
            stderr(&output)
        );
        assert!(!markdown.exists(), "{what}: no report");
    }
}

/// `diff` writes its reports as `drift` and `conformance` do: never through a symbolic link
/// (it overwrote the link's target), never over a spec it reads (it overwrote it).
#[cfg(unix)]
#[test]
fn diff_reports_never_overwrite_a_link_target_or_a_spec() {
    let copies = Copies::new();
    let target = copies.dir.path().join("precious.txt");
    std::fs::write(&target, "precious").unwrap();
    let link = copies.dir.path().join("report.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let output = copies.run(&["--markdown", link.to_str().unwrap()]);
    assert_usage_error(&output, "symbolic link");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");

    let spec = copies.head("verisoul");
    let before = std::fs::read_to_string(&spec).unwrap();
    let output = copies.run(&["--sarif", spec.to_str().unwrap()]);
    assert_usage_error(&output, "verisoul.yaml");
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), before);
    let base_spec = copies.dir.path().join("base/signzy.yaml");
    let output = copies.run(&["--junit", base_spec.to_str().unwrap()]);
    assert_usage_error(&output, "signzy.yaml");
}

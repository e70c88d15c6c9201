//! Pins the code build.rs generates for each vendor, so that every spec change is reviewed as a
//! diff of ordinary Rust (`cargo insta review`). CI fails on a change nobody accepted. And the
//! generated code is what faceauth-codegen makes of the specs, every edit of progenitor's output
//! made.

use std::path::Path;

use faceauth_codegen as build_script;

macro_rules! pin_generated {
    ($test:ident, $vendor:literal) => {
        #[test]
        fn $test() {
            let code = include_str!(concat!(env!("OUT_DIR"), "/", $vendor, ".rs"));
            insta::with_settings!({
                snapshot_path => "snapshots/generated",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!($vendor, code);
            });
        }
    };
}

/// Each vendor's test, by an exhaustive match: a vendor added to `Vendor` does not compile here
/// until its generated code is pinned too.
#[allow(dead_code)]
fn test_of(vendor: faceauth_clients::Vendor) -> fn() {
    use faceauth_clients::Vendor;
    match vendor {
        Vendor::Signzy => signzy_generated_code_is_reviewed,
        Vendor::Verisoul => verisoul_generated_code_is_reviewed,
        Vendor::Advance => advance_generated_code_is_reviewed,
        Vendor::Progeny => progeny_generated_code_is_reviewed,
    }
}

pin_generated!(signzy_generated_code_is_reviewed, "signzy");
pin_generated!(verisoul_generated_code_is_reviewed, "verisoul");
pin_generated!(advance_generated_code_is_reviewed, "advance");
pin_generated!(progeny_generated_code_is_reviewed, "progeny");

#[test]
fn the_real_specs_generate_exactly_the_compiled_clients() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let failures = build_script::generate_all(root, out.path(), &|_| true);
    assert!(failures.is_empty(), "{failures:#?}");
    for vendor in ["signzy", "verisoul", "advance", "progeny"] {
        let fresh = std::fs::read_to_string(out.path().join(format!("{vendor}.rs"))).unwrap();
        let compiled =
            std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("{vendor}.rs")))
                .unwrap();
        assert!(
            fresh == compiled,
            "{vendor}: generation is not deterministic"
        );
    }
}

#[test]
fn handwritten_operations_are_left_to_the_hand_written_code() {
    let progeny = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join("progeny.rs")).unwrap();
    assert!(
        !progeny.contains("fn register_face"),
        "multipart must not be generated"
    );
    assert!(
        progeny.contains("pub struct RegisterFaceRequest"),
        "its types still are"
    );
    assert!(progeny.contains("fn get_task"));
}

#[test]
fn the_generated_clients_carry_every_edit() {
    // Every generated method was rewritten: none calls progenitor's hooks or sends api-version.
    for vendor in ["signzy", "verisoul", "advance", "progeny"] {
        let code = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("{vendor}.rs")))
            .unwrap();
        // One table entry per operation; the generated ones are sent by the runtime with theirs.
        let generated = code.matches("handwritten: false,").count();
        assert!(generated > 0, "{vendor}");
        assert_eq!(
            code.matches("crate::runtime::send(").count(),
            generated,
            "{vendor}"
        );
        assert_eq!(
            code.matches(".meta(),\n            )\n            .await?;")
                .count(),
            generated,
            "{vendor}: each send is given its operation's table entry"
        );
        for gone in [
            "self.pre(",
            "OperationInfo",
            "ClientHooks",
            "impl ClientInfo",
            "pub fn new(baseurl",
            "OPERATIONS_WITHOUT_CREDENTIAL",
            "crate::hooks",
        ] {
            assert!(!code.contains(gone), "{vendor}: {gone}");
        }
        assert_eq!(
            code.matches("pub(crate) fn new_with_client(").count(),
            1,
            "{vendor}: clients are built by the credential constructors only"
        );
        assert_eq!(
            code.matches("inner: inner.for_base_url(baseurl, DOCUMENTED_SERVERS)")
                .count(),
            1,
            "{vendor}: the constructor tells the client which documented server it is"
        );
        assert!(!code.contains("api-version"), "{vendor}");
        // The types survive the vendor's additive changes: every struct and enum of `types` is
        // non-exhaustive, and no method takes a query parameter as a positional `Option`.
        let file: syn::File = syn::parse_str(&code).expect("the generated code parses");
        let types = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref(),
                _ => None,
            })
            .expect("a types module");
        let non_exhaustive =
            |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
        let mut checked = 0;
        for item in &types.1 {
            let (name, attrs) = match item {
                // Public ones: the private decoding copies (object_only.rs) are no one's API.
                syn::Item::Struct(s)
                    if matches!(s.fields, syn::Fields::Named(_))
                        && matches!(s.vis, syn::Visibility::Public(_)) =>
                {
                    (s.ident.to_string(), &s.attrs)
                }
                syn::Item::Enum(e) => (e.ident.to_string(), &e.attrs),
                _ => continue,
            };
            assert!(non_exhaustive(attrs), "{vendor}: types::{name}");
            checked += 1;
        }
        assert!(checked > 0, "{vendor}");
        // String enums are open_enum!/request_enum! invocations, which are non-exhaustive.
        assert!(
            code.contains("crate::open_enum::open_enum!") || vendor == "progeny",
            "{vendor}"
        );
        assert!(
            !code.contains(": Option<&'a"),
            "{vendor}: a positional optional argument"
        );
        assert!(!code.contains("ErrorResponse("), "{vendor}");
    }
}

/// Each hand-written operation's rustdoc has the sections the generated ones have, from the
/// spec: its documented answers by name, the errors that can occur, the vendor's page. The
/// build writes them beside the generated code; the methods include them.
#[test]
fn handwritten_operations_get_the_generated_ones_doc_sections() {
    // (vendor, operationId, one documented answer as its rustdoc names it)
    let expected = [
        ("advance", "addFace", "`success` (success)"),
        (
            "advance",
            "compareFaces",
            "`no_face_first` (refused: NO_FACE_DETECTED_FROM_FIRST_IMAGE)",
        ),
        ("advance", "faceComparison", "`success` (success)"),
        ("advance", "searchFaces", "`success` (success)"),
        ("progeny", "authenticateFace", "`fields_missing` (refused)"),
        ("progeny", "faceLiveness", "`no_file` (refused)"),
        ("progeny", "legacyAuthorize", "`authorized` (success)"),
        ("progeny", "legacyLiveness", "`live` (success)"),
        ("progeny", "obtainToken", "`no_active_account` (refused)"),
        ("progeny", "refreshToken", "`tokens` (success)"),
        ("progeny", "registerFace", "`not_a_file` (refused)"),
        (
            "verisoul",
            "redirectToFaceMatch",
            "`groups_enabled` (refused: groups_enabled)",
        ),
    ];
    let out = Path::new(env!("OUT_DIR"));
    let mut written: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .collect();
    written.sort();
    let mut names: Vec<String> = expected
        .iter()
        .map(|(vendor, operation, _)| format!("{vendor}.{operation}.md"))
        .collect();
    names.sort();
    assert_eq!(
        written, names,
        "one per hand-written operation of the specs"
    );
    for (vendor, operation, answer) in expected {
        let doc = std::fs::read_to_string(out.join(format!("{vendor}.{operation}.md"))).unwrap();
        for section in [
            "# Documented responses",
            "Documented answers: ",
            "# Errors",
            answer,
        ] {
            assert!(
                doc.contains(section),
                "{vendor} {operation}: {section:?} in\n{doc}"
            );
        }
    }
    // ADVANCE.AI's answer in one envelope: its refusals are errors, and its codes are listed.
    let compare = std::fs::read_to_string(out.join("advance.compareFaces.md")).unwrap();
    assert!(compare.contains("any other code than the success's is [`Error::Documented`]"));
    assert!(compare.contains("Documented refusal codes: "));
}

/// What an application reads of the generated types is described: every public type and every
/// public field of `types` has a doc (the vendor's words from the spec, a referenced type's
/// first sentence, or ours marked inferred in the spec), and no doc is only the item's name.
#[test]
fn every_public_type_and_field_of_the_generated_clients_is_documented() {
    let doc = build_script::doc_text;
    let described = |text: &str, name: &str| {
        let words = text.trim().trim_end_matches('.').replace(['`', '_'], "");
        !words.is_empty() && !words.eq_ignore_ascii_case(&name.replace('_', ""))
    };
    for vendor in ["signzy", "verisoul", "advance", "progeny"] {
        let code = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("{vendor}.rs")))
            .unwrap();
        let file: syn::File = syn::parse_str(&code).unwrap();
        let types = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref(),
                _ => None,
            })
            .expect("a types module");
        let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
        let (mut items, mut fields) = (0, 0);
        let mut undocumented = Vec::new();
        for item in &types.1 {
            let (name, attrs, vis) = match item {
                syn::Item::Struct(s) => (s.ident.to_string(), &s.attrs, &s.vis),
                syn::Item::Enum(e) => (e.ident.to_string(), &e.attrs, &e.vis),
                _ => continue,
            };
            if !public(vis) {
                continue;
            }
            items += 1;
            if !described(&doc(attrs), &name) {
                undocumented.push(name.clone());
            }
            if let syn::Item::Struct(s) = item {
                for field in s.fields.iter().filter(|f| public(&f.vis)) {
                    let Some(ident) = &field.ident else { continue };
                    fields += 1;
                    if !described(&doc(&field.attrs), &ident.to_string()) {
                        undocumented.push(format!("{name}.{ident}"));
                    }
                }
            }
        }
        assert!(
            items > 10 && fields > 30,
            "{vendor}: {items} types, {fields} fields read"
        );
        assert_eq!(undocumented, Vec::<String>::new(), "{vendor}: undocumented");
    }
}

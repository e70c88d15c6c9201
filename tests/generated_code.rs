//! Pins the code build.rs generates for each vendor, so that every spec change is reviewed as a
//! diff of ordinary Rust (`cargo insta review`). CI fails on a change nobody accepted.

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

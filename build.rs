//! Generates one typed client per vendor from `specs/<vendor>.yaml` (see `faceauth-codegen`).
fn main() {
    faceauth_codegen::run_build_script();
}

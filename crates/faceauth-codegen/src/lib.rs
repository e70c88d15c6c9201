//! Generates one typed client per vendor from the hand-written OpenAPI specs in `specs/`: the
//! build script of faceauth-clients, as a library (its `build.rs` calls [`run_build_script`]), so
//! that its tests call the real functions and its dependencies are declared once.
//!
//! For every `specs/<vendor>.yaml` this writes `$OUT_DIR/<vendor>.rs`, which `src/<vendor>/mod.rs`
//! includes. A spec that cannot be generated fails the build with the spec's file name, the place
//! in the spec and what is wrong: never a bare panic.
//!
//! Two things are done to a spec before progenitor sees it, both because of what progenitor 0.15
//! cannot do (see the maintainers' guide, "How the specs become clients"):
//! - operations marked `x-faceauth-handwritten` (multipart uploads) are left out; they are written
//!   by hand in `src/<vendor>/` with the generated types;
//! - every response body must be a `$ref` to a named component: progenitor silently merges two
//!   different inline error bodies into one type, and panics on others.
//!
//! The specs' extensions are read through [`faceauth_spec::extension`], the one vocabulary the
//! tools read them with too.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use faceauth_spec::extension::{HANDWRITTEN, RUST_TYPE};
use progenitor::{GenerationSettings, Generator, TypeImpl};
use serde_yaml::Value;

mod field_docs;
pub use field_docs::doc_text;
mod object_only;
mod operations;
mod optional_collections;
mod requests;
mod rewrite;
mod spec_operations;

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What `build.rs` of faceauth-clients does: generates the clients of the vendors whose cargo
/// features are on into `OUT_DIR`, tells rustc which vendors are built (`faceauth_vendor`), and
/// fails the build with one line per spec that cannot be generated.
pub fn run_build_script() {
    println!("cargo:rerun-if-changed=specs");
    println!("cargo:rerun-if-changed=build.rs");

    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));

    // Some specs make progenitor panic instead of returning an error; `generate` catches the
    // panic and names the spec, so the default hook's message would only repeat it. Set once,
    // here, for this single-threaded process (never from `generate`, which tests call in parallel).
    std::panic::set_hook(Box::new(|_| {}));
    // One cargo feature per vendor: a vendor not built is not generated, and its module is not
    // compiled (src/lib.rs reads the `faceauth_vendor` cfg set here).
    let vendors: Vec<String> = spec_files(&manifest_dir.join("specs"))
        .unwrap_or_default()
        .iter()
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect();
    let feature_set = |name: &str| std::env::var_os(name).is_some();
    let built = |vendor: &str| vendor_built(vendor, &vendors, feature_set);
    let quoted: Vec<String> = vendors.iter().map(|v| format!("{v:?}")).collect();
    println!(
        "cargo::rustc-check-cfg=cfg(faceauth_vendor, values({}))",
        quoted.join(", ")
    );
    for vendor in vendors.iter().filter(|v| built(v)) {
        println!("cargo::rustc-cfg=faceauth_vendor={vendor:?}");
    }
    let failures = generate_all(&manifest_dir, &out_dir, &built);
    if !failures.is_empty() {
        for failure in &failures {
            // `cargo::error` shows the line as a build error; stderr keeps it in the build log.
            println!("cargo::error={}", failure.replace('\n', " "));
            eprintln!("error: {failure}");
        }
        std::process::exit(1);
    }
}

/// Whether `vendor` (a spec's file stem) is built: its cargo feature is on, or no vendor's feature
/// is (`default-features = false` with no vendor named builds all of them, as before there were
/// vendor features, so that a build choosing its TLS that way keeps compiling). `is_set` says
/// whether an environment variable is set.
pub fn vendor_built(vendor: &str, vendors: &[String], is_set: impl Fn(&str) -> bool) -> bool {
    vendor_feature_enabled(vendor, &is_set)
        || !vendors.iter().any(|v| vendor_feature_enabled(v, &is_set))
}

/// Whether the cargo feature named after `vendor` (the spec's file stem) is on: cargo tells a
/// build script through `CARGO_FEATURE_<NAME>` (upper case, `-` as `_`).
pub fn vendor_feature_enabled(vendor: &str, is_set: impl Fn(&str) -> bool) -> bool {
    is_set(&format!(
        "CARGO_FEATURE_{}",
        vendor.to_ascii_uppercase().replace('-', "_")
    ))
}

/// Generates `<out_dir>/<vendor>.rs` for every `<root>/specs/<vendor>.yaml` that `wanted` keeps.
/// Returns one message per spec that failed, each starting with the spec's path relative to
/// `root`.
pub fn generate_all(root: &Path, out_dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Vec<String> {
    let specs_dir = root.join("specs");
    let spec_paths = match spec_files(&specs_dir) {
        Ok(paths) => paths,
        Err(e) => return vec![format!("cannot read {}: {e}", specs_dir.display())],
    };
    if spec_paths.is_empty() {
        return vec![format!("{} holds no *.yaml spec", specs_dir.display())];
    }
    let mut failures = Vec::new();
    for spec_path in spec_paths {
        let display = spec_path
            .strip_prefix(root)
            .unwrap_or(&spec_path)
            .display()
            .to_string();
        let vendor = spec_path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if !wanted(&vendor) {
            continue;
        }
        match generate(&spec_path) {
            Ok((code, handwritten_docs)) => {
                let target = out_dir.join(format!("{vendor}.rs"));
                if let Err(e) = std::fs::write(&target, code) {
                    failures.push(format!("{display}: cannot write {}: {e}", target.display()));
                }
                // The spec's sections of each hand-written method's rustdoc, which the method
                // includes (`#[doc = include_str!(concat!(env!("OUT_DIR"), "/VENDOR.ID.md"))]`).
                for (operation, doc) in handwritten_docs {
                    let target = out_dir.join(format!("{vendor}.{operation}.md"));
                    if let Err(e) = std::fs::write(&target, doc) {
                        failures.push(format!("{display}: cannot write {}: {e}", target.display()));
                    }
                }
            }
            Err(e) => failures.push(format!("{display}: {e}")),
        }
    }
    failures
}

/// The spec files, sorted so that generation order (and any error list) is stable.
fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Parses, checks and generates one spec; the error says where in the spec the problem is.
fn generate(path: &Path) -> Result<(String, Vec<(String, String)>), String> {
    let text = faceauth_spec::load::read(path, "").map_err(|e| e.reason())?;
    // A spec is untrusted input: read within the bounds every reader of the project keeps
    // (size, nesting, no aliases, no reference cycle), and refused before progenitor sees it.
    // A syntax error carries its line and column.
    faceauth_spec::load::load("", &text).map_err(|e| {
        let version = matches!(e, faceauth_spec::load::LoadError::NotOpenApi { .. })
            .then(|| serde_yaml::from_str::<Value>(&text).ok())
            .flatten()
            .and_then(|doc| {
                doc.get("openapi")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
        match version {
            Some(version) if !version.starts_with("3.0.") => {
                format!("at `openapi`: progenitor supports OpenAPI 3.0.x only, found {version:?}")
            }
            _ => e.reason(),
        }
    })?;
    let mut doc: Value = serde_yaml::from_str(&text).map_err(|e| format!("not valid YAML: {e}"))?;
    check_named_response_bodies(&doc)?;
    let operations = spec_operations::spec_operations(&doc)?;
    let handwritten_types = handwritten_types(&doc);
    let property_orders = requests::property_orders(&doc);
    let redacted_fields = spec_operations::redacted_fields(&doc);
    let mut operations = operations;
    let all_servers = spec_operations::all_servers(&doc, &operations);
    spec_operations::mark_narrow_servers(&mut operations, &all_servers);
    let generated_operations: Vec<String> = operations
        .iter()
        .filter(|o| !o.handwritten)
        .map(|o| o.id.clone())
        .collect();
    let optional_collections = optional_collections::in_spec(&doc);
    let coded_envelope = match doc.get(faceauth_spec::extension::CODED_ENVELOPE) {
        None => false,
        Some(mark) => {
            let mark = serde_json::to_value(mark).map_err(|e| e.to_string())?;
            faceauth_spec::extension::CodedEnvelopeMark::parse(&mark)?;
            true
        }
    };
    strip_handwritten_operations(&mut doc);
    strip_bodiless_errors(&mut doc);
    widen_floats(&mut doc);

    let spec = to_openapi(doc)?;

    let mut settings = GenerationSettings::new();
    settings
        // Credentials, servers, retries and tracing are the runtime's (`src/runtime/`): the
        // client's state is its `ClientState`.
        .with_inner_type(quote_path("crate::runtime::ClientState"))
        // Maps (additionalProperties) print and serialise in a stable order: snapshots and logs
        // do not change from run to run.
        .with_map_type("::std::collections::BTreeMap");
    for (component, rust_type) in rust_type_replacements(&spec) {
        settings.with_replacement(
            component,
            rust_type,
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    let mut generator = Generator::new(&settings);

    // Some shapes make progenitor panic instead of returning an error: keep the spec's name.
    let generated = catch_unwind(AssertUnwindSafe(|| generator.generate_tokens(&spec)));
    let tokens = match generated {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => return Err(format!("progenitor cannot generate a client: {e}")),
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown reason".to_owned());
            return Err(format!(
                "progenitor panicked while generating the client: {why}"
            ));
        }
    };
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("progenitor produced code that does not parse: {e}"))?;
    let opened = open_string_enums(&mut file);
    let made_optional = optional_collections::make_optional(&mut file);
    if made_optional != optional_collections {
        return Err(format!(
            "progenitor's output changed: build.rs expected {optional_collections} optional lists and maps to make `Option`s (the spec's), found {made_optional} (see build/optional_collections.rs)"
        ));
    }
    // Every spec has object schemas: finding no struct to edit means progenitor's output changed.
    if object_only::objects_only(&mut file) == 0 {
        return Err(
            "progenitor's output changed: build.rs found no struct deriving `::serde::Deserialize` to make object-only (see build/object_only.rs)"
                .to_owned(),
        );
    }
    // A field left without a doc does not stop the build (a spec being edited builds as it is):
    // the tests count undocumented fields at zero (tests/generated_code.rs, spec_docs.rs).
    field_docs::document_fields(&mut file, &component_type_docs(&spec));
    rewrite::rewrite(&mut file, &generated_operations, coded_envelope)?;
    let sides = requests::sides(&file, &operations, &handwritten_types);
    let vendor_doc = requests::VendorDoc::of(&operations, coded_envelope);
    requests::apply(&mut file, &operations, &sides, &property_orders, vendor_doc)?;
    file.items.insert(
        0,
        syn::parse_quote! {
            #[allow(unused_imports)]
            pub use crate::response::{Error, ResponseValue};
        },
    );
    let vendor = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let table = operations::generate(&file, vendor, &operations, &all_servers, &redacted_fields)?;
    let table: syn::File = syn::parse2(table)
        .map_err(|e| format!("build.rs generated an operation table that does not parse: {e}"))?;
    file.items.extend(table.items);
    let mut code = String::from("// @generated by build.rs from the vendor's spec. Do not edit.\n");
    code.push_str(&render_open_enums(
        prettyplease::unparse(&file),
        &opened,
        &sides,
    )?);
    let handwritten_docs = operations
        .iter()
        .filter(|operation| operation.handwritten)
        .map(|operation| {
            let mut doc = String::from("\n");
            for line in requests::operation_doc(operation, vendor_doc) {
                doc.push_str(&line);
                doc.push('\n');
            }
            (operation.id.clone(), doc)
        })
        .collect();
    Ok((code, handwritten_docs))
}

/// The components the hand-written operations send (request bodies) and receive (responses), by
/// the names progenitor gives them: (type name, sent).
fn handwritten_types(doc: &Value) -> Vec<(String, bool)> {
    use heck::ToPascalCase;
    let component = |node: &Value| -> Option<String> {
        let reference = node.get("schema")?.get("$ref")?.as_str()?;
        Some(reference.rsplit('/').next()?.to_pascal_case())
    };
    let mut types = Vec::new();
    for (_, _, op) in operations_of(doc) {
        if op.get(HANDWRITTEN).is_none() {
            continue;
        }
        let contents = |node: Option<&Value>| -> Vec<Value> {
            node.and_then(|n| n.get("content"))
                .and_then(Value::as_mapping)
                .map(|c| c.values().cloned().collect())
                .unwrap_or_default()
        };
        for media in contents(op.get("requestBody")) {
            types.extend(component(&media).map(|name| (name, true)));
        }
        for (_, response) in op
            .get("responses")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
        {
            for media in contents(Some(response)) {
                types.extend(component(&media).map(|name| (name, false)));
            }
        }
    }
    types
}

/// Reads the document as OpenAPI; on failure, names the deepest place that does not fit.
fn to_openapi(doc: Value) -> Result<openapiv3::OpenAPI, String> {
    let whole_error = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(doc.clone()) {
        Ok(spec) => return Ok(spec),
        Err(e) => e,
    };
    // The OpenAPI model's untagged enums (`$ref` or inline) stop serde_path_to_error at the
    // enclosing map, so look again one path item, or one component, at a time.
    let narrower = |prefix: String, value: &Value, what: fn(&Value) -> Result<(), String>| {
        what(value).err().map(|inner| (prefix, inner))
    };
    let mut found = None;
    if let Some(paths) = doc.get("paths").and_then(Value::as_mapping) {
        for (path, item) in paths {
            let prefix = format!("paths.{}", path.as_str().unwrap_or_default());
            found = found.or_else(|| narrower(prefix, item, located::<openapiv3::PathItem>));
        }
    }
    if let Some(components) = doc.get("components") {
        found = found.or_else(|| {
            narrower("components".into(), components, |v| {
                located::<openapiv3::Components>(v)
            })
        });
    }
    Err(match found {
        Some((prefix, inner)) => format!("at `{prefix}{inner}"),
        None => format!(
            "at `{}`: not a valid OpenAPI 3.0 document: {}",
            whole_error.path(),
            whole_error.inner()
        ),
    })
}

/// Deserialises one part of the document; the error starts with the path inside that part.
fn located<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), String> {
    match serde_path_to_error::deserialize::<_, T>(value.clone()) {
        Ok(_) => Ok(()),
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." {
                String::new()
            } else {
                format!(".{path}")
            };
            Err(format!(
                "{path}`: not a valid OpenAPI 3.0 document: {}",
                e.inner()
            ))
        }
    }
}

/// Replaces every string enum of the generated `types` by an open enum (`src/open_enum.rs`): an
/// undocumented value decodes as `Unknown(raw)` instead of failing the whole response.
///
/// Each enum becomes a placeholder item; [`render_open_enums`] writes the `open_enum!` invocation
/// in its place after formatting (prettyplease cannot format a macro's body).
fn open_string_enums(file: &mut syn::File) -> Vec<OpenEnum> {
    let mut opened = Vec::new();
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if module.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        opened.extend(items.iter().filter_map(|item| match item {
            syn::Item::Enum(e) => OpenEnum::from_string_enum(e),
            _ => None,
        }));
        let is_opened = |ident: &syn::Ident| opened.iter().any(|o| *ident == o.name);
        // Drop the closed enums and the impls progenitor wrote for them (Display, FromStr, ...).
        items.retain(|item| match item {
            syn::Item::Enum(e) => !is_opened(&e.ident),
            syn::Item::Impl(i) => !matches!(&*i.self_ty, syn::Type::Path(p)
                if p.path.segments.last().is_some_and(|s| is_opened(&s.ident))),
            _ => true,
        });
        for open in &opened {
            let placeholder = quote::format_ident!("{}", open.placeholder());
            items.push(syn::parse_quote! { pub struct #placeholder; });
        }
    }
    opened
}

/// A string enum of the generated types: its name, docs and (variant, wire value) pairs.
struct OpenEnum {
    name: String,
    docs: Vec<String>,
    variants: Vec<(Vec<String>, String, String)>,
}

impl OpenEnum {
    /// `None` unless every variant is a unit variant (a string enum).
    fn from_string_enum(e: &syn::ItemEnum) -> Option<Self> {
        let mut variants = Vec::new();
        for variant in &e.variants {
            if !matches!(variant.fields, syn::Fields::Unit) {
                return None;
            }
            let mut wire = variant.ident.to_string();
            for attr in variant.attrs.iter().filter(|a| a.path().is_ident("serde")) {
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename") {
                        wire = meta.value()?.parse::<syn::LitStr>()?.value();
                    }
                    Ok(())
                });
            }
            variants.push((doc_lines(&variant.attrs), variant.ident.to_string(), wire));
        }
        Some(Self {
            name: e.ident.to_string(),
            docs: doc_lines(&e.attrs),
            variants,
        })
    }

    fn placeholder(&self) -> String {
        format!("FaceauthOpenEnumPlaceholder{}", self.name)
    }

    /// The invocation, indented for the `types` module: `request_enum!` for an enum that is only
    /// ever sent (closed, with a named escape hatch), `open_enum!` for one that is received.
    fn render(&self, sent_only: bool) -> String {
        let makro = if sent_only {
            "request_enum"
        } else {
            "open_enum"
        };
        let mut out = format!("    crate::open_enum::{makro}! {{\n");
        for line in &self.docs {
            out.push_str(&format!("        ///{line}\n"));
        }
        out.push_str(&format!("        pub enum {} {{\n", self.name));
        for (docs, variant, wire) in &self.variants {
            for line in docs {
                out.push_str(&format!("            ///{line}\n"));
            }
            out.push_str(&format!("            {variant} = {wire:?},\n"));
        }
        out.push_str("        }\n    }");
        out
    }
}

fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .flat_map(|doc| doc.lines().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// Writes each open enum's invocation where its placeholder was formatted.
fn render_open_enums(
    code: String,
    opened: &[OpenEnum],
    sides: &requests::Sides,
) -> Result<String, String> {
    let mut code = code;
    for open in opened {
        let line = format!("    pub struct {};", open.placeholder());
        if !code.contains(&line) {
            return Err(format!(
                "build.rs lost the placeholder of the enum {}",
                open.name
            ));
        }
        code = code.replace(&line, &open.render(sides.sent_only(&open.name)));
    }
    Ok(code)
}

/// Every schema component given inline, with the name of the type progenitor generates for it.
fn component_schemas(
    spec: &openapiv3::OpenAPI,
) -> impl Iterator<Item = (String, &openapiv3::Schema)> {
    use heck::ToPascalCase;
    spec.components
        .iter()
        .flat_map(|components| &components.schemas)
        .filter_map(|(name, schema)| match schema {
            openapiv3::ReferenceOr::Item(schema) => Some((name.to_pascal_case(), schema)),
            openapiv3::ReferenceOr::Reference { .. } => None,
        })
}

/// Components marked `x-faceauth-rust-type: <path>` are generated as that hand-written type (for
/// example face images as `crate::image::EncodedImage`, whose `Debug` never shows the image).
/// The type must serialise as the schema says and implement `Display` and `FromStr`.
fn rust_type_replacements(spec: &openapiv3::OpenAPI) -> Vec<(String, String)> {
    component_schemas(spec)
        .filter_map(|(type_name, schema)| {
            let rust_type = schema.schema_data.extensions.get(RUST_TYPE)?;
            Some((type_name, rust_type.as_str()?.to_owned()))
        })
        .collect()
}

/// The first sentence of each component's description, by the name of the type generated for it
/// (its Rust path where it is generated as a hand-written type: `x-faceauth-rust-type`).
fn component_type_docs(spec: &openapiv3::OpenAPI) -> std::collections::BTreeMap<String, String> {
    component_schemas(spec)
        .filter_map(|(type_name, schema)| {
            let type_name = match schema.schema_data.extensions.get(RUST_TYPE) {
                Some(rust_type) => rust_type.as_str()?.to_owned(),
                None => type_name,
            };
            let description = schema.schema_data.description.as_deref()?;
            Some((type_name, field_docs::first_sentence(description)?))
        })
        .collect()
}

fn quote_path(path: &str) -> proc_macro2::TokenStream {
    path.parse().expect("a Rust path")
}

/// Every operation of the spec as (path, method, operation).
fn operations_of(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut ops = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_mapping) {
        for (path, item) in paths {
            let path = path.as_str().unwrap_or_default().to_owned();
            for method in HTTP_METHODS {
                if let Some(op) = item.get(method) {
                    ops.push((path.clone(), method.to_owned(), op));
                }
            }
        }
    }
    ops
}

/// Every response body must be a `$ref` to a named component (see the module docs).
fn check_named_response_bodies(doc: &Value) -> Result<(), String> {
    let mut problems = String::new();
    for (path, method, op) in operations_of(doc) {
        let Some(responses) = op.get("responses").and_then(Value::as_mapping) else {
            continue;
        };
        for (status, response) in responses {
            let status = status_key(status);
            let Some(content) = response.get("content").and_then(Value::as_mapping) else {
                continue;
            };
            for (media_type, media) in content {
                let named = media
                    .get("schema")
                    .and_then(|s| s.get("$ref"))
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.starts_with("#/components/schemas/"));
                if !named {
                    let _ = write!(
                        problems,
                        "\n  at `paths.{path}.{method}.responses.{status}.content.{}.schema`: a response body must be a $ref to a named component under #/components/schemas",
                        media_type.as_str().unwrap_or_default()
                    );
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("response bodies without a named schema:{problems}"))
    }
}

/// `format: float` numbers are generated as f64, not f32: the vendors send decimals (Verisoul's
/// 0.2429) that f32 cannot hold, and the conformance suite fails on a value the types change.
fn widen_floats(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            let is_float = map.get("format").and_then(Value::as_str) == Some("float");
            if is_float {
                map.insert("format".into(), "double".into());
            }
            map.values_mut().for_each(widen_floats);
        }
        Value::Sequence(items) => items.iter_mut().for_each(widen_floats),
        _ => {}
    }
}

/// An error status documented without a body (Verisoul's 429: its rate limit) is a fact about the
/// status alone. progenitor would make it a second error type beside the documented error body
/// (and panics on two), so it is kept out of what progenitor sees; the generated method's
/// catch-all arm then types it (`Error::RateLimited` for 429, see `src/response.rs`).
fn strip_bodiless_errors(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_mapping_mut) else {
        return;
    };
    for (_, item) in paths.iter_mut() {
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !method.as_str().is_some_and(|m| HTTP_METHODS.contains(&m)) {
                continue;
            }
            let Some(responses) = op.get_mut("responses").and_then(Value::as_mapping_mut) else {
                continue;
            };
            responses.retain(|status, response| {
                let error = status
                    .as_str()
                    .and_then(|s| s.parse::<u16>().ok())
                    .is_some_and(|s| s >= 400);
                !(error && response.get("content").is_none())
            });
        }
    }
}

/// Removes the operations marked `x-faceauth-handwritten`, and path items left empty.
fn strip_handwritten_operations(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_mapping_mut) else {
        return;
    };
    let mut emptied = Vec::new();
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        let handwritten: Vec<Value> = item
            .iter()
            .filter(|(k, v)| {
                k.as_str().is_some_and(|m| HTTP_METHODS.contains(&m))
                    && v.get(HANDWRITTEN).is_some()
            })
            .map(|(k, _)| k.clone())
            .collect();
        for method in handwritten {
            item.remove(&method);
        }
        let has_operation = item
            .keys()
            .any(|k| k.as_str().is_some_and(|m| HTTP_METHODS.contains(&m)));
        if !has_operation {
            emptied.push(path.clone());
        }
    }
    for path in emptied {
        paths.remove(&path);
    }
}

/// A `responses` key as text: `"200"` whether the spec quotes it or YAML read it as a number.
pub fn status_key(status: &Value) -> String {
    match status {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

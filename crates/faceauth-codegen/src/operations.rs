//! Generates each vendor's operation table from its spec: an `Operation` enum (one variant per
//! operationId), the static `OPERATIONS` table of `crate::OperationMeta` the runtime reads
//! (credential, servers, read-only, redacted fields), and `Client::call_json`, which calls an
//! operation's typed method with its parameters and body given as JSON
//! (`crate::json_call::JsonRequest`) and reduces the typed result to JSON
//! (`crate::json_call::JsonOutcome`). The conformance runner and `faceauth call` use it; nobody
//! writes an operationId -> method table by hand, and nothing matches an operation by its name.
//!
//! Operations marked `x-faceauth-handwritten` (multipart) have no generated method: the dispatch
//! sends them to `Client::call_handwritten(HandwrittenOperation, ..)`, which the vendor module
//! writes with an exhaustive `match`, so a new hand-written operation in a spec is a compile
//! error until it has its entry.

use faceauth_spec::extension::{live_set, ReadOnlyMark, HANDWRITTEN, LIVE_SET, READ_ONLY};
use faceauth_spec::fields::{sensitive_fields, Sensitive};
use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_yaml::Value;

/// A node of the spec as JSON, as the shared vocabulary reads it.
fn as_json(node: &Value) -> serde_json::Value {
    serde_json::to_value(node).unwrap_or_default()
}

/// One operation of the spec, as the table and the JSON calls need it.
pub struct SpecOperation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub handwritten: bool,
    /// False where the spec says `security: []` (the operation's own, else the spec's).
    pub needs_credential: bool,
    /// `x-faceauth-read-only`: the reason, the inputs (name, environment variable) and why it
    /// may be billed.
    pub read_only: Option<ReadOnlyMark>,
    /// Parameter names as the spec spells them.
    pub parameters: Vec<String>,
    /// The query parameters among them (the generated method takes them as one value).
    pub query_parameters: Vec<String>,
    /// The documented responses: (status, description), in the spec's order.
    pub responses: Vec<(String, String)>,
    /// The vendor's page for the operation (`externalDocs.url`), if the spec names one.
    pub vendor_page: Option<String>,
    /// The base URLs the documents list for the operation: the operation's `servers`, else its
    /// path's, else the spec's.
    pub servers: Vec<String>,
}

/// Every operation of the spec document (before hand-written ones are stripped), in order.
pub fn spec_operations(doc: &Value) -> Result<Vec<SpecOperation>, String> {
    let mut found = Vec::new();
    for (path, method, op) in super::operations(doc) {
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            return Err(format!(
                "at `paths.{path}.{method}`: an operation needs an operationId"
            ));
        };
        let mut parameters = Vec::new();
        let mut query_parameters = Vec::new();
        let item_parameters = doc
            .get("paths")
            .and_then(|p| p.get(path.as_str()))
            .and_then(|i| i.get("parameters"))
            .and_then(Value::as_sequence);
        let op_parameters = op.get("parameters").and_then(Value::as_sequence);
        for parameter in item_parameters.into_iter().chain(op_parameters).flatten() {
            let parameter = resolve(doc, parameter);
            if let Some(name) = parameter.get("name").and_then(Value::as_str) {
                parameters.push(name.to_owned());
                if parameter.get("in").and_then(Value::as_str) == Some("query") {
                    query_parameters.push(name.to_owned());
                }
            }
        }
        let path_item = doc.get("paths").and_then(|p| p.get(path.as_str()));
        let servers = server_urls(op)
            .or_else(|| path_item.and_then(server_urls))
            .or_else(|| server_urls(doc))
            .unwrap_or_default();
        let security = op.get("security").or_else(|| doc.get("security"));
        let needs_credential = !security
            .and_then(Value::as_sequence)
            .is_some_and(Vec::is_empty);
        let read_only = match op.get(READ_ONLY) {
            None => None,
            Some(mark) => Some(
                ReadOnlyMark::parse(&as_json(mark))
                    .map_err(|why| format!("at `paths.{path}.{method}.{READ_ONLY}`: {why}"))?,
            ),
        };
        // Read here only to fail the build on a malformed mark; the live check reads it from
        // the spec (the clients carry nothing of it).
        if let Some(set) = op.get(LIVE_SET) {
            live_set(&as_json(set))
                .map_err(|why| format!("at `paths.{path}.{method}.{LIVE_SET}`: {why}"))?;
        }
        let responses = op
            .get("responses")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
            .map(|(status, response)| {
                let status = super::status_key(status);
                let description = response
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (status, description)
            })
            .collect();
        let vendor_page = op
            .get("externalDocs")
            .and_then(|d| d.get("url"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        found.push(SpecOperation {
            responses,
            vendor_page,
            id: id.to_owned(),
            method: method.to_uppercase(),
            path,
            handwritten: op.get(HANDWRITTEN).is_some(),
            needs_credential,
            read_only,
            parameters,
            query_parameters,
            servers,
        });
    }
    Ok(found)
}

/// The URLs of `servers` on a spec, path item or operation, if it lists any.
fn server_urls(node: &Value) -> Option<Vec<String>> {
    let servers = node.get("servers")?.as_sequence()?;
    Some(
        servers
            .iter()
            .filter_map(|s| s.get("url")?.as_str())
            .map(|url| url.trim_end_matches('/').to_owned())
            .collect(),
    )
}

/// Every server the spec names: its own `servers`, then those only some operations list, in
/// the order they first appear.
pub fn all_servers(doc: &Value, operations: &[SpecOperation]) -> Vec<String> {
    let mut all: Vec<String> = server_urls(doc).unwrap_or_default();
    for url in operations.iter().flat_map(|op| &op.servers) {
        if !all.contains(url) {
            all.push(url.clone());
        }
    }
    all
}

/// A `$ref` to `#/components/...`, followed once.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
        return value;
    };
    let mut target = doc;
    for part in reference.trim_start_matches("#/").split('/') {
        match target.get(part) {
            Some(next) => target = next,
            None => return value,
        }
    }
    target
}

/// The operation table and the JSON calls for `file` (the generated client, already rewritten).
/// `vendor` is the spec's file stem (`verisoul`), which names the `crate::Vendor` variant.
pub fn generate(
    file: &syn::File,
    vendor: &str,
    operations: &[SpecOperation],
    all_servers: &[String],
    redacted_fields: &[String],
) -> Result<TokenStream, String> {
    let methods = generated_methods(file);
    let vendor_variant = format_ident!("{}", vendor.to_pascal_case());
    let mut variants = Vec::new();
    let mut docs = Vec::new();
    let mut arms = Vec::new();
    let mut handwritten = Vec::new();
    let mut entries = Vec::new();
    for (index, operation) in operations.iter().enumerate() {
        let variant = format_ident!("{}", operation.id.to_pascal_case());
        let doc = format!(
            "`{} {}` (`{}`)",
            operation.method, operation.path, operation.id
        );
        let id = &operation.id;
        let method_name = operation.id.to_snake_case();
        if operation.handwritten {
            arms.push(quote! {
                Operation::#variant => self.call_handwritten(HandwrittenOperation::#variant, request).await?
            });
            handwritten.push((variant.clone(), doc.clone()));
        } else {
            let Some(signature) = methods.iter().find(|m| m.ident == method_name) else {
                return Err(format!(
                    "operation {id}: progenitor generated no method `{method_name}` for it"
                ));
            };
            let method = format_ident!("{method_name}");
            let mut arguments = Vec::new();
            for input in signature.inputs.iter().skip(1) {
                let syn::FnArg::Typed(typed) = input else {
                    continue;
                };
                let syn::Pat::Ident(arg) = &*typed.pat else {
                    continue;
                };
                arguments.push(argument(
                    file,
                    operation,
                    &arg.ident.to_string(),
                    &typed.ty,
                )?);
            }
            arms.push(quote! {
                Operation::#variant => crate::json_call::JsonOutcome::from_result(
                    self.#method(#(#arguments),*).await
                )
            });
        }
        let (http_method, path, urls) = (&operation.method, &operation.path, &operation.servers);
        let (needs_credential, is_handwritten) =
            (operation.needs_credential, operation.handwritten);
        let read_only = match &operation.read_only {
            None => quote! { ::std::option::Option::None },
            Some(mark) => {
                let reason = &mark.reason;
                let may_be_billed = match &mark.may_be_billed {
                    None => quote! { ::std::option::Option::None },
                    Some(why) => quote! { ::std::option::Option::Some(#why) },
                };
                quote! {
                    ::std::option::Option::Some(crate::operation::ReadOnly {
                        reason: #reason,
                        may_be_billed: #may_be_billed,
                    })
                }
            }
        };
        entries.push(quote! {
            crate::OperationMeta {
                vendor: crate::Vendor::#vendor_variant,
                index: #index,
                id: #id,
                method_name: #method_name,
                http_method: #http_method,
                path: #path,
                needs_credential: #needs_credential,
                servers: &[#(#urls),*],
                read_only: #read_only,
                handwritten: #is_handwritten,
                redacted_fields: REDACTED_BODY_FIELDS,
            }
        });
        variants.push(variant);
        docs.push(doc);
    }
    let count = operations.len();
    let handwritten_enum = if handwritten.is_empty() {
        quote! {}
    } else {
        let (names, hdocs): (Vec<_>, Vec<_>) = handwritten.into_iter().unzip();
        quote! {
            /// The operations written by hand (`x-faceauth-handwritten`: multipart), which
            /// [`Client::call_json`] passes to `Client::call_handwritten`.
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub(crate) enum HandwrittenOperation {
                #(#[doc = #hdocs] #names,)*
            }
        }
    };
    Ok(quote! {
        /// Every operation of the vendor's spec, in the spec's order. [`Operation::meta`] is its
        /// entry in the operation table. Non-exhaustive: an operation the vendor adds is a new
        /// variant in a minor release.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            #(#[doc = #docs] #variants,)*
        }

        /// The operation table: one entry per operation, in the order of [`Operation::ALL`].
        pub static OPERATIONS: [crate::OperationMeta; #count] = [#(#entries),*];

        impl Operation {
            /// Every operation, in the spec's order.
            pub const ALL: &'static [Operation] = &[#(Operation::#variants),*];

            /// The operation's entry in the table: what the runtime, the conformance runner and
            /// the `faceauth` command know of it.
            #[inline]
            pub fn meta(self) -> &'static crate::OperationMeta {
                &OPERATIONS[self as usize]
            }

            /// The operation's `operationId`.
            pub fn id(self) -> &'static str {
                self.meta().id
            }

            /// The operation with this `operationId` (where one comes in as text: a command-line
            /// argument, a traffic file).
            pub fn from_id(id: &str) -> ::std::option::Option<Self> {
                Self::ALL.iter().copied().find(|operation| operation.id() == id)
            }

            /// The name of the client's method for the operation (snake case, as progenitor
            /// names it).
            pub fn method_name(self) -> &'static str {
                self.meta().method_name
            }

            /// The base URLs the vendor's documents list for the operation (its `servers` in
            /// the spec). A client made for a documented `Server` that is not one of them
            /// refuses the call without sending it; a client made for any other base URL (a
            /// mock, a proxy) sends it.
            pub fn servers(self) -> &'static [&'static str] {
                self.meta().servers
            }
        }

        /// Every server the spec names: a client whose base URL is one of them sends only the
        /// operations documented there (see [`Operation::servers`]).
        pub(crate) const DOCUMENTED_SERVERS: &[&str] = &[#(#all_servers),*];

        /// Response body fields whose values a traffic record never keeps: secrets (components
        /// generated as `crate::Secret`) and images (`crate::image::EncodedImage`), from the spec.
        pub const REDACTED_BODY_FIELDS: &[&str] = &[#(#redacted_fields),*];

        impl ::std::fmt::Display for Operation {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }

        #handwritten_enum

        impl Client {
            /// Calls `operation` with its parameters and body given as JSON, and reduces what it
            /// returned to JSON. An error means the input does not fit the operation's types, and
            /// nothing was sent.
            pub async fn call_json(
                &self,
                operation: Operation,
                request: &crate::json_call::JsonRequest,
            ) -> ::std::result::Result<crate::json_call::JsonOutcome, crate::json_call::InputError> {
                ::std::result::Result::Ok(match operation {
                    #(#arms,)*
                })
            }
        }
    })
}

/// The properties whose values a traffic record replaces: secrets and face images
/// ([`faceauth_spec::fields`], the rule the tools read too).
pub fn redacted_fields(doc: &Value) -> Vec<String> {
    let doc = serde_json::to_value(doc).unwrap_or_default();
    sensitive_fields(&doc, &[Sensitive::Secret, Sensitive::Image])
}

/// The `async fn`s of the generated `impl Client` blocks.
fn generated_methods(file: &syn::File) -> Vec<syn::Signature> {
    let mut methods = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(i) = item else { continue };
        if i.trait_.is_some() {
            continue;
        }
        for impl_item in &i.items {
            if let syn::ImplItem::Fn(f) = impl_item {
                if f.sig.asyncness.is_some() {
                    methods.push(f.sig.clone());
                }
            }
        }
    }
    methods
}

/// The expression that reads one argument of a generated method from the JSON request.
fn argument(
    file: &syn::File,
    operation: &SpecOperation,
    arg: &str,
    ty: &syn::Type,
) -> Result<TokenStream, String> {
    if arg == "query" {
        return query_argument(file, operation);
    }
    if arg == "body" {
        let inner = referenced(ty).ok_or_else(|| {
            format!(
                "operation {}: the body argument is not a reference",
                operation.id
            )
        })?;
        return Ok(quote! { &request.body_as::<#inner>()? });
    }
    let Some(name) = operation
        .parameters
        .iter()
        .find(|p| p.to_snake_case() == arg)
    else {
        return Err(format!(
            "operation {}: the generated argument `{arg}` matches no parameter of the spec",
            operation.id
        ));
    };
    if let Some(option_of) = super::requests::option_inner(ty) {
        return Ok(match referenced(option_of) {
            Some(inner) if is_str(&inner) => {
                quote! { request.optional_param_as::<::std::string::String>(#name)?.as_deref() }
            }
            Some(inner) => quote! { request.optional_param_as::<#inner>(#name)?.as_ref() },
            None => quote! { request.optional_param_as::<#option_of>(#name)? },
        });
    }
    Ok(match referenced(ty) {
        Some(inner) if is_str(&inner) => {
            quote! { &request.param_as::<::std::string::String>(#name)? }
        }
        Some(inner) => quote! { &request.param_as::<#inner>(#name)? },
        None => quote! { request.param_as::<#ty>(#name)? },
    })
}

/// `T` of `&'a T`.
fn referenced(ty: &syn::Type) -> Option<syn::Type> {
    match ty {
        syn::Type::Reference(r) => Some((*r.elem).clone()),
        _ => None,
    }
}

fn is_str(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("str"))
}

/// `&types::<Operation>Query { .. }`, each field read from the JSON request's parameters.
fn query_argument(file: &syn::File, operation: &SpecOperation) -> Result<TokenStream, String> {
    let name = super::requests::query_struct_name(operation);
    let fields = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref(),
            _ => None,
        })
        .flat_map(|(_, items)| items)
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s.fields.clone()),
            _ => None,
        })
        .ok_or_else(|| format!("operation {}: no query struct {name}", operation.id))?;
    let mut inits = Vec::new();
    for field in &fields {
        let ident = field.ident.clone().expect("named fields");
        let spec_name = operation
            .query_parameters
            .iter()
            .find(|p| ident == p.to_snake_case())
            .ok_or_else(|| {
                format!(
                    "operation {}: {name}.{ident} matches no query parameter",
                    operation.id
                )
            })?;
        let value = match super::requests::option_inner(&field.ty) {
            Some(inner) => quote! { request.optional_param_as::<#inner>(#spec_name)? },
            None => {
                let ty = &field.ty;
                quote! { request.param_as::<#ty>(#spec_name)? }
            }
        };
        inits.push(quote! { #ident: #value });
    }
    let ident = format_ident!("{name}");
    Ok(quote! { &types::#ident { #(#inits),* } })
}

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

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::spec_operations::SpecOperation;

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

            /// The name of the client's method for the operation (its `operationId` in snake
            /// case).
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

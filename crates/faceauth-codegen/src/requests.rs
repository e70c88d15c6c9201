//! The generated types as an API that survives the vendor's additive changes (issue "spec changes
//! ship as the semver they are"):
//!
//! - every struct and enum of `types` is `#[non_exhaustive]`: a field or variant the vendor adds
//!   is not a breaking change for code that reads them;
//! - every type that is sent (a request body, what it contains, an operation's query) is built
//!   with `Type::new(required fields)` and one setter per optional field, so an optional field
//!   the vendor adds is a new setter, and a required one changes `new` (a breaking change, as it
//!   is on the wire);
//! - an operation's query parameters are one value, `types::<Operation>Query`, instead of
//!   positional `Option`s;
//! - a string with constraints (`minLength`, `pattern`, ...) has a documented `new` that checks
//!   them and says which one failed.
//!
//! Each edit counts what it changed, like `rewrite.rs`, so a progenitor release whose output no
//! longer fits fails the build with the spec's name instead of silently skipping the edit.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{parse_quote, Fields, ImplItem, Item, Type};

use super::spec_operations::SpecOperation;

/// Which types of `types` are sent to the vendor and which are received from it.
#[derive(Default, Debug)]
pub struct Sides {
    pub sent: BTreeSet<String>,
    pub received: BTreeSet<String>,
}

impl Sides {
    /// A string enum that is only ever sent: closed, with an explicit escape hatch.
    pub fn sent_only(&self, name: &str) -> bool {
        self.sent.contains(name) && !self.received.contains(name)
    }
}

/// What the edits found, for the build's counts.
#[derive(Default, Debug)]
pub struct RequestEdits {
    pub query_structs: usize,
    pub non_exhaustive: usize,
    pub constructors: usize,
    pub checked_strings: usize,
    pub documented_methods: usize,
}

/// The types each side reaches, from the generated methods' signatures (bodies, queries, success
/// and error types) and the hand-written operations' request and response components, closed
/// over the fields of the structs and the variants of the enums they reach.
pub fn sides(
    file: &syn::File,
    operations: &[SpecOperation],
    handwritten_types: &[(String, bool)],
) -> Sides {
    let types = types_module(file);
    let mut sent: BTreeSet<String> = BTreeSet::new();
    let mut received: BTreeSet<String> = BTreeSet::new();
    for method in client_methods(file) {
        for input in method.sig.inputs.iter().skip(1) {
            if let syn::FnArg::Typed(typed) = input {
                collect_type_names(&typed.ty, &mut sent);
            }
        }
        if let syn::ReturnType::Type(_, output) = &method.sig.output {
            collect_type_names(output, &mut received);
        }
    }
    for operation in operations.iter().filter(|o| !o.query_parameters.is_empty()) {
        sent.insert(query_struct_name(operation));
    }
    for (name, is_sent) in handwritten_types {
        if *is_sent {
            sent.insert(name.clone());
        } else {
            received.insert(name.clone());
        }
    }
    Sides {
        sent: closure(&types, sent),
        received: closure(&types, received),
    }
}

/// The named types of `types` that `roots` reach through struct fields and enum variants.
fn closure(types: &BTreeMap<String, Item>, roots: BTreeSet<String>) -> BTreeSet<String> {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<String> = roots.into_iter().collect();
    while let Some(name) = todo.pop() {
        // A name that is not a struct or enum of `types` (an open enum, replaced by a
        // placeholder until it is rendered; `String`, `Option`) is kept, not followed.
        if !reached.insert(name.clone()) || !types.contains_key(&name) {
            continue;
        }
        let mut inner = BTreeSet::new();
        match &types[&name] {
            Item::Struct(s) => s
                .fields
                .iter()
                .for_each(|f| collect_type_names(&f.ty, &mut inner)),
            Item::Enum(e) => {
                for variant in &e.variants {
                    variant
                        .fields
                        .iter()
                        .for_each(|f| collect_type_names(&f.ty, &mut inner));
                }
            }
            _ => {}
        }
        todo.extend(inner);
    }
    reached
}

/// Every path segment name in a type (`Option<Vec<types::Face>>` gives `Option`, `Vec`, `types`,
/// `Face`): the ones that name a type of `types` are kept by the caller's lookup.
fn collect_type_names(ty: &Type, names: &mut BTreeSet<String>) {
    struct Names<'a>(&'a mut BTreeSet<String>);
    impl<'ast> syn::visit::Visit<'ast> for Names<'_> {
        fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
            self.0.insert(segment.ident.to_string());
            syn::visit::visit_path_segment(self, segment);
        }
    }
    syn::visit::Visit::visit_type(&mut Names(names), ty);
}

fn types_module(file: &syn::File) -> BTreeMap<String, Item> {
    let mut types = BTreeMap::new();
    for item in &file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        for item in module.content.iter().flat_map(|(_, items)| items) {
            match item {
                Item::Struct(s) => {
                    types.insert(s.ident.to_string(), item.clone());
                }
                Item::Enum(e) => {
                    types.insert(e.ident.to_string(), item.clone());
                }
                _ => {}
            }
        }
    }
    types
}

fn client_methods(file: &syn::File) -> Vec<&syn::ImplItemFn> {
    let mut methods = Vec::new();
    for item in &file.items {
        let Item::Impl(i) = item else { continue };
        if i.trait_.is_some() || !matches!(&*i.self_ty, Type::Path(p) if p.path.is_ident("Client"))
        {
            continue;
        }
        for impl_item in &i.items {
            if let ImplItem::Fn(f) = impl_item {
                if f.sig.asyncness.is_some() {
                    methods.push(f);
                }
            }
        }
    }
    methods
}

/// `CreateFaceMatchSessionQuery` for `createFaceMatchSession`.
pub fn query_struct_name(operation: &SpecOperation) -> String {
    format!("{}Query", operation.id.to_pascal_case())
}

/// For each component schema (by the type name progenitor gives it), its properties in the order
/// the spec lists them: `new` takes the required ones in that order, as the vendor's document
/// reads, rather than progenitor's alphabetical field order.
pub fn property_orders(doc: &serde_yaml::Value) -> BTreeMap<String, Vec<String>> {
    let Some(schemas) = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(serde_yaml::Value::as_mapping)
    else {
        return BTreeMap::new();
    };
    schemas
        .iter()
        .filter_map(|(name, schema)| {
            let properties = schema.get("properties")?.as_mapping()?;
            let order = properties
                .keys()
                .filter_map(|k| k.as_str())
                .map(|k| k.to_snake_case())
                .collect();
            Some((name.as_str()?.to_pascal_case(), order))
        })
        .collect()
}

/// Applies every edit to the generated `file`.
pub fn apply(
    file: &mut syn::File,
    operations: &[SpecOperation],
    sides: &Sides,
    property_orders: &BTreeMap<String, Vec<String>>,
    vendor: VendorDoc,
) -> Result<RequestEdits, String> {
    let mut edits = RequestEdits::default();
    let mut query_items: Vec<Item> = Vec::new();
    // 1. Queries as one value: the generated methods of operations with query parameters.
    for item in &mut file.items {
        let Item::Impl(i) = item else { continue };
        if i.trait_.is_some() || !matches!(&*i.self_ty, Type::Path(p) if p.path.is_ident("Client"))
        {
            continue;
        }
        for impl_item in &mut i.items {
            let ImplItem::Fn(method) = impl_item else {
                continue;
            };
            if method.sig.asyncness.is_none() {
                continue;
            }
            let name = method.sig.ident.to_string();
            let Some(operation) = operations
                .iter()
                .find(|o| !o.handwritten && o.id.to_snake_case() == name)
            else {
                continue;
            };
            document_responses(method, operation, vendor);
            edits.documented_methods += 1;
            if operation.query_parameters.is_empty() {
                continue;
            }
            query_items.extend(query_struct(method, operation)?);
            edits.query_structs += 1;
        }
    }
    let generated = operations.iter().filter(|o| !o.handwritten).count();
    if edits.documented_methods != generated {
        return Err(format!(
            "progenitor's output changed: build.rs expected {generated} generated methods to document, found {} (see build/requests.rs)",
            edits.documented_methods
        ));
    }
    let expected_queries = operations
        .iter()
        .filter(|o| !o.handwritten && !o.query_parameters.is_empty())
        .count();
    if edits.query_structs != expected_queries {
        return Err(format!(
            "progenitor's output changed: build.rs expected {expected_queries} methods with query parameters, found {} (see build/requests.rs)",
            edits.query_structs
        ));
    }
    // 2. The types module: non-exhaustive types, constructors and setters, checked strings.
    let Some(types) = file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return Err("progenitor's output changed: build.rs found no `types` module".to_owned());
    };
    // The query structs come with their constructors and setters.
    let query_names: BTreeSet<String> = query_items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    types.extend(query_items);
    let mut added: Vec<Item> = Vec::new();
    for item in types.iter_mut() {
        match item {
            // Public ones only: object_only.rs's private decoding copies are no one's API.
            Item::Struct(s)
                if matches!(s.fields, Fields::Named(_))
                    && matches!(s.vis, syn::Visibility::Public(_)) =>
            {
                s.attrs.push(parse_quote! { #[non_exhaustive] });
                edits.non_exhaustive += 1;
                let name = s.ident.to_string();
                if sides.sent.contains(&name) && !query_names.contains(&name) {
                    added.push(constructor_and_setters(s, property_orders.get(&name)));
                    edits.constructors += 1;
                }
            }
            Item::Enum(e) => {
                e.attrs.push(parse_quote! { #[non_exhaustive] });
                edits.non_exhaustive += 1;
            }
            _ => {}
        }
    }
    // Strings with constraints: typify writes their checks in `FromStr`.
    let checked: Vec<(syn::Ident, Vec<String>)> = types
        .iter()
        .filter_map(|item| match item {
            Item::Impl(i) => checked_string(i),
            _ => None,
        })
        .collect();
    for (ident, checks) in checked {
        let doc = format!(
            " `{ident}` from `value`, checked as the spec constrains it: {}. The error says which check failed; no unchecked value can be built, so none is sent.",
            checks.join("; ")
        );
        added.push(parse_quote! {
            impl #ident {
                #[doc = #doc]
                pub fn new(
                    value: impl ::std::convert::Into<::std::string::String>,
                ) -> ::std::result::Result<Self, self::error::ConversionError> {
                    value.into().parse()
                }
            }
        });
        edits.checked_strings += 1;
    }
    types.extend(added);
    Ok(edits)
}

/// `impl X { pub fn new(required..) -> Self; pub fn optional(mut self, v) -> Self; .. }`, the
/// required fields in the spec's order of its properties where it is known.
fn constructor_and_setters(s: &syn::ItemStruct, order: Option<&Vec<String>>) -> Item {
    let ident = &s.ident;
    let mut required = Vec::new();
    let mut setters = Vec::new();
    let mut inits = Vec::new();
    let position = |field: &syn::Field| -> usize {
        let name = field
            .ident
            .as_ref()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let name = name.trim_end_matches('_');
        order
            .and_then(|order| order.iter().position(|p| p == name))
            .unwrap_or(usize::MAX)
    };
    let mut fields: Vec<&syn::Field> = s.fields.iter().collect();
    fields.sort_by_key(|f| position(f));
    for field in fields {
        let name = field.ident.clone().expect("named fields");
        let ty = &field.ty;
        let docs: Vec<&syn::Attribute> = field
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .collect();
        if is_optional(field) {
            inits.push(quote! { #name: ::std::default::Default::default() });
            let setter = match option_inner(ty) {
                Some(inner) => quote! {
                    #(#docs)*
                    pub fn #name(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                        self.#name = ::std::option::Option::Some(value.into());
                        self
                    }
                },
                None => quote! {
                    #(#docs)*
                    pub fn #name(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                        self.#name = value.into();
                        self
                    }
                },
            };
            setters.push(setter);
        } else {
            required.push(quote! { #name: impl ::std::convert::Into<#ty> });
            inits.push(quote! { #name: #name.into() });
        }
    }
    let doc = if setters.is_empty() {
        format!(" `{ident}` from its fields, which the spec requires all.")
    } else {
        format!(
            " `{ident}` from its required fields; set the optional ones with the setters below."
        )
    };
    parse_quote! {
        impl #ident {
            #[doc = #doc]
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new(#(#required),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// A field the spec does not require: typify gives it `#[serde(default ..)]` (lists, maps) or
/// `#[serde(skip_serializing_if = "Option::is_none")]` (an `Option` left out when unset); a
/// required nullable field is an `Option` without either, and is always written.
fn is_optional(field: &syn::Field) -> bool {
    field.attrs.iter().any(|attr| {
        let mut default = false;
        if attr.path().is_ident("serde") {
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("default") || meta.path.is_ident("skip_serializing_if") {
                    default = true;
                }
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::LitStr = meta.value()?.parse()?;
                }
                Ok(())
            });
        }
        default
    })
}

/// `T` of `::std::option::Option<T>` (or of `Option<T>`), else `None`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// `impl FromStr for X { .. Err("longer than 3 characters".into()) .. }`: X and its checks.
fn checked_string(i: &syn::ItemImpl) -> Option<(syn::Ident, Vec<String>)> {
    let (trait_path, _) = i.trait_.as_ref()?;
    if trait_path.segments.last()?.ident != "FromStr" {
        return None;
    }
    let Type::Path(self_ty) = &*i.self_ty else {
        return None;
    };
    let ident = self_ty.path.segments.last()?.ident.clone();
    struct Messages(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Messages {
        fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
            self.0.push(lit.value());
        }
    }
    let mut messages = Messages(Vec::new());
    syn::visit::Visit::visit_item_impl(&mut messages, i);
    // Open enums are rendered later; here only the newtypes whose checks are error messages.
    let checks: Vec<String> = messages
        .0
        .into_iter()
        .filter(|m| m.contains(' '))
        .map(|m| format!("not {m}"))
        .collect();
    (!checks.is_empty()).then_some((ident, checks))
}

/// The query struct of `method`, and the method rewritten to take it: its query arguments are
/// replaced by `query: &'a types::<Operation>Query`, bound back to their names at the top.
fn query_struct(
    method: &mut syn::ImplItemFn,
    operation: &SpecOperation,
) -> Result<Vec<Item>, String> {
    let struct_name = format_ident!("{}", query_struct_name(operation));
    let query_args: Vec<String> = operation
        .query_parameters
        .iter()
        .map(|p| p.to_snake_case())
        .collect();
    let mut fields = Vec::new();
    let mut bindings = Vec::new();
    let mut required = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut kept = syn::punctuated::Punctuated::<syn::FnArg, syn::Token![,]>::new();
    let mut inserted = false;
    for input in std::mem::take(&mut method.sig.inputs) {
        let syn::FnArg::Typed(typed) = &input else {
            kept.push(input);
            continue;
        };
        let syn::Pat::Ident(arg) = &*typed.pat else {
            kept.push(input);
            continue;
        };
        let name = arg.ident.clone();
        if !query_args.contains(&name.to_string()) {
            kept.push(input);
            continue;
        }
        let spec_name = operation
            .query_parameters
            .iter()
            .find(|p| name == p.to_snake_case())
            .expect("found above");
        let doc = format!(" `{spec_name}` (query parameter).");
        let (owned, binding, optional) = owned_query_field(&typed.ty, &name).ok_or_else(|| {
            format!(
                "operation {}: build.rs cannot take the query argument `{name}` of type `{}` into {struct_name}",
                operation.id,
                quote!(#typed.ty)
            )
        })?;
        fields.push(quote! { #[doc = #doc] pub #name: #owned });
        bindings.push(binding);
        if optional {
            let inner = option_inner(&owned)
                .expect("an optional field is an Option")
                .clone();
            inits.push(quote! { #name: ::std::option::Option::None });
            setters.push(quote! {
                #[doc = #doc]
                pub fn #name(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                    self.#name = ::std::option::Option::Some(value.into());
                    self
                }
            });
        } else {
            required.push(quote! { #name: impl ::std::convert::Into<#owned> });
            inits.push(quote! { #name: #name.into() });
        }
        if !inserted {
            kept.push(parse_quote! { query: &'a types::#struct_name });
            inserted = true;
        }
    }
    method.sig.inputs = kept;
    let bindings: Vec<syn::Stmt> = bindings;
    let body = std::mem::take(&mut method.block.stmts);
    method.block.stmts = bindings.into_iter().chain(body).collect();
    let doc = format!(
        " The query parameters of `{}` (`{} {}`): the required ones in `new`, each optional one by its setter.",
        operation.id, operation.method, operation.path
    );
    let derive_default: TokenStream = if required.is_empty() {
        quote! { Default, }
    } else {
        quote! {}
    };
    Ok(vec![
        parse_quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, #derive_default PartialEq)]
            pub struct #struct_name {
                #(#fields,)*
            }
        },
        parse_quote! {
            impl #struct_name {
                #[doc = " The query with its required parameters; the optional ones are unset."]
                #[allow(clippy::new_without_default)]
                pub fn new(#(#required),*) -> Self {
                    Self { #(#inits),* }
                }
                #(#setters)*
            }
        },
    ])
}

/// The owned field type for a query argument of type `ty`, the statement that binds `name` back
/// to what the method's body expects, and whether it is optional.
fn owned_query_field(ty: &Type, name: &syn::Ident) -> Option<(Type, syn::Stmt, bool)> {
    fn referenced(ty: &Type) -> Option<&Type> {
        match ty {
            Type::Reference(r) => Some(&r.elem),
            _ => None,
        }
    }
    fn is_str(ty: &Type) -> bool {
        matches!(ty, Type::Path(p) if p.path.is_ident("str"))
    }
    if let Some(inner) = option_inner(ty) {
        return Some(match referenced(inner) {
            Some(target) if is_str(target) => (
                parse_quote! { ::std::option::Option<::std::string::String> },
                parse_quote! { let #name = query.#name.as_deref(); },
                true,
            ),
            Some(target) => (
                parse_quote! { ::std::option::Option<#target> },
                parse_quote! { let #name = query.#name.as_ref(); },
                true,
            ),
            None => (
                parse_quote! { ::std::option::Option<#inner> },
                parse_quote! { let #name = query.#name.clone(); },
                true,
            ),
        });
    }
    Some(match referenced(ty) {
        Some(target) if is_str(target) => (
            parse_quote! { ::std::string::String },
            parse_quote! { let #name = query.#name.as_str(); },
            false,
        ),
        Some(target) => (
            target.clone(),
            parse_quote! { let #name = &query.#name; },
            false,
        ),
        None => (
            ty.clone(),
            parse_quote! { let #name = query.#name.clone(); },
            false,
        ),
    })
}

/// Appends to a generated method's rustdoc (progenitor's: the spec's summary, description and
/// `METHOD path`) what [`operation_doc`] says.
fn document_responses(method: &mut syn::ImplItemFn, operation: &SpecOperation, vendor: VendorDoc) {
    let mut lines = vec![String::new()];
    lines.extend(operation_doc(operation, vendor));
    for line in lines {
        let line = format!(" {line}");
        method.attrs.push(parse_quote! { #[doc = #line] });
    }
}

/// What an operation's rustdoc needs to know of its vendor's spec.
#[derive(Clone, Copy)]
pub struct VendorDoc {
    /// The vendor answers its refusals in the body of a success (`x-faceauth-coded-envelope`).
    pub refusals_in_body: bool,
    /// A client of the vendor can obtain its own tokens: the spec has a POST that needs no
    /// credential (a login or token call).
    pub obtains_tokens: bool,
}

impl VendorDoc {
    /// The vendor's facts, read from its operations.
    pub fn of(operations: &[SpecOperation], refusals_in_body: bool) -> Self {
        Self {
            refusals_in_body,
            obtains_tokens: operations
                .iter()
                .any(|operation| !operation.needs_credential && operation.method == "POST"),
        }
    }
}

/// The sections of an operation's rustdoc the spec gives, generated and hand-written methods
/// alike: its documented responses and their named answers (which `faceauth mock` gives for
/// `Prefer: example=NAME`), for a vendor that answers in one envelope the codes it documents, the
/// errors that can occur besides them, and the vendor's page.
pub fn operation_doc(operation: &SpecOperation, vendor: VendorDoc) -> Vec<String> {
    let refusals_in_body = vendor.refusals_in_body;
    let escape = |text: &str| text.replace('[', "\\[").replace(']', "\\]");
    let mut lines = vec!["# Documented responses".to_owned(), String::new()];
    for (status, description) in &operation.responses {
        let what = match status.parse::<u16>() {
            Ok(200..=399) if refusals_in_body => {
                "the success value; any other code than the success's is [`Error::Documented`](crate::Error::Documented), the answer inside"
            }
            Ok(200..=399) => "the success value",
            Ok(429) => "[`Error::RateLimited`](crate::Error::RateLimited) after the retries the policy allows",
            Ok(400..) => "[`Error::Documented`](crate::Error::Documented)",
            _ => "",
        };
        lines.push(format!("- `{status}` ({what}): {}", escape(description)));
        let answers: Vec<String> = operation
            .answers
            .iter()
            .filter(|(answer_status, _, _)| answer_status == status)
            .map(|(_, name, outcome)| {
                let outcome = match outcome.strip_prefix("refused (") {
                    Some(code) => format!("refused: {}", code.trim_end_matches(')')),
                    None => outcome.clone(),
                };
                format!("`{name}` ({outcome})")
            })
            .collect();
        if !answers.is_empty() {
            lines.push(format!("  Documented answers: {}.", answers.join(", ")));
        }
    }
    lines.push(
        "- any other status: [`Error::UndocumentedStatus`](crate::Error::UndocumentedStatus)"
            .to_owned(),
    );
    if !operation.answers.is_empty() {
        lines.push(String::new());
        lines.push(
            "`faceauth mock` gives the documented answer a test names in `Prefer: example=NAME`."
                .to_owned(),
        );
    }
    if refusals_in_body {
        let mut codes: Vec<&str> = operation
            .answers
            .iter()
            .filter_map(|(_, _, outcome)| {
                outcome
                    .strip_prefix("refused (")
                    .and_then(|code| code.strip_suffix(')'))
            })
            .collect();
        codes.dedup();
        let mut unique = Vec::new();
        for code in codes {
            if !unique.contains(&code) {
                unique.push(code);
            }
        }
        if !unique.is_empty() {
            lines.push(String::new());
            lines.push(format!(
                "Documented refusal codes: {}.",
                unique
                    .iter()
                    .map(|code| format!("`{code}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    lines.push(String::new());
    lines.push("# Errors".to_owned());
    lines.push(String::new());
    lines.push(
        "A refusal is told apart the same way for every vendor: [`Error::is_refused`](crate::Error::is_refused), [`Error::is_credential_refused`](crate::Error::is_credential_refused), [`Error::refusal`](crate::Error::refusal).".to_owned(),
    );
    lines.push(String::new());
    if operation.needs_credential && vendor.obtains_tokens {
        lines.push("- [`Error::Credential`](crate::Error::Credential): a client that obtains its own tokens could not (the vendor refused the login, password or signature, or the token request failed); nothing else was sent.".to_owned());
    }
    let resend_safe = operation.read_only.is_some()
        || !operation.needs_credential
        || matches!(
            operation.method.as_str(),
            "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS"
        );
    if !resend_safe {
        lines.push("- [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown): this write was sent and the answer does not say whether the vendor processed it (HTTP 502, 503, 504, or an exchange broken after sending); it is not sent again.".to_owned());
    }
    if operation.served_narrowly {
        lines.push(format!(
            "- [`Error::InvalidRequest`](crate::Error::InvalidRequest) ([`InvalidRequest::NotServedHere`](crate::InvalidRequest::NotServedHere)): a client made for a documented server this operation's pages do not list; it is documented on {}.",
            operation
                .servers
                .iter()
                .map(|url| format!("`{url}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    lines.push("- [`Error::RateLimited`](crate::Error::RateLimited), [`Error::Timeout`](crate::Error::Timeout), [`Error::Connection`](crate::Error::Connection), [`Error::Transport`](crate::Error::Transport): no answer to use, after the retries the policy allows.".to_owned());
    if let Some(page) = &operation.vendor_page {
        lines.push(String::new());
        lines.push(format!("Vendor documentation: <{page}>"));
    }
    lines
}

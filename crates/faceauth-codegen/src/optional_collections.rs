//! Optional lists and maps as `Option`s. progenitor (typify) generates an optional array or map
//! property as a plain `Vec` or map that defaults to empty and is left out of the JSON when
//! empty: a vendor's `[]` or `{}` would be written back as nothing (the decoders' property tests
//! found Verisoul's `video_urls: []`), and a caller could not send an empty one. build.rs makes
//! each such field an `Option` of its type, so that absent, empty and full each come back as
//! they came. The spec says how many there must be; the build fails if the edit finds another
//! number (a progenitor release that generates them differently).

use serde_yaml::Value;
use syn::parse_quote;

/// How many optional list or map properties the generated types of `doc` have: every property
/// that is not `required`, not `nullable`, and whose schema (a `$ref` followed) is an array or an
/// object of `additionalProperties` only, in every schema progenitor generates a struct for (the
/// components, and the objects inside them), except components generated as a hand-written type
/// (`x-faceauth-rust-type`).
pub fn in_spec(doc: &Value) -> usize {
    let Some(schemas) = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
    else {
        return 0;
    };
    schemas
        .values()
        .filter(|schema| schema.get(faceauth_spec::extension::RUST_TYPE).is_none())
        .map(|schema| in_schema(doc, schema))
        .sum()
}

fn in_schema(doc: &Value, schema: &Value) -> usize {
    let mut found = 0;
    if let Some(properties) = schema.get("properties").and_then(Value::as_mapping) {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in properties {
            let optional = name.as_str().is_some_and(|n| !required.contains(&n));
            if optional && is_plain_list_or_map(doc, property) {
                found += 1;
            }
            // An inline object is a struct of its own; a `$ref` is counted where it is defined.
            if property.get("$ref").is_none() {
                found += in_schema(doc, property);
            }
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = schema.get(key).filter(|s| s.get("$ref").is_none()) {
            found += in_schema(doc, inner);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for inner in schema
            .get(key)
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
        {
            if inner.get("$ref").is_none() {
                found += in_schema(doc, inner);
            }
        }
    }
    found
}

/// Whether a property is generated as a `Vec` or a map that defaults to empty.
fn is_plain_list_or_map(doc: &Value, property: &Value) -> bool {
    let target = match property.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            match doc
                .get("components")
                .and_then(|c| c.get("schemas"))
                .and_then(|s| s.get(name))
            {
                Some(component) if component.get(faceauth_spec::extension::RUST_TYPE).is_none() => {
                    component
                }
                _ => return false,
            }
        }
        None => property,
    };
    if target.get("nullable").and_then(Value::as_bool) == Some(true) {
        return false;
    }
    let kind = target.get("type").and_then(Value::as_str);
    let additional = target
        .get("additionalProperties")
        .is_some_and(|a| a.as_bool() != Some(false));
    kind == Some("array")
        || (kind == Some("object") && target.get("properties").is_none() && additional)
}

/// Makes every `#[serde(default, skip_serializing_if = "<collection>::is_empty")]` field of the
/// generated types an `Option` of its type, left out only when absent; returns how many.
pub fn make_optional(file: &mut syn::File) -> usize {
    let mut found = 0;
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        for item in items {
            let syn::Item::Struct(s) = item else { continue };
            let syn::Fields::Named(fields) = &mut s.fields else {
                continue;
            };
            for field in &mut fields.named {
                if skipped_when_empty(&mut field.attrs) {
                    let ty = &field.ty;
                    field.ty = parse_quote! { ::std::option::Option<#ty> };
                    found += 1;
                }
            }
        }
    }
    found
}

/// If a `#[serde(..)]` attribute skips the field when empty, makes it skip it when `None`.
fn skipped_when_empty(attrs: &mut [syn::Attribute]) -> bool {
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("serde")) {
        let Ok(metas) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let mut changed = false;
        let metas: Vec<syn::Meta> = metas
            .into_iter()
            .map(|meta| match &meta {
                syn::Meta::NameValue(nv)
                    if nv.path.is_ident("skip_serializing_if")
                        && matches!(&nv.value, syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s), ..
                        }) if s.value().ends_with("is_empty")) =>
                {
                    changed = true;
                    parse_quote! { skip_serializing_if = "::std::option::Option::is_none" }
                }
                _ => meta,
            })
            .collect();
        if changed {
            *attr = parse_quote! { #[serde(#(#metas),*)] };
            return true;
        }
    }
    false
}

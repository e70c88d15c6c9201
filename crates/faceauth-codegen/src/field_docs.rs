//! progenitor documents a field with its property's `description`, but a property that is only a
//! `$ref` has none of its own (OpenAPI 3.0 ignores a `$ref`'s siblings), so the field of every
//! shared type (ADVANCE.AI's `code`, `extra` and `pricingStrategy` on each envelope, a nested
//! object, a secret) came out undocumented. This edit gives each such field the first sentence of
//! its type's own doc: the referenced schema's description, or, for a component generated as a
//! hand-written type (`x-faceauth-rust-type`), that component's description. A field with
//! neither stays undocumented: the build goes on, and the tests that count undocumented fields
//! name it.

use std::collections::BTreeMap;

use syn::{parse_quote, Item};

/// Documents the undocumented public fields of the `types` module; returns how many it
/// documented and the ones it could not (struct.field).
pub fn document_fields(
    file: &mut syn::File,
    replaced: &BTreeMap<String, String>,
) -> (usize, Vec<String>) {
    let Some(types) = file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_mut(),
        _ => None,
    }) else {
        return (0, Vec::new());
    };
    // Each type's first sentence, by name; a replaced component's, by its Rust path.
    let mut docs: BTreeMap<String, String> = replaced.clone();
    for item in &types.1 {
        let (ident, attrs) = match item {
            Item::Struct(s) => (s.ident.to_string(), &s.attrs),
            Item::Enum(e) => (e.ident.to_string(), &e.attrs),
            _ => continue,
        };
        if let Some(sentence) = first_sentence(&doc_text(attrs)) {
            docs.insert(ident, sentence);
        }
    }
    let mut documented = 0;
    let mut missing = Vec::new();
    for item in &mut types.1 {
        let Item::Struct(s) = item else { continue };
        if !matches!(s.vis, syn::Visibility::Public(_)) {
            continue;
        }
        let syn::Fields::Named(fields) = &mut s.fields else {
            continue;
        };
        for field in &mut fields.named {
            if !matches!(field.vis, syn::Visibility::Public(_))
                || !doc_text(&field.attrs).is_empty()
            {
                continue;
            }
            let ty = &field.ty;
            let type_text = quote::quote!(#ty).to_string().replace(' ', "");
            // The map progenitor makes of `additionalProperties`: the keys the spec leaves open.
            let flattened = field.attrs.iter().any(|a| {
                a.path().is_ident("serde") && quote::quote!(#a).to_string().contains("flatten")
            });
            let found = if flattened {
                Some("The keys the spec does not name, kept as the raw JSON they are.".to_owned())
            } else {
                None
            };
            let found = found.or_else(|| {
                docs.iter()
                    .filter(|(name, _)| names_type(&type_text, name))
                    .max_by_key(|(name, _)| name.len())
                    .map(|(_, sentence)| sentence.clone())
            });
            match found {
                Some(sentence) => {
                    let line = format!(" {sentence}");
                    field.attrs.insert(0, parse_quote! { #[doc = #line] });
                    documented += 1;
                }
                None => missing.push(format!(
                    "{}.{}",
                    s.ident,
                    field
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )),
            }
        }
    }
    (documented, missing)
}

/// Whether the type's text (`Option<ResponseCode>`, `crate::Secret`) names `name` as a whole
/// path segment.
fn names_type(type_text: &str, name: &str) -> bool {
    let name = name.replace(' ', "");
    type_text.match_indices(name.as_str()).any(|(at, _)| {
        let before = type_text[..at].chars().last();
        let after = type_text[at + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The text of the `#[doc]` attributes, joined.
pub fn doc_text(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first sentence of a doc text, on one line (the whole first paragraph if it has no
/// sentence end).
pub fn first_sentence(text: &str) -> Option<String> {
    let paragraph = text.trim().split("\n\n").next()?;
    let one_line = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return None;
    }
    let end = one_line
        .match_indices(". ")
        .map(|(at, _)| at + 1)
        .find(|&at| {
            // Not an abbreviation such as "e.g." or "i.e.".
            !one_line[..at].ends_with("e.g.") && !one_line[..at].ends_with("i.e.")
        })
        .unwrap_or(one_line.len());
    Some(one_line[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_of_a_documented_type_takes_its_first_sentence_and_others_are_listed() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[doc = "The outcome of the call. More words here."]
                pub enum ResponseCode { Success }
                pub struct Envelope {
                    pub code: ResponseCode,
                    pub maybe: Option<ResponseCode>,
                    #[doc = "Kept as it is."]
                    pub message: String,
                    pub token: crate::Secret,
                    pub other: String,
                    pub response_code_like: ResponseCodeish,
                }
                pub struct ResponseCodeish;
            }
        };
        let replaced = BTreeMap::from([("crate::Secret".to_owned(), "A secret value.".to_owned())]);
        let (documented, missing) = document_fields(&mut file, &replaced);
        assert_eq!(documented, 3);
        assert_eq!(missing, ["Envelope.other", "Envelope.response_code_like"]);
        let code = quote::quote!(#file).to_string();
        assert_eq!(
            code.matches("\" The outcome of the call.\"").count(),
            2,
            "{code}"
        );
        assert!(code.contains("\" A secret value.\""), "{code}");
    }

    #[test]
    fn the_first_sentence_skips_abbreviations() {
        assert_eq!(
            first_sentence("A code, e.g. SUCCESS. Then more.").as_deref(),
            Some("A code, e.g. SUCCESS.")
        );
        assert_eq!(first_sentence("  \n").as_deref(), None);
    }
}

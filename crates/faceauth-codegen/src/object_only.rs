//! Generated structs decode from JSON objects only. serde's derived `Deserialize` for a struct
//! also takes a JSON array of the field values in order (`["x"]` for `{"face": "x"}`), a form no
//! spec documents, which would let an undocumented body decode (the decoders' property tests,
//! tests/decoders_fuzz.rs, hold every body the schema refuses to be refused). build.rs moves
//! each generated struct's derived `Deserialize` to a private copy of the struct (same fields,
//! same serde attributes) and implements the struct's own through
//! `crate::object_only::deserialize`, which reads only a JSON object, then moves the fields over.

use syn::parse_quote;

/// Gives every named-field struct of the generated `types` module that derives
/// `::serde::Deserialize` an object-only `Deserialize`; returns how many.
pub fn objects_only(file: &mut syn::File) -> usize {
    let mut changed = 0;
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        let mut added: Vec<syn::Item> = Vec::new();
        for item in items.iter_mut() {
            let syn::Item::Struct(s) = item else { continue };
            let syn::Fields::Named(fields) = &s.fields else {
                continue;
            };
            if !without_deserialize_derive(&mut s.attrs) {
                continue;
            }
            let name = &s.ident;
            let copy = quote::format_ident!("__{}", name);
            let names: Vec<&syn::Ident> = fields
                .named
                .iter()
                .filter_map(|f| f.ident.as_ref())
                .collect();
            let copied_fields: Vec<syn::Field> = fields
                .named
                .iter()
                .map(|f| syn::Field {
                    attrs: f
                        .attrs
                        .iter()
                        .filter(|a| a.path().is_ident("serde"))
                        .cloned()
                        .collect(),
                    vis: syn::Visibility::Inherited,
                    ..f.clone()
                })
                .collect();
            let serde_attrs: Vec<&syn::Attribute> = s
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("serde"))
                .collect();
            added.push(parse_quote! {
                /// The fields of the struct without its name, as serde's derive reads them.
                #[derive(::serde::Deserialize)]
                #[allow(non_camel_case_types)]
                #(#serde_attrs)*
                struct #copy { #(#copied_fields),* }
            });
            added.push(parse_quote! {
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> ::std::result::Result<Self, D::Error> {
                        let copy: #copy = crate::object_only::deserialize(deserializer)?;
                        ::std::result::Result::Ok(Self { #(#names: copy.#names),* })
                    }
                }
            });
            changed += 1;
        }
        items.extend(added);
    }
    changed
}

/// Drops `::serde::Deserialize` from a `#[derive(..)]`; whether it was there.
fn without_deserialize_derive(attrs: &mut [syn::Attribute]) -> bool {
    let mut dropped = false;
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(derived) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let is_deserialize = |p: &syn::Path| {
            p.segments.len() == 2
                && p.segments[0].ident == "serde"
                && p.segments[1].ident == "Deserialize"
        };
        if !derived.iter().any(is_deserialize) {
            continue;
        }
        let kept: Vec<&syn::Path> = derived.iter().filter(|p| !is_deserialize(p)).collect();
        *attr = parse_quote! { #[derive(#(#kept),*)] };
        dropped = true;
    }
    dropped
}

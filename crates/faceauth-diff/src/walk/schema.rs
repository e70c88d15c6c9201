//! The schema side of the walk: two versions of a schema node, `$ref`s followed, compared by
//! type, nullability, enum values, fields and their `required`, items, maps, alternatives,
//! constraints and texts; and the schema components themselves.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{keys_of, resolve, short, type_text, Place, Walker};
use crate::catalogue::{ChangeKind, Semver};
use crate::names;
use crate::verdicts::{Bound, Facts};
use faceauth_spec::lines::escape;

/// Keywords that carry documentation, which rustdoc shows on the generated item.
const SCHEMA_DOCS: [&str; 3] = ["description", "title", "deprecated"];
/// Validation keywords: a change is a `constraint_changed`.
const CONSTRAINTS: [&str; 13] = [
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];
/// Keywords compared by the schema walk's own steps (type, nullability, enum, fields, items,
/// maps, alternatives); everything else that differs is judged key by key.
const SCHEMA_STEPS: [&str; 13] = [
    "$ref",
    "type",
    "format",
    "nullable",
    "enum",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "x-faceauth-rust-type",
];
/// The provenance marks of an example (`example_changed`).
const EXAMPLE_MARKS: [&str; 4] = [
    "x-faceauth-verbatim",
    "x-faceauth-repairs",
    "x-faceauth-constructed",
    "x-faceauth-third-party",
];

impl Walker<'_> {
    /// Compares two versions of a schema node, `$ref`s followed.
    pub(super) fn schema(&mut self, place: &Place<'_>, b: &Value, h: &Value) {
        let (b_ref, h_ref) = (b["$ref"].as_str(), h["$ref"].as_str());
        match (b_ref, h_ref) {
            (Some(br), Some(hr)) if br == hr => {
                let name = br.rsplit('/').next().unwrap_or(br).to_owned();
                let visit = (
                    place.operation.unwrap_or_default().to_owned(),
                    name.clone(),
                    place.in_request,
                );
                if !self.visiting.insert(visit.clone()) {
                    return;
                }
                let pointer = br.trim_start_matches('#').to_owned();
                let (Some(bt), Some(ht)) =
                    (self.base.pointer(&pointer), self.head.pointer(&pointer))
                else {
                    // A component removed (or added) is reported by `components`; here the
                    // reference stays and the other side is missing, so the type changed.
                    self.visiting.remove(&visit);
                    return;
                };
                let type_name = names::component_type(&name);
                let inner = Place {
                    operation: place.operation,
                    in_request: place.in_request,
                    base: pointer.clone(),
                    head: pointer,
                    owner: self.names.type_path(&type_name),
                    type_name,
                    component: Some(name.clone()),
                    label: name,
                };
                self.schema(&inner, bt, ht);
                self.visiting.remove(&visit);
            }
            (None, None) => self.inline_schema(place, b, h),
            _ => {
                let describe = |r: Option<&str>, v: &Value| match r {
                    Some(r) => format!("`{}`", r.rsplit('/').next().unwrap_or(r)),
                    None => type_text(v),
                };
                self.type_changed(
                    place,
                    &place.head,
                    format!(
                        "`{}`: {} → {}",
                        place.label,
                        describe(b_ref, b),
                        describe(h_ref, h)
                    ),
                    None,
                );
            }
        }
    }

    fn type_changed(
        &mut self,
        place: &Place<'_>,
        pointer: &str,
        detail: String,
        nullable_only: Option<bool>,
    ) {
        self.type_change(place, pointer, detail, nullable_only, false);
    }

    /// A type change; `generalises` when the head accepts every value the base did.
    fn type_change(
        &mut self,
        place: &Place<'_>,
        pointer: &str,
        detail: String,
        nullable_only: Option<bool>,
        generalises: bool,
    ) {
        let item = self.item_of(place, false);
        self.push(
            place.operation,
            pointer,
            ChangeKind::TypeChanged,
            detail,
            vec![item],
            Facts {
                in_request: place.in_request,
                nullable_only,
                generalises,
                ..Facts::default()
            },
        );
    }

    /// The item a change at this node touches: the node's own type when it is one, else the
    /// item that holds it.
    fn item_of(&self, place: &Place<'_>, is_type: bool) -> String {
        if is_type && !place.type_name.is_empty() {
            self.names.type_path(&place.type_name)
        } else {
            place.owner.clone()
        }
    }

    fn inline_schema(&mut self, place: &Place<'_>, b: &Value, h: &Value) {
        let is_type = |v: &Value| v.get("properties").is_some() || v.get("enum").is_some();
        // A component's root is its own type; a field below it belongs to its struct.
        let own_type =
            is_type(b) || is_type(h) || place.owner == self.names.type_path(&place.type_name);
        let item = self.item_of(place, own_type);
        // A type or format changed: what is below it no longer compares.
        let (bt, ht) = (type_text(b), type_text(h));
        if bt != ht || b.get("x-faceauth-rust-type") != h.get("x-faceauth-rust-type") {
            // A format dropped from the same type, or the type dropped altogether, accepts
            // every value it did.
            let same_rust_type = b.get("x-faceauth-rust-type") == h.get("x-faceauth-rust-type");
            let generalises = same_rust_type
                && (h.get("type").is_none()
                    || (b["type"] == h["type"] && h.get("format").is_none()));
            self.type_change(
                place,
                &place.head,
                format!("`{}`: {bt} → {ht}", place.label),
                None,
                generalises,
            );
            return;
        }
        if b["nullable"] != h["nullable"] {
            let now = h["nullable"] == true;
            self.type_changed(
                place,
                &format!("{}/nullable", place.head),
                format!(
                    "`{}`: {}",
                    place.label,
                    if now {
                        "now nullable"
                    } else {
                        "no longer nullable"
                    }
                ),
                Some(now),
            );
        }
        for key in keys_of(b, h) {
            let (bv, hv) = (&b[&key], &h[&key]);
            if bv == hv || SCHEMA_STEPS.contains(&key.as_str()) {
                continue;
            }
            let pointer = format!("{}/{}", place.head, escape(&key));
            if SCHEMA_DOCS.contains(&key.as_str()) {
                self.push(
                    place.operation,
                    &pointer,
                    ChangeKind::DescriptionChanged,
                    format!("`{}`: `{key}` changed", place.label),
                    vec![item.clone()],
                    Facts {
                        in_rustdoc: true,
                        ..Facts::default()
                    },
                );
            } else if key == "example" || EXAMPLE_MARKS.contains(&key.as_str()) {
                self.push(
                    place.operation,
                    &pointer,
                    ChangeKind::ExampleChanged,
                    format!("`{}`: `{key}` changed", place.label),
                    Vec::new(),
                    Facts::default(),
                );
            } else if CONSTRAINTS.contains(&key.as_str()) {
                self.constraint(place, &key, (b, h), &item);
            } else if key.starts_with("x-") {
                self.push(
                    place.operation,
                    &pointer,
                    ChangeKind::ExtensionChanged,
                    format!("`{}`: `{key}` changed", place.label),
                    Vec::new(),
                    Facts {
                        extension: Some(Semver::None),
                        ..Facts::default()
                    },
                );
            } else {
                self.other(
                    place.operation,
                    &pointer,
                    format!("`{}`: `{key}` changed", place.label),
                );
            }
        }
        self.enum_values(place, b, h);
        self.properties(place, b, h);
        if b.get("items").is_some() && h.get("items").is_some() {
            let inner = Place {
                base: format!("{}/items", place.base),
                head: format!("{}/items", place.head),
                type_name: names::items_type(&place.type_name),
                label: format!("{}[]", place.label),
                ..place.clone()
            };
            self.schema(&inner, &b["items"], &h["items"]);
        }
        let (ba, ha) = (&b["additionalProperties"], &h["additionalProperties"]);
        if ba.is_object() && ha.is_object() || ba != ha {
            if ba.is_object() && ha.is_object() {
                let inner = Place {
                    base: format!("{}/additionalProperties", place.base),
                    head: format!("{}/additionalProperties", place.head),
                    type_name: names::property_type(&place.type_name, "value"),
                    label: format!("{}{{}}", place.label),
                    ..place.clone()
                };
                self.schema(&inner, ba, ha);
            } else {
                self.type_changed(
                    place,
                    &format!("{}/additionalProperties", place.head),
                    format!("`{}`: additionalProperties {ba} → {ha}", place.label),
                    None,
                );
            }
        }
        for combinator in ["allOf", "oneOf", "anyOf"] {
            let (bc, hc) = (&b[combinator], &h[combinator]);
            match (bc.as_array(), hc.as_array()) {
                (Some(bl), Some(hl)) if bl.len() == hl.len() => {
                    for (i, (bi, hi)) in bl.iter().zip(hl).enumerate() {
                        let inner = Place {
                            base: format!("{}/{combinator}/{i}", place.base),
                            head: format!("{}/{combinator}/{i}", place.head),
                            ..place.clone()
                        };
                        self.schema(&inner, bi, hi);
                    }
                }
                (None, None) => {}
                _ => self.type_changed(
                    place,
                    &format!("{}/{combinator}", place.head),
                    format!("`{}`: the {combinator} alternatives changed", place.label),
                    None,
                ),
            }
        }
    }

    /// A validation keyword `key` that differs between the schemas `b` and `h`.
    fn constraint(&mut self, place: &Place<'_>, key: &str, (b, h): (&Value, &Value), item: &str) {
        let (bv, hv) = (&b[key], &h[key]);
        let bound = match (bv.as_f64(), hv.as_f64()) {
            // A constraint dropped allows more; one added allows less, whatever its kind.
            _ if hv.is_null() => Bound::Loosened,
            _ if bv.is_null() => Bound::Tightened,
            _ if key == "pattern" || key == "multipleOf" => Bound::Changed,
            (None, Some(_)) => Bound::Tightened,
            (Some(_), None) => Bound::Loosened,
            (Some(old), Some(new)) => {
                let raises_floor = key.starts_with("min") || key.starts_with("exclusiveMin");
                if (new > old) == raises_floor {
                    Bound::Tightened
                } else {
                    Bound::Loosened
                }
            }
            (None, None) => Bound::Changed,
        };
        // typify makes a string with a length or pattern constraint a newtype.
        let newtype = |v: &Value| {
            v["type"] == "string"
                && ["minLength", "maxLength", "pattern"]
                    .iter()
                    .any(|k| v.get(k).is_some())
        };
        let shape_changes = newtype(b) != newtype(h);
        // The newtype's validation is what changes, when there is one.
        let item = if newtype(b) || newtype(h) {
            self.names.type_path(&place.type_name)
        } else {
            item.to_owned()
        };
        self.push(
            place.operation,
            &format!("{}/{}", place.head, escape(key)),
            ChangeKind::ConstraintChanged,
            format!("`{}`: `{key}` {} → {}", place.label, short(bv), short(hv)),
            vec![item],
            Facts {
                in_request: place.in_request,
                bound: Some(bound),
                shape_changes,
                ..Facts::default()
            },
        );
    }

    fn enum_values(&mut self, place: &Place<'_>, b: &Value, h: &Value) {
        let (be, he) = (b["enum"].as_array(), h["enum"].as_array());
        let (be, he) = match (be, he) {
            (Some(be), Some(he)) => (be, he),
            (None, None) => return,
            _ => {
                let now = he.is_some();
                self.type_change(
                    place,
                    &format!("{}/enum", place.head),
                    format!(
                        "`{}`: {}",
                        place.label,
                        if now {
                            "now an enum"
                        } else {
                            "no longer an enum"
                        }
                    ),
                    None,
                    // No longer an enum: every value it allowed is still allowed.
                    !now,
                );
                return;
            }
        };
        let enum_type = self.item_of(place, true);
        let facts = Facts {
            in_request: place.in_request,
            ..Facts::default()
        };
        for (i, value) in he.iter().enumerate() {
            if !be.contains(value) {
                self.push(
                    place.operation,
                    &format!("{}/enum/{i}", place.head),
                    ChangeKind::EnumValueAdded,
                    format!("`{}`: value {} added", place.label, short(value)),
                    vec![enum_type.clone()],
                    facts,
                );
            }
        }
        for value in be.iter().filter(|v| !he.contains(v)) {
            self.push(
                place.operation,
                &format!("{}/enum", place.head),
                ChangeKind::EnumValueRemoved,
                format!("`{}`: value {} removed", place.label, short(value)),
                vec![enum_type.clone()],
                facts,
            );
        }
    }

    fn properties(&mut self, place: &Place<'_>, b: &Value, h: &Value) {
        let (bp, hp) = (&b["properties"], &h["properties"]);
        if bp.is_null() && hp.is_null() {
            return;
        }
        let required = |v: &Value, name: &str| {
            v["required"]
                .as_array()
                .is_some_and(|r| r.iter().any(|n| n == name))
        };
        let struct_path = self.names.type_path(&place.type_name);
        let sent_type = place
            .component
            .as_ref()
            .is_some_and(|c| self.sent.contains(c));
        let with_new = |items: &mut Vec<String>, changes_new: bool| {
            if changes_new && sent_type {
                items.push(format!("{struct_path}::new"));
            }
        };
        let request = place.in_request;
        for name in keys_of(bp, hp) {
            let (bv, hv) = (&bp[&name], &hp[&name]);
            let (br, hr) = (required(b, &name), required(h, &name));
            let label = format!("{}.{name}", place.label);
            let head_at = format!("{}/properties/{}", place.head, escape(&name));
            let base_at = format!("{}/properties/{}", place.base, escape(&name));
            let facts = Facts {
                in_request: request,
                sent_type,
                ..Facts::default()
            };
            match (bv.is_null(), hv.is_null()) {
                (true, false) => {
                    let kind = match (request, hr) {
                        (true, true) => ChangeKind::RequiredRequestFieldAdded,
                        (true, false) => ChangeKind::OptionalRequestFieldAdded,
                        (false, true) => ChangeKind::RequiredResponseFieldAdded,
                        (false, false) => ChangeKind::OptionalResponseFieldAdded,
                    };
                    let mut items = vec![struct_path.clone()];
                    with_new(&mut items, hr);
                    let what = if hr { "required" } else { "optional" };
                    self.push(
                        place.operation,
                        &head_at,
                        kind,
                        format!(
                            "`{label}` added ({what}, {})",
                            type_text(resolve(self.head, hv, String::new()).0)
                        ),
                        items,
                        facts,
                    );
                }
                (false, true) => {
                    let kind = if request {
                        ChangeKind::RequestFieldRemoved
                    } else {
                        ChangeKind::ResponseFieldRemoved
                    };
                    let mut items = vec![struct_path.clone()];
                    with_new(&mut items, br);
                    let what = if br { "required" } else { "optional" };
                    self.push(
                        place.operation,
                        &base_at,
                        kind,
                        format!("`{label}` removed (was {what})"),
                        items,
                        Facts {
                            was_required: br,
                            ..facts
                        },
                    );
                }
                (false, false) => {
                    if br != hr {
                        let kind = match (request, hr) {
                            (true, true) => ChangeKind::RequestFieldNowRequired,
                            (true, false) => ChangeKind::RequestFieldNowOptional,
                            (false, true) => ChangeKind::ResponseFieldNowRequired,
                            (false, false) => ChangeKind::ResponseFieldNowOptional,
                        };
                        let nullable = resolve(self.base, bv, String::new()).0["nullable"] == true
                            && resolve(self.head, hv, String::new()).0["nullable"] == true;
                        let mut items = vec![struct_path.clone()];
                        with_new(&mut items, true);
                        self.push(
                            place.operation,
                            &format!("{}/required", place.head),
                            kind,
                            format!("`{label}` now {}", if hr { "required" } else { "optional" }),
                            items,
                            Facts { nullable, ..facts },
                        );
                    }
                    let inner = Place {
                        base: base_at,
                        head: head_at,
                        type_name: names::property_type(&place.type_name, &name),
                        owner: struct_path.clone(),
                        label,
                        ..place.clone()
                    };
                    self.schema(&inner, bv, hv);
                }
                (true, true) => {}
            }
        }
    }

    /// Schema components: each added or removed; the changes inside one that no operation
    /// reaches (operations report the others).
    pub(super) fn components(&mut self, reached: &BTreeSet<String>) {
        let (bs, hs) = (
            &self.base["components"]["schemas"],
            &self.head["components"]["schemas"],
        );
        for name in keys_of(bs, hs) {
            let (b, h) = (&bs[&name], &hs[&name]);
            let pointer = format!("/components/schemas/{}", escape(&name));
            let type_path = self.names.type_path(&names::component_type(&name));
            match (b.is_null(), h.is_null()) {
                (true, false) => self.push(
                    None,
                    &pointer,
                    ChangeKind::SchemaAdded,
                    format!("schema `{name}` added"),
                    vec![type_path],
                    Facts::default(),
                ),
                (false, true) => self.push(
                    None,
                    &pointer,
                    ChangeKind::SchemaRemoved,
                    format!("schema `{name}` removed"),
                    vec![type_path],
                    Facts::default(),
                ),
                (false, false) if b != h && !reached.contains(&name) => {
                    let place = Place {
                        operation: None,
                        in_request: false,
                        base: pointer.clone(),
                        head: pointer,
                        type_name: names::component_type(&name),
                        owner: type_path,
                        component: Some(name.clone()),
                        label: name,
                    };
                    self.schema(&place, b, h);
                }
                _ => {}
            }
        }
    }
}

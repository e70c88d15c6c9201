//! `faceauth overlay apply` on the Overlay specification's worked examples: the scenarios of the
//! specification repository's compliant sets (add a license, describe an operation, remove an
//! example, remove matching responses, remove properties by a filter, remove a server by a
//! filter, replace the servers, update the root), each written here with a document of our own.
//! Each result must equal the expected document (what the specification says), and its text
//! must keep every line the actions did not touch (the pinned text, reviewed).

use faceauth_propose::apply::{apply, Options};
use serde_json::Value;

const TOWN: &str = "\
openapi: 3.1.0
info:
  title: A town   # the name the town gave itself
  version: 1.0.0
servers:
  - url: https://dev.town.example
    description: Dev
  - url: https://town.example
    description: Production

paths:
  /buildings:
    get:
      responses:
        '200':
          description: The buildings
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Building'
        '500':
          description: Broken
        default:
          description: Anything else
  /locations:
    get:
      responses:
        '200':
          description: The locations
          content:
            application/json:
              schema:
                type: object
                properties:
                  name: {type: string}
                  lat:
                    type: number
                  note:
                    type: string
                    description: Free text
        '500':
          description: Broken
components:
  schemas:
    Building:
      type: object
      properties:
        building:
          type: string
          example: The town hall
        floors:
          type: integer
";

fn applied(overlay: &str) -> String {
    apply(
        "overlay.yaml",
        overlay,
        "town.yaml",
        TOWN,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .text
}

fn read(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

/// The expected document: the town with `change` made to it as JSON.
fn expected(change: impl FnOnce(&mut Value)) -> Value {
    let mut town = read(TOWN);
    change(&mut town);
    town
}

#[test]
fn add_a_license() {
    let text = applied(
        "overlay: 1.0.0\ninfo: {title: Add a license, version: '1'}\nactions:\n\
         - target: $.info\n  update:\n    license:\n      name: MIT\n      url: https://opensource.org/licenses/MIT\n",
    );
    assert_eq!(
        read(&text),
        expected(|t| {
            t["info"]["license"] =
                serde_json::json!({"name": "MIT", "url": "https://opensource.org/licenses/MIT"})
        })
    );
    insta::assert_snapshot!(text);
}

#[test]
fn description_and_summary() {
    let text = applied(
        "overlay: 1.0.0\ninfo: {title: Describe, version: '1'}\nactions:\n\
         - target: $.paths['/buildings'].get\n  update:\n    description: Every building of the town\n    summary: The buildings\n",
    );
    assert_eq!(
        read(&text),
        expected(|t| {
            let get = &mut t["paths"]["/buildings"]["get"];
            get["description"] = "Every building of the town".into();
            get["summary"] = "The buildings".into();
        })
    );
    insta::assert_snapshot!(text);
}

#[test]
fn remove_an_example() {
    let text = applied(
        "overlay: 1.0.0\ninfo: {title: Remove an example, version: '1'}\nactions:\n\
         - target: $.components.schemas.Building.properties['building'].example\n  remove: true\n",
    );
    assert_eq!(
        read(&text),
        expected(|t| {
            t["components"]["schemas"]["Building"]["properties"]["building"]
                .as_object_mut()
                .unwrap()
                .shift_remove("example");
        })
    );
    insta::assert_snapshot!(text);
}

#[test]
fn remove_matching_responses() {
    let text = applied(
        "overlay: 1.0.0\ninfo: {title: No 500s, version: '1'}\nactions:\n\
         - target: $.paths..responses['500']\n  remove: true\n\
         - target: $.paths..responses['default']\n  remove: true\n",
    );
    assert_eq!(
        read(&text),
        expected(|t| {
            for path in ["/buildings", "/locations"] {
                let responses = t["paths"][path]["get"]["responses"]
                    .as_object_mut()
                    .unwrap();
                responses.shift_remove("500");
                responses.shift_remove("default");
            }
        })
    );
    insta::assert_snapshot!(text);
}

#[test]
fn remove_properties_by_a_filter() {
    let text = applied(
        "overlay: 1.0.0\ninfo: {title: No strings, version: '1'}\nactions:\n\
         - target: $.paths['/locations'].get.responses['200']..properties[?(@.type == 'string')]\n  remove: true\n",
    );
    assert_eq!(
        read(&text),
        expected(|t| {
            let properties = t["paths"]["/locations"]["get"]["responses"]["200"]["content"]
                ["application/json"]["schema"]["properties"]
                .as_object_mut()
                .unwrap();
            properties.shift_remove("name");
            properties.shift_remove("note");
        })
    );
    insta::assert_snapshot!(text);
}

#[test]
fn remove_a_server_by_a_filter() {
    let text = applied(
        "overlay: 1.0.0\ninfo: {title: No dev server, version: '1'}\nactions:\n\
         - target: $.servers[?( @.description == 'Dev' )]\n  remove: true\n",
    );
    assert_eq!(
        read(&text),
        expected(|t| {
            t["servers"].as_array_mut().unwrap().remove(0);
        })
    );
    insta::assert_snapshot!(text);
}

#[test]
fn replace_the_servers_for_a_sandbox() {
    let text = applied(
        "overlay: 1.1.0\ninfo: {title: Sandbox, version: '1'}\nactions:\n\
         - target: $.servers\n  remove: true\n\
         - target: $\n  update:\n    servers:\n      - url: http://sandbox.local\n        description: Local sandbox\n",
    );
    assert_eq!(
        read(&text),
        expected(|t| {
            let town = t.as_object_mut().unwrap();
            town.shift_remove("servers");
            town.insert(
                "servers".into(),
                serde_json::json!([{"url": "http://sandbox.local", "description": "Local sandbox"}]),
            );
        })
    );
    insta::assert_snapshot!(text);
}

#[test]
fn update_the_root() {
    let text = applied(
        "overlay: 1.0.0\ninfo: {title: Structured, version: '1'}\nactions:\n\
         - target: \"$\"   # the root\n  update:\n    info:\n      x-overlaid: true\n",
    );
    assert_eq!(
        read(&text),
        expected(|t| t["info"]["x-overlaid"] = true.into())
    );
    insta::assert_snapshot!(text);
}

//! Servers per operation: each operation offers exactly the hosts its page lists (the `servers` of
//! the operation, its path or the spec), and a client made for a documented server refuses, without
//! sending, an operation whose page does not list that server.

use faceauth_clients::{advance, progeny, signzy, verisoul, Error, InvalidRequest, Vendor};
use serde_json::Value;

/// The servers the spec lists for each operation, by operationId: the operation's own, else its
/// path's, else the spec's.
fn documented(vendor: Vendor) -> Vec<(String, Vec<String>)> {
    let document = faceauth_test_support::specs::document(vendor.name());
    let urls = |node: &Value| -> Option<Vec<String>> {
        Some(
            node["servers"]
                .as_array()?
                .iter()
                .map(|s| s["url"].as_str().unwrap().to_owned())
                .collect(),
        )
    };
    let mut found = Vec::new();
    for item in document["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let Some(id) = op["operationId"].as_str() else {
                continue;
            };
            let servers = urls(op)
                .or_else(|| urls(item))
                .or_else(|| urls(&document))
                .unwrap();
            found.push((id.to_owned(), servers));
        }
    }
    found
}

fn offered<O: Copy>(
    all: &[O],
    id: fn(O) -> &'static str,
    servers: fn(O) -> &'static [&'static str],
) -> Vec<(String, Vec<String>)> {
    all.iter()
        .map(|&op| {
            let urls = servers(op).iter().map(|s| s.to_string()).collect();
            (id(op).to_owned(), urls)
        })
        .collect()
}

#[test]
fn every_operation_offers_exactly_the_servers_its_page_lists() {
    use advance::Operation as A;
    use progeny::Operation as P;
    use signzy::Operation as S;
    use verisoul::Operation as V;
    let offered = [
        (Vendor::Signzy, offered(S::ALL, S::id, S::servers)),
        (Vendor::Verisoul, offered(V::ALL, V::id, V::servers)),
        (Vendor::Advance, offered(A::ALL, A::id, A::servers)),
        (Vendor::Progeny, offered(P::ALL, P::id, P::servers)),
    ];
    // By operationId: the spec's order of a path's methods is not what this is about.
    for (vendor, mut offered) in offered {
        let mut documented = documented(vendor);
        offered.sort();
        documented.sort();
        assert_eq!(offered, documented, "{vendor}");
    }
}

#[test]
fn advance_lists_hosts_per_page() {
    use advance::{Operation, Server};
    // Delete Enroll's page lists two hosts.
    let delete: Vec<Server> = Server::ALL
        .iter()
        .copied()
        .filter(|s| s.serves(Operation::DeleteEnroll))
        .collect();
    assert_eq!(delete, [Server::Singapore, Server::Indonesia]);
    // Colombia and Nigeria are on the token page only; Mexico on the token page and Face
    // Search's Add Face page.
    for (server, pages) in [
        (
            Server::Mexico,
            &[Operation::GenerateToken, Operation::AddFace][..],
        ),
        (Server::Colombia, &[Operation::GenerateToken][..]),
        (Server::Nigeria, &[Operation::GenerateToken][..]),
    ] {
        let served: Vec<Operation> = Operation::ALL
            .iter()
            .copied()
            .filter(|op| server.serves(*op))
            .collect();
        assert_eq!(served, pages, "{server:?}");
    }
    // The face authentication pages list six hosts; saveEnroll is on every one of them.
    let save: Vec<&str> = Server::ALL
        .iter()
        .filter(|s| s.serves(Operation::SaveEnroll))
        .map(|s| s.name())
        .collect();
    assert_eq!(
        save,
        [
            "singapore",
            "indonesia",
            "philippines",
            "thailand",
            "malaysia",
            "vietnam"
        ]
    );
}

#[test]
fn signzy_preproduction_serves_the_page_printed_there_and_its_token_calls() {
    use signzy::{Operation, Server};
    let served: Vec<Operation> = Operation::ALL
        .iter()
        .copied()
        .filter(|op| Server::Preproduction.serves(*op))
        .collect();
    assert_eq!(
        served,
        [
            Operation::Login,
            Operation::Logout,
            Operation::ViewBlacklistedUsers
        ]
    );
    assert!(Operation::ALL
        .iter()
        .all(|op| Server::Production.serves(*op)));
}

#[tokio::test]
async fn a_client_for_a_documented_server_refuses_what_that_server_does_not_list() {
    // Thailand is not among Delete Enroll's hosts: the call is refused before anything is sent
    // (this machine has no route to the vendor: a sent request would fail as a connection error).
    let client = advance::Client::with_access_token(advance::Server::Thailand, "token").unwrap();
    let request = advance::types::UserIdRequest::new("user-1");
    match client.delete_enroll(&request).await {
        Err(Error::InvalidRequest(InvalidRequest::NotServedHere { operation, server })) => {
            assert_eq!(operation, advance::Operation::DeleteEnroll.meta());
            assert_eq!(server, "https://th-api.advance.ai");
            assert_eq!(
                operation.servers,
                ["https://sg-api.advance.ai", "https://api.advance.ai"]
            );
            // The message says it too, for a person reading a log.
            let text =
                Error::<()>::InvalidRequest(InvalidRequest::NotServedHere { operation, server })
                    .to_string();
            assert!(
                text.contains("deleteEnroll is not documented on https://th-api.advance.ai")
                    && text.contains("https://sg-api.advance.ai, https://api.advance.ai"),
                "{text}"
            );
        }
        other => panic!("expected a refusal before sending, got {other:?}"),
    }

    // Signzy's preproduction host is printed on the View Blacklisted Users page only.
    let client = signzy::Client::with_access_token(signzy::Server::Preproduction, "token").unwrap();
    let request = signzy::types::UserRef::new("acme", "user-42");
    assert!(matches!(
        client.blacklist_user(&request).await,
        Err(Error::InvalidRequest(InvalidRequest::NotServedHere { operation, .. }))
            if operation == signzy::Operation::BlacklistUser.meta()
    ));
}

#[tokio::test]
async fn a_client_for_any_other_base_url_sends_every_operation() {
    // A base URL that is not a documented server (a mock, a proxy, a new regional host) is not
    // checked: the request is sent, and here answered by the local server.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "code": "SUCCESS", "message": "OK", "data": null, "extra": null,
                "transactionId": "t", "pricingStrategy": "FREE"
            })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let base = faceauth_clients::BaseUrl::parse(&server.uri()).unwrap();
    let client = advance::Client::with_access_token(base, "token").unwrap();
    let request = advance::types::UserIdRequest::new("user-1");
    assert!(client.delete_enroll(&request).await.is_ok());
}

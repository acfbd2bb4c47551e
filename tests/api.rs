//! The HTTP API against a real node on loopback: publishing, bad input (each refused with the
//! right status and nothing stored), files, visibility on every read, accounts, versions and
//! retraction.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestNode, document};
use plenary::node::Role;
use serde_json::{Value, json};

async fn publish_raw(node: &TestNode, token: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let response = node.post_raw("/api/v1/records", Some(token), body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn publish_returns_a_signed_verifiable_record() {
    let node = TestNode::start().await;
    let id = node
        .publish(&node.admin, "document", json!("public"), document("Regulatory policy outlook"))
        .await;
    let (status, view) = node.get(&format!("/api/v1/records/{id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(view["verified"], true);
    assert_eq!(view["record"]["header"]["seq"], 2, "seq 1 is the node record");
    assert_eq!(view["record"]["header"]["origin"], node.node.id().to_string());
    assert_eq!(view["lineage"], id.to_string());
    assert_eq!(view["current"], id.to_string());
    let record: plenary::model::Record = serde_json::from_value(view["record"].clone()).unwrap();
    assert_eq!(record.id(), id);
    plenary::crypto::verify_header(&record.header, &record.sig).unwrap();
}

#[tokio::test]
async fn bad_input_is_refused_with_the_right_status_and_nothing_stored() {
    let node = TestNode::start_with(|c| c.limits.record_bytes = 16 * 1024).await;
    let before = node.own_log_len();
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("malformed json", br#"{"kind": "document", "#.to_vec(), 400, "invalid_json"),
        (
            "float",
            br#"{"kind":"document","visibility":"public","body":{"title":"t","language":"en","x":1.0}}"#.to_vec(),
            400,
            "float_not_allowed",
        ),
        (
            "duplicate key",
            br#"{"kind":"document","visibility":"public","body":{"title":"a","title":"b","language":"en"}}"#.to_vec(),
            400,
            "duplicate_key",
        ),
        ("unknown kind", br#"{"kind":"memo","visibility":"public","body":{}}"#.to_vec(), 400, "unknown_kind"),
        ("node kind", br#"{"kind":"node","visibility":"public","body":{"name":"x","acronym":"X"}}"#.to_vec(), 400, "kind_not_publishable"),
        (
            "schema",
            br#"{"kind":"document","visibility":"public","body":{"title":"t","language":"en","status":"secret"}}"#.to_vec(),
            400,
            "schema_violation",
        ),
        ("bad visibility", br#"{"kind":"document","visibility":"everyone","body":{"title":"t","language":"en"}}"#.to_vec(), 400, "schema_violation"),
        (
            "repeated audience",
            br#"{"kind":"document","visibility":{"nodes":["lJsBS7qFY5SCDjxPRFn3lJKZNlJKpM2d0GZ0dbuuBgM","lJsBS7qFY5SCDjxPRFn3lJKZNlJKpM2d0GZ0dbuuBgM"]},"body":{"title":"t","language":"en"}}"#.to_vec(),
            400,
            "schema_violation",
        ),
        ("unknown member", br#"{"kind":"document","visibility":"public","body":{},"extra":1}"#.to_vec(), 400, "invalid_input"),
        ("big integer", br#"{"kind":"document","visibility":"public","body":{"title":"t","language":"en","n":9007199254740993}}"#.to_vec(), 400, "integer_out_of_range"),
    ];
    for (what, bytes, status, code) in cases {
        let (got, body) = publish_raw(&node, &node.admin, bytes).await;
        assert_eq!(
            (got, body["code"].as_str().unwrap_or_default()),
            (status, code),
            "{what}: {body}"
        );
    }
    let huge = json!({"kind": "document", "visibility": "public", "body": {"title": "t", "language": "en", "text": "x".repeat(20_000)}});
    let (status, body) = publish_raw(&node, &node.admin, serde_json::to_vec(&huge).unwrap()).await;
    assert_eq!((status, body["code"].as_str().unwrap()), (413, "record_too_large"), "{body}");
    assert_eq!(node.own_log_len(), before, "a refused request must store nothing");
}

#[tokio::test]
async fn refusals_name_the_failing_field() {
    let node = TestNode::start().await;
    let (_, body) = publish_raw(
        &node,
        &node.admin,
        r#"{"kind":"document","visibility":"public","body":{"title":5,"language":"en"}}"#,
    )
    .await;
    assert_eq!(body["field"], "/body/title", "{body}");
    let (_, body) = publish_raw(&node, &node.admin, r#"{"kind":"meeting","visibility":"public","body":{"title":"m","meeting_type":"plenary","starts_at":"2026-13-01T00:00:00Z"}}"#).await;
    assert_eq!(body["field"], "/body/starts_at", "{body}");
}

#[tokio::test]
async fn roles_and_credentials_gate_publishing() {
    let node = TestNode::start().await;
    let member = node.user_token("partner", Role::Member).await;
    let (status, body) = publish_raw(
        &node,
        &member,
        serde_json::to_vec(
            &json!({"kind": "document", "visibility": "public", "body": document("x")}),
        )
        .unwrap(),
    )
    .await;
    assert_eq!((status, body["code"].as_str().unwrap()), (403, "forbidden"));
    let response = node
        .post_json(
            "/api/v1/records",
            None,
            &json!({"kind": "document", "visibility": "public", "body": document("x")}),
        )
        .await;
    assert_eq!(response.status(), 401);
    let response = node
        .post_json(
            "/api/v1/records",
            Some("plt_forged"),
            &json!({"kind": "document", "visibility": "public", "body": document("x")}),
        )
        .await;
    assert_eq!(response.status(), 401, "a bad token is refused, not treated as anonymous");
    let mut draft = document("draft");
    draft["comment_until"] = json!("2099-01-31");
    let doc = node.publish(&node.admin, "document", json!("partners"), draft).await;
    let comment = json!({"about": doc.to_string(), "text": "We support option B."});
    node.publish(&member, "comment", json!("partners"), comment).await;
}

#[tokio::test]
async fn files_upload_by_hash_and_attachments_are_checked() {
    let node = TestNode::start_with(|c| c.limits.file_bytes = 1000).await;
    let attachment =
        node.upload(&node.admin, b"minutes of the 2026 plenary\n", "minutes.txt").await;
    let expected = plenary::model::Sha256::of(b"minutes of the 2026 plenary\n").to_string();
    assert_eq!(attachment["sha256"], expected.as_str());
    let response = node.post_raw("/api/v1/blobs", Some(&node.admin), vec![7u8; 1001]).await;
    assert_eq!(response.status(), 413);
    let leftovers =
        std::fs::read_dir(node.dir.path().join("plenary-data/files/tmp")).unwrap().count();
    assert_eq!(leftovers, 0, "an oversized upload leaves nothing");
    let before = node.own_log_len();
    let missing =
        json!({"sha256": "ab".repeat(32), "size": 3, "media_type": "text/plain", "name": "a.txt"});
    let mut wrong_size = attachment.clone();
    wrong_size["size"] = json!(5);
    for bad in [missing, wrong_size] {
        let body = json!({"kind": "document", "visibility": "public", "body": {"title": "t", "language": "en", "attachments": [bad]}});
        let (status, error) =
            publish_raw(&node, &node.admin, serde_json::to_vec(&body).unwrap()).await;
        assert_eq!(
            (status, error["code"].as_str().unwrap()),
            (422, "attachment_invalid"),
            "{error}"
        );
    }
    assert_eq!(node.own_log_len(), before);
    let member = node.user_token("reader", Role::Member).await;
    let response = node.post_raw("/api/v1/blobs", Some(&member), &b"x"[..]).await;
    assert_eq!(response.status(), 403, "members do not upload");
}

#[tokio::test]
async fn visibility_is_enforced_on_every_read() {
    let node = TestNode::start().await;
    let member = node.user_token("partner", Role::Member).await;
    let secret = node.upload(&node.admin, b"partners only\n", "draft.txt").await;
    let sha = secret["sha256"].as_str().unwrap().to_owned();
    let mut body = document("Draft study");
    body["attachments"] = json!([secret]);
    let id = node.publish(&node.admin, "document", json!("partners"), body).await;
    node.publish(&node.admin, "document", json!("public"), document("Public summary")).await;

    // Anonymous: nothing about the partners record leaks.
    assert_eq!(node.get(&format!("/api/v1/records/{id}"), None).await.0, 404);
    let (_, listing) = node.get("/api/v1/records?kind=document", None).await;
    let titles: Vec<&str> = listing["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["body"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Public summary"]);
    let (_, lookup) = node.get(&format!("/api/v1/lookup/{sha}"), None).await;
    assert_eq!(lookup["records"], json!([]));
    assert_eq!(node.get(&format!("/api/v1/blobs/{sha}"), None).await.0, 404);

    // A logged-in partner sees it all.
    assert_eq!(node.get(&format!("/api/v1/records/{id}"), Some(&member)).await.0, 200);
    let (_, listing) = node.get("/api/v1/records?kind=document", Some(&member)).await;
    assert_eq!(listing["records"].as_array().unwrap().len(), 2);
    let (_, lookup) = node.get(&format!("/api/v1/lookup/{sha}"), Some(&member)).await;
    assert_eq!(lookup["records"][0]["id"], id.to_string());
    let response = node
        .request(reqwest::Method::GET, &format!("/api/v1/blobs/{sha}"), Some(&member))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"partners only\n");
}

#[tokio::test]
async fn node_and_group_audiences_admit_only_their_nodes() {
    use plenary::node::Viewer;
    let node = TestNode::start().await;
    let (member, outsider) =
        (common::ForeignLog::new(1).key.node_id(), common::ForeignLog::new(2).key.node_id());
    let group = json!({"slug": "regulatory-policy", "name": "Regulatory policy", "members": [member.to_string()]});
    let group_id = node.publish(&node.admin, "working_group", json!("partners"), group).await;
    let for_group = node
        .publish(
            &node.admin,
            "document",
            json!({"group": group_id.to_string()}),
            document("Group draft"),
        )
        .await;
    let for_member = node
        .publish(
            &node.admin,
            "document",
            json!({"nodes": [member.to_string()]}),
            document("Bilateral note"),
        )
        .await;
    for id in [for_group, for_member] {
        let header = node
            .node
            .get(
                &Viewer::Local(plenary::node::Account {
                    username: "admin".into(),
                    role: Role::Admin,
                }),
                &id,
            )
            .unwrap()
            .record
            .header;
        assert!(node.node.may_see(&Viewer::Peer(member), &header).unwrap());
        assert!(!node.node.may_see(&Viewer::Peer(outsider), &header).unwrap());
        assert!(!node.node.may_see(&Viewer::Anonymous, &header).unwrap());
        assert_eq!(node.get(&format!("/api/v1/records/{id}"), None).await.0, 404);
    }
    let (status, body) = publish_raw(&node, &node.admin, serde_json::to_vec(&json!({"kind": "document", "visibility": {"group": "ab".repeat(32)}, "body": document("x")})).unwrap()).await;
    assert_eq!((status, body["code"].as_str().unwrap()), (422, "invalid_reference"));
}

#[tokio::test]
async fn versions_form_a_lineage_with_one_current_version() {
    let node = TestNode::start().await;
    let v1 = node.publish(&node.admin, "document", json!("public"), document("Study v1")).await;
    let mut body = document("Study v2");
    body["supersedes"] = json!(v1.to_string());
    body["relation"] = json!("revision");
    let v2 = node.publish(&node.admin, "document", json!("public"), body.clone()).await;
    let (_, view) = node.get(&format!("/api/v1/records/{v1}"), None).await;
    assert_eq!(
        (view["lineage"].as_str(), view["current"].as_str()),
        (Some(v1.to_string().as_str()), Some(v2.to_string().as_str()))
    );
    assert_eq!(view["superseded_by"], json!([v2.to_string()]));
    let (_, view) = node.get(&format!("/api/v1/records/{v2}"), None).await;
    assert_eq!(view["lineage"], v1.to_string());
    // Forking the lineage from an old version is refused; so is superseding across kinds.
    let (status, error) = publish_raw(
        &node,
        &node.admin,
        serde_json::to_vec(&json!({"kind": "document", "visibility": "public", "body": body}))
            .unwrap(),
    )
    .await;
    assert_eq!((status, error["code"].as_str().unwrap()), (422, "invalid_reference"), "{error}");
    let meeting = json!({"title": "m", "meeting_type": "webinar", "starts_at": "2027-01-01T10:00:00Z", "supersedes": v2.to_string()});
    let (status, _) = publish_raw(
        &node,
        &node.admin,
        serde_json::to_vec(&json!({"kind": "meeting", "visibility": "public", "body": meeting}))
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn retraction_drops_body_and_file_bytes_but_keeps_the_signed_header() {
    let node = TestNode::start().await;
    let file = node.upload(&node.admin, b"withdrawn text\n", "w.txt").await;
    let sha = file["sha256"].as_str().unwrap().to_owned();
    let mut body = document("To be withdrawn");
    body["attachments"] = json!([file]);
    let id = node.publish(&node.admin, "document", json!("public"), body).await;
    let retraction = node
        .publish(
            &node.admin,
            "retraction",
            json!("public"),
            json!({"about": id.to_string(), "reason": "published in error"}),
        )
        .await;
    let (status, view) = node.get(&format!("/api/v1/records/{id}"), None).await;
    assert_eq!(status, 200);
    assert!(view["record"].get("body").is_none(), "{view}");
    assert_eq!(view["verified"], true, "the header still verifies");
    assert_eq!(view["retracted_by"], retraction.to_string());
    assert_eq!(node.get(&format!("/api/v1/blobs/{sha}"), None).await.0, 404);
    let sha: plenary::model::Sha256 = sha.parse().unwrap();
    assert!(node.node.blobs().size(&sha).is_none(), "the bytes are deleted");
    let (_, lookup) = node.get(&format!("/api/v1/lookup/{sha}"), None).await;
    assert_eq!(lookup["records"][0]["retracted"], true);
    assert_eq!(lookup["records"][0]["current"], false);
    let again = json!({"kind": "retraction", "visibility": "public", "body": {"about": id.to_string(), "reason": "again"}});
    assert_eq!(publish_raw(&node, &node.admin, serde_json::to_vec(&again).unwrap()).await.0, 422);
}

#[tokio::test]
async fn accounts_sessions_and_tokens() {
    let node = TestNode::start().await;
    let response = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"username": "admin", "password": "wrong password!"}),
        )
        .await;
    assert_eq!(response.status(), 401);
    let response = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"username": "nobody", "password": "wrong password!"}),
        )
        .await;
    assert_eq!(response.status(), 401);
    let member = node.user_token("m", Role::Member).await;
    assert_eq!(node.get("/api/v1/users", Some(&member)).await.0, 403);
    let (status, users) = node.get("/api/v1/users", Some(&node.admin)).await;
    assert_eq!((status, users.as_array().unwrap().len()), (200, 2));
    let response = node
        .post_json(
            "/api/v1/users",
            Some(&node.admin),
            &json!({"username": "ed", "role": "editor", "password": "short"}),
        )
        .await;
    assert_eq!(response.status(), 400);
    let response = node
        .post_json(
            "/api/v1/users",
            Some(&node.admin),
            &json!({"username": "ed", "role": "editor", "password": "a fine long password"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let session = node.login("ed", "a fine long password").await;
    assert_eq!(node.get("/api/v1/records", Some(&session)).await.0, 200);
    let response = node
        .request(reqwest::Method::DELETE, "/api/v1/session", Some(&session))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(
        node.get("/api/v1/records", Some(&session)).await.0,
        401,
        "a logged-out session is dead"
    );
    let response = node
        .request(reqwest::Method::DELETE, "/api/v1/tokens/m-token", Some(&node.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(node.get("/api/v1/records", Some(&member)).await.0, 401, "a revoked token is dead");
    let cookie = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"username": "ed", "password": "a fine long password"}),
        )
        .await;
    let set_cookie = cookie.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.starts_with("plenary_session=pls_"));
}

#[tokio::test]
async fn metadata_endpoints_and_unknown_routes() {
    let node = TestNode::start().await;
    let (status, health) = node.get("/healthz", None).await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    let id = node.publish(&node.admin, "document", json!("public"), document("x")).await;
    let (_, well_known) = node.get("/.well-known/plenary", None).await;
    assert_eq!(well_known["node_id"], node.node.id().to_string());
    assert_eq!(well_known["head"], json!({"seq": 2, "id": id.to_string()}));
    assert_eq!(well_known["protocol_versions"], json!([1]));
    let (status, error) = node.get("/api/v1/nope", None).await;
    assert_eq!((status, error["code"].as_str()), (404, Some("route_not_found")));
    let (status, error) = node.get("/api/v1/records/not-an-id", None).await;
    assert_eq!((status, error["field"].as_str()), (400, Some("id")));
}

#[tokio::test]
async fn listing_pages_through_everything_once() {
    let node = TestNode::start().await;
    for n in 0..25 {
        node.publish(&node.admin, "document", json!("public"), document(&format!("doc {n}"))).await;
    }
    let (mut seen, mut after) = (Vec::new(), 0);
    loop {
        let (_, page) =
            node.get(&format!("/api/v1/records?kind=document&limit=10&after={after}"), None).await;
        seen.extend(
            page["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["header"]["seq"].as_u64().unwrap()),
        );
        match page["next_after"].as_u64() {
            Some(next) => after = next,
            None => break,
        }
    }
    assert_eq!(seen, (2..=26).collect::<Vec<u64>>());
    let origin = node.node.id();
    let (_, page) =
        node.get(&format!("/api/v1/records?origin={origin}&after=20&limit=100"), None).await;
    assert_eq!(page["records"].as_array().unwrap().len(), 6);
    assert_eq!(node.get("/api/v1/records?limit=abc", None).await.0, 400);
}

#[tokio::test]
async fn what_the_schemas_cannot_say_is_refused_naming_the_field() {
    let node = TestNode::start().await;
    let before = node.own_log_len();
    let meeting = json!({"kind": "meeting", "visibility": "public", "body": {
        "title": "Backwards", "meeting_type": "other",
        "starts_at": "2027-01-01T10:00:00Z", "ends_at": "2027-01-01T09:00:00Z"}});
    let survey = json!({"kind": "survey", "visibility": "public", "body": {"title": "Twice",
        "questions": [{"id": "q1", "text": "a", "type": "text"}, {"id": "q1", "text": "b", "type": "text"}]}});
    for (request, field) in [(meeting, "/body/ends_at"), (survey, "/body/questions/1/id")] {
        let response = node.post_json("/api/v1/records", Some(&node.admin), &request).await;
        assert_eq!(response.status(), 400);
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["field"], field, "{error}");
    }
    assert_eq!(node.own_log_len(), before, "nothing was signed");
}

#[tokio::test]
async fn meetings_are_listed_by_start_within_a_range_as_the_caller_may_see_them() {
    let node = TestNode::start().await;
    let meeting = |title: &str, starts_at: &str| json!({"title": title, "meeting_type": "plenary", "starts_at": starts_at, "timezone": "Europe/Paris"});
    let spring = node
        .publish(
            &node.admin,
            "meeting",
            json!("public"),
            meeting("Spring plenary", "2098-04-01T08:00:00Z"),
        )
        .await;
    let closed = node
        .publish(
            &node.admin,
            "meeting",
            json!("partners"),
            meeting("Closed session", "2098-04-02T08:00:00Z"),
        )
        .await;
    node.publish(
        &node.admin,
        "meeting",
        json!("public"),
        meeting("Autumn plenary", "2098-10-01T08:00:00Z"),
    )
    .await;
    let mut moved = meeting("Spring plenary", "2098-04-03T08:00:00Z");
    moved["supersedes"] = json!(spring.to_string());
    let moved = node.publish(&node.admin, "meeting", json!("public"), moved).await;

    let ids = |list: &Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
    };
    let (status, list) =
        node.get("/api/v1/meetings?from=2098-04-01&to=2098-05-01", Some(&node.admin)).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(ids(&list), [closed.to_string(), moved.to_string()], "current versions by start");
    assert_eq!(list[1]["sequence"], 1);
    assert_eq!(list[1]["lineage"], spring.to_string());
    let (_, anonymous) = node.get("/api/v1/meetings?from=2098-04-01&to=2098-05-01", None).await;
    assert_eq!(ids(&anonymous), [moved.to_string()], "partners' meetings are not public");
    let (_, all) = node.get("/api/v1/meetings", None).await;
    assert_eq!(all.as_array().unwrap().len(), 2);

    for (query, field) in
        [("from=April", "from"), ("from=2098-05-01&to=2098-04-01", "to"), ("year=2098", "query")]
    {
        let (status, error) = node.get(&format!("/api/v1/meetings?{query}"), None).await;
        assert_eq!((status, error["field"].as_str()), (400, Some(field)), "{query}: {error}");
    }
}

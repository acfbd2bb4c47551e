//! The portal's "verify a file" page, account page and admin pages against real nodes over real
//! HTTP, driven as a browser would drive them (cookies kept, form tokens read from the pages,
//! redirects looked at rather than followed): what each page shows, who may use it, that every
//! change needs the reader's form token, and that bad input is shown next to its field with
//! nothing stored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::sync::Mutex;

use common::process::{init, released_address, serve};
use common::{ForeignLog, TestNode};
use plenary::crypto::NodeKey;
use plenary::model::{Kind, Sha256, Visibility};
use plenary::node::{Account, Role, Viewer};
use serde_json::{Value, json};

/// The password every test user gets.
const PASSWORD: &str = "a long test password";

/// A page as the browser received it.
#[derive(Debug)]
struct Page {
    status: u16,
    location: Option<String>,
    html: String,
}

impl Page {
    /// The form token printed in the page's forms.
    fn csrf(&self) -> String {
        let marker = r#"name="csrf" value=""#;
        let start =
            self.html.find(marker).unwrap_or_else(|| panic!("no form token in {}", self.html))
                + marker.len();
        let end = self.html[start..].find('"').unwrap();
        self.html[start..start + end].to_owned()
    }

    /// Asserts the page contains every one of `needles`.
    fn shows(&self, needles: &[&str]) -> &Page {
        for needle in needles {
            assert!(self.html.contains(needle), "the page should show {needle:?}:\n{}", self.html);
        }
        self
    }

    /// Asserts the page contains none of `needles`.
    fn hides(&self, needles: &[&str]) -> &Page {
        for needle in needles {
            assert!(
                !self.html.contains(needle),
                "the page should not show {needle:?}:\n{}",
                self.html
            );
        }
        self
    }

    /// Asserts `field` is marked invalid and its error, containing `message`, is next to it.
    fn field_error(&self, field: &str, message: &str) -> &Page {
        let input = self
            .html
            .find(&format!(r#"id="{field}""#))
            .unwrap_or_else(|| panic!("no field {field} in {}", self.html));
        let tag_end = input + self.html[input..].find('>').unwrap();
        let tag = &self.html[input..tag_end];
        assert!(tag.contains(r#"aria-invalid="true""#), "{field} is marked invalid: {tag}");
        assert!(tag.contains(&format!("{field}-error")), "{field} points at its error: {tag}");
        let error = self
            .html
            .find(&format!(r#"<p class="field-error" id="{field}-error">"#))
            .unwrap_or_else(|| panic!("no error for {field} in {}", self.html));
        assert!(error > input, "the error follows its field");
        let text_end = error + self.html[error..].find("</p>").unwrap();
        assert!(
            self.html[error..text_end].contains(message),
            "the error of {field} says {message:?}: {}",
            &self.html[error..text_end]
        );
        self
    }
}

/// A browser: keeps cookies, sends forms, does not follow redirects.
struct Browser {
    base: String,
    client: reqwest::Client,
    cookies: Mutex<BTreeMap<String, String>>,
}

impl Browser {
    fn new(base: &str) -> Browser {
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { base: base.to_owned(), client, cookies: Mutex::new(BTreeMap::new()) }
    }

    /// A browser signed in as `username` through the sign-in form.
    async fn signed_in(base: &str, username: &str, password: &str) -> Browser {
        let browser = Browser::new(base);
        let form = browser.get("/login").await;
        assert_eq!(form.status, 200);
        let csrf = form.csrf();
        let done = browser
            .post("/login", &[("csrf", &csrf), ("username", username), ("password", password)])
            .await;
        assert_eq!(done.status, 303, "signing in as {username}: {}", done.html);
        assert!(browser.cookie("plenary_session").is_some(), "a session cookie is set");
        browser
    }

    fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    fn cookie_header(&self) -> String {
        let cookies = self.cookies.lock().unwrap();
        cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// Applies one `Set-Cookie`.
    fn keep_cookie(&self, set_cookie: &str) {
        let pair = set_cookie.split(';').next().unwrap();
        let (name, content) = pair.split_once('=').unwrap();
        let mut cookies = self.cookies.lock().unwrap();
        if content.is_empty() || set_cookie.contains("Max-Age=0") {
            cookies.remove(name);
        } else {
            cookies.insert(name.to_owned(), content.to_owned());
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Page {
        let response = request.header("cookie", self.cookie_header()).send().await.unwrap();
        for value in response.headers().get_all("set-cookie") {
            self.keep_cookie(value.to_str().unwrap());
        }
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
        Page { status, location, html: response.text().await.unwrap() }
    }

    async fn get(&self, path: &str) -> Page {
        self.send(self.client.get(format!("{}{path}", self.base))).await
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.send(self.client.post(format!("{}{path}", self.base)).form(fields)).await
    }

    /// A `multipart/form-data` post of `fields` (in order) and, last, `file` as the `file`
    /// field.
    async fn post_file(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Page {
        let boundary = "plenary-test-boundary-7d1c";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        if let Some((name, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"{name}\"\r\ncontent-type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body);
        self.send(request).await
    }
}

/// Adds a user with `role` on `node`.
async fn add_user(node: &TestNode, username: &str, role: Role) {
    node.node.add_user(username, role, PASSWORD).await.unwrap();
}

fn viewer(username: &str, role: Role) -> Viewer {
    Viewer::Local(Account { username: username.into(), role })
}

// ---- Verify a file ----

const REPORT: &[u8] = b"Annual report of the secretariat, final text.\n";

/// Publishes a document titled `title` with `visibility` that lists `bytes`; returns its id.
async fn publish_with_file(
    node: &TestNode,
    title: &str,
    visibility: Value,
    bytes: &'static [u8],
    extra: Value,
) -> String {
    let attachment = node.upload(&node.admin, bytes, "report.txt").await;
    let mut body = json!({"title": title, "language": "en", "attachments": [attachment]});
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    node.publish(&node.admin, "document", visibility, body).await.to_string()
}

#[tokio::test]
async fn a_published_file_verifies_and_a_changed_byte_is_not_listed() {
    let node = TestNode::start().await;
    let id =
        publish_with_file(&node, "Annual report 2026", json!("public"), REPORT, json!({})).await;
    let hex = Sha256::of(REPORT).to_string();
    let origin = node.node.id();
    let name = node.node.settings().name().to_owned();
    let browser = Browser::new(&node.url);

    let form = browser.get("/verify").await;
    assert_eq!(form.status, 200);
    form.shows(&[
        r#"name="file" type="file""#,
        r#"enctype="multipart/form-data""#,
        r#"aria-current="page">Verify a file"#,
    ]);
    let found =
        browser.post_file("/verify", &[("csrf", &form.csrf())], Some(("report.txt", REPORT))).await;
    assert_eq!(found.status, 200, "{}", found.html);
    found.shows(&[
        &hex,
        "report.txt",
        &format!("{} bytes", REPORT.len()),
        "Listed by 1 record you may see",
        "Annual report 2026",
        &format!("/documents/{id}"),
        "The signature verifies",
        "This is the current version.",
        &name,
        &origin.to_string(),
        &origin.fingerprint(),
    ]);
    found.hides(&["No record held by this node lists this file."]);
    assert!(node.node.blobs().size(&Sha256::of(b"never stored")).is_none());

    let mut changed = REPORT.to_vec();
    changed[0] ^= 1;
    let csrf = found.csrf();
    let missing =
        browser.post_file("/verify", &[("csrf", &csrf)], Some(("report.txt", &changed))).await;
    assert_eq!(missing.status, 200);
    missing
        .shows(&["No record held by this node lists this file.", &Sha256::of(&changed).to_string()])
        .hides(&["Annual report 2026", "The signature verifies"]);
    assert!(
        node.node.blobs().size(&Sha256::of(&changed)).is_none(),
        "a checked file is not stored"
    );

    // A hash typed or pasted as sha256sum prints it: the same answer.
    let typed =
        browser.get(&format!("/verify?sha256={}%20%20report.txt", hex.to_uppercase())).await;
    assert_eq!(typed.status, 200);
    typed.shows(&["Annual report 2026", "This is the current version.", &hex]);
    let bad = browser.get("/verify?sha256=not-a-hash").await;
    assert_eq!(bad.status, 400);
    bad.field_error("sha256", "This is not a SHA-256").shows(&[r#"value="not-a-hash""#]);
}

#[tokio::test]
async fn a_superseded_documents_file_is_not_current_and_links_the_current_version() {
    let node = TestNode::start().await;
    let v1 =
        publish_with_file(&node, "Study, first text", json!("public"), REPORT, json!({})).await;
    let body = json!({"title": "Study, revised", "language": "en", "supersedes": v1, "relation": "revision"});
    let v2 = node.publish(&node.admin, "document", json!("public"), body).await;
    let browser = Browser::new(&node.url);
    let csrf = browser.get("/verify").await.csrf();
    let page = browser.post_file("/verify", &[("csrf", &csrf)], Some(("study.txt", REPORT))).await;
    assert_eq!(page.status, 200);
    page.shows(&[
        "Study, first text",
        "This is not the current version",
        &format!(r#"<a href="/records/{v2}">See the current version</a>"#),
        "The signature verifies",
    ])
    .hides(&["This is the current version."]);
}

#[tokio::test]
async fn a_partners_only_record_is_not_revealed_to_an_anonymous_reader() {
    let node = TestNode::start().await;
    let id = publish_with_file(&node, "Internal budget note", json!("partners"), REPORT, json!({}))
        .await;
    let anonymous = Browser::new(&node.url);
    let csrf = anonymous.get("/verify").await.csrf();
    let page = anonymous.post_file("/verify", &[("csrf", &csrf)], Some(("note.txt", REPORT))).await;
    assert_eq!(page.status, 200);
    page.shows(&["No record held by this node lists this file."]).hides(&[
        "Internal budget note",
        &id,
        "Listed by",
    ]);
    let typed = anonymous.get(&format!("/verify?sha256={}", Sha256::of(REPORT))).await;
    typed.shows(&["No record held by this node lists this file."]).hides(&[&id]);

    add_user(&node, "member", Role::Member).await;
    let member = Browser::signed_in(&node.url, "member", PASSWORD).await;
    let csrf = member.get("/verify").await.csrf();
    let page = member.post_file("/verify", &[("csrf", &csrf)], Some(("note.txt", REPORT))).await;
    page.shows(&["Internal budget note", &id, "Listed by 1 record"]);
}

#[tokio::test]
async fn verify_refuses_a_missing_or_foreign_token_no_file_and_a_file_too_large() {
    let node = TestNode::start_with(|c| c.limits.file_bytes = 4096).await;
    let browser = Browser::new(&node.url);
    let csrf = browser.get("/verify").await.csrf();
    let missing = browser.post_file("/verify", &[], Some(("a.txt", REPORT))).await;
    assert_eq!(missing.status, 403);
    missing.shows(&["This form has expired"]);
    let other = Browser::new(&node.url);
    let foreign = other.get("/verify").await.csrf();
    let forged = browser.post_file("/verify", &[("csrf", &foreign)], Some(("a.txt", REPORT))).await;
    assert_eq!(forged.status, 403, "another reader's token is refused");

    let none = browser.post_file("/verify", &[("csrf", &csrf)], None).await;
    assert_eq!(none.status, 400);
    none.field_error("file", "Choose a file to check.");

    let big = vec![7u8; 5000];
    let refused = browser.post_file("/verify", &[("csrf", &csrf)], Some(("big.bin", &big))).await;
    assert_eq!(refused.status, 413, "{}", refused.html);
    refused.field_error("file", "This file is larger than 4.1 kB");
    assert!(node.node.blobs().size(&Sha256::of(&big)).is_none());
}

// ---- The account page ----

#[tokio::test]
async fn the_account_page_needs_a_signed_in_reader() {
    let node = TestNode::start().await;
    let anonymous = Browser::new(&node.url);
    let page = anonymous.get("/account").await;
    assert_eq!((page.status, page.location.as_deref()), (303, Some("/login?next=%2Faccount")));
    let csrf = anonymous.get("/verify").await.csrf();
    let post = anonymous.post("/account/tokens", &[("csrf", &csrf), ("token_name", "x")]).await;
    assert_eq!(post.status, 303, "a signed-out reader is sent to sign in");
    assert!(node.node.list_tokens().unwrap().iter().all(|t| t.name != "x"));

    add_user(&node, "editor", Role::Editor).await;
    let editor = Browser::signed_in(&node.url, "editor", PASSWORD).await;
    let page = editor.get("/account").await;
    assert_eq!(page.status, 200);
    page.shows(&["Your account", "editor", "Editor", "You have no API token."]);
}

#[tokio::test]
async fn a_user_changes_their_password_and_stays_signed_in() {
    let node = TestNode::start().await;
    add_user(&node, "jane", Role::Member).await;
    let browser = Browser::signed_in(&node.url, "jane", PASSWORD).await;
    let elsewhere = Browser::signed_in(&node.url, "jane", PASSWORD).await;
    let csrf = browser.get("/account").await.csrf();
    let new = "a brand new passphrase";
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let csrf = csrf.clone();
        let browser = &browser;
        async move {
            browser
                .post(
                    "/account/password",
                    &[
                        ("csrf", &csrf),
                        ("current_password", current),
                        ("new_password", new),
                        ("confirm_password", confirm),
                    ],
                )
                .await
        }
    };
    let wrong = change("not my password", new, new).await;
    assert_eq!(wrong.status, 400);
    wrong.field_error("current_password", "This is not your current password.");
    let short = change(PASSWORD, "short", "short").await;
    assert_eq!(short.status, 400);
    short.field_error("new_password", "at least 10 characters");
    let mismatch = change(PASSWORD, new, "a different passphrase").await;
    assert_eq!(mismatch.status, 400);
    mismatch.field_error("confirm_password", "The two new passwords differ.");
    node.node.login("jane", PASSWORD).await.expect("nothing changed so far");

    let before = browser.cookie("plenary_session").unwrap();
    let done = change(PASSWORD, new, new).await;
    assert_eq!((done.status, done.location.as_deref()), (303, Some("/account?done=password")));
    let after = browser.cookie("plenary_session").unwrap();
    assert_ne!(before, after, "a new session cookie is set");
    browser.get("/account?done=password").await.shows(&["Your password is changed."]);
    assert!(node.node.login("jane", PASSWORD).await.is_err());
    node.node.login("jane", new).await.unwrap();
    let ended = elsewhere.get("/account").await;
    assert_eq!(ended.status, 303, "the other session has ended");
}

#[tokio::test]
async fn a_user_sets_language_and_time_zone() {
    let node = TestNode::start().await;
    add_user(&node, "jane", Role::Member).await;
    let browser = Browser::signed_in(&node.url, "jane", PASSWORD).await;
    let page = browser.get("/account").await;
    page.shows(&[r#"<option value="fr" lang="fr""#, r#"<datalist id="zones">"#, "Europe/Zurich"]);
    let csrf = page.csrf();
    let bad = browser
        .post(
            "/account/preferences",
            &[("csrf", &csrf), ("language", "fr"), ("timezone", "Mars/Olympus_Mons")],
        )
        .await;
    assert_eq!(bad.status, 400);
    bad.field_error("timezone", "This is not a known time zone.")
        .shows(&[r#"value="Mars/Olympus_Mons""#]);
    let bad = browser
        .post("/account/preferences", &[("csrf", &csrf), ("language", "xx"), ("timezone", "")])
        .await;
    assert_eq!(bad.status, 400);
    bad.field_error("language", "Choose one of the languages listed.");
    assert_eq!(node.node.preferences("jane").unwrap(), Default::default(), "nothing stored");

    let done = browser
        .post(
            "/account/preferences",
            &[("csrf", &csrf), ("language", "fr"), ("timezone", "europe/paris")],
        )
        .await;
    assert_eq!((done.status, done.location.as_deref()), (303, Some("/account?done=preferences")));
    let saved = node.node.preferences("jane").unwrap();
    assert_eq!(
        (saved.language.as_deref(), saved.timezone.as_deref()),
        (Some("fr"), Some("Europe/Paris"))
    );
    let french = browser.get("/account?done=preferences").await;
    french.shows(&[
        r#"<html lang="fr""#,
        "Vos préférences ont été enregistrées.",
        r#"value="Europe/Paris""#,
    ]);
}

#[tokio::test]
async fn a_user_creates_and_revokes_their_own_tokens_only() {
    let node = TestNode::start().await;
    add_user(&node, "jane", Role::Member).await;
    let other = node.user_token("omar", Role::Member).await;
    let browser = Browser::signed_in(&node.url, "jane", PASSWORD).await;
    let csrf = browser.get("/account").await.csrf();

    let bad =
        browser.post("/account/tokens", &[("csrf", &csrf), ("token_name", "My Laptop")]).await;
    assert_eq!(bad.status, 400);
    bad.field_error("token_name", "lowercase letters").shows(&[r#"value="My Laptop""#]);
    let taken =
        browser.post("/account/tokens", &[("csrf", &csrf), ("token_name", "omar-token")]).await;
    assert_eq!(taken.status, 409);
    taken.field_error("token_name", "already exists");
    assert!(
        node.node
            .own_tokens(&Account { username: "jane".into(), role: Role::Member })
            .unwrap()
            .is_empty()
    );

    let created =
        browser.post("/account/tokens", &[("csrf", &csrf), ("token_name", "laptop")]).await;
    assert_eq!(created.status, 201, "{}", created.html);
    created.shows(&["Token laptop created", "shown only this once"]);
    let marker = r#"id="new-token-secret" class="secret" type="text" readonly value=""#;
    let start = created.html.find(marker).unwrap() + marker.len();
    let secret = &created.html[start..start + created.html[start..].find('"').unwrap()];
    assert!(secret.starts_with("plt_"), "{secret}");
    assert_eq!(node.node.authenticate(secret).unwrap().username, "jane");
    let listed = browser.get("/account").await;
    listed.shows(&["laptop"]).hides(&[secret]);

    // Another user's token: not found, and it still works.
    let foreign =
        browser.post("/account/tokens/revoke", &[("csrf", &csrf), ("name", "omar-token")]).await;
    assert_eq!(foreign.status, 404);
    assert_eq!(node.node.authenticate(&other).unwrap().username, "omar");

    // A stale token (from an ended session) is refused and revokes nothing.
    let stale = plenary::portal::reader::session_csrf("pls_an-old-session");
    let refused =
        browser.post("/account/tokens/revoke", &[("csrf", &stale), ("name", "laptop")]).await;
    assert_eq!(refused.status, 403);
    refused.shows(&["This form has expired"]);
    let missing = browser.post("/account/tokens/revoke", &[("name", "laptop")]).await;
    assert_eq!(missing.status, 403);
    assert!(node.node.authenticate(secret).is_ok());

    let revoked =
        browser.post("/account/tokens/revoke", &[("csrf", &csrf), ("name", "laptop")]).await;
    assert_eq!((revoked.status, revoked.location.as_deref()), (303, Some("/account?done=revoked")));
    assert!(node.node.authenticate(secret).is_err());
    browser
        .get("/account?done=revoked")
        .await
        .shows(&["The token is revoked", "You have no API token."]);
}

// ---- Administration ----

#[tokio::test]
async fn members_and_editors_may_not_administer() {
    let node = TestNode::start().await;
    let anonymous = Browser::new(&node.url);
    let page = anonymous.get("/admin/users").await;
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/login?next=%2Fadmin%2Fusers"))
    );
    for (username, role) in [("member", Role::Member), ("editor", Role::Editor)] {
        add_user(&node, username, role).await;
        let browser = Browser::signed_in(&node.url, username, PASSWORD).await;
        let account = browser.get("/account").await;
        account.hides(&[r#"href="/admin""#]);
        for path in ["/admin", "/admin/users", "/admin/peers"] {
            let page = browser.get(path).await;
            assert_eq!(page.status, 403, "{username} on {path}");
            page.shows(&["Not allowed"]);
        }
        let csrf = account.csrf();
        let posts: [(&str, Vec<(&str, &str)>); 5] = [
            (
                "/admin/users",
                vec![("username", "intruder"), ("role", "admin"), ("password", PASSWORD)],
            ),
            ("/admin/users/role", vec![("username", username), ("role", "admin")]),
            ("/admin/users/remove", vec![("username", "admin")]),
            ("/admin/peers", vec![("url", "http://127.0.0.1:9"), ("node_id", "x")]),
            ("/admin/peers/remove", vec![("node_id", "x")]),
        ];
        for (path, mut fields) in posts {
            fields.insert(0, ("csrf", &csrf));
            assert_eq!(browser.post(path, &fields).await.status, 403, "{username} posting {path}");
        }
    }
    let users = node.node.list_users().unwrap();
    assert!(users.iter().all(|u| u.username != "intruder"));
    assert!(users.iter().any(|u| u.username == "admin"));
    assert!(users.iter().filter(|u| u.role == Role::Admin).count() == 1);
}

#[tokio::test]
async fn an_admin_adds_changes_and_removes_users_but_never_the_last_admin() {
    let node = TestNode::start().await;
    add_user(&node, "boss", Role::Admin).await;
    let browser = Browser::signed_in(&node.url, "boss", PASSWORD).await;
    let overview = browser.get("/admin").await;
    assert_eq!(overview.status, 200);
    overview.shows(&[
        r#"href="/admin/users""#,
        r#"href="/admin/peers""#,
        "2 users",
        "2 administrators",
    ]);
    let page = browser.get("/admin/users").await;
    assert_eq!(page.status, 200);
    page.shows(&[
        "boss",
        "admin",
        "Administrator",
        r#"<th scope="col">"#,
        r#"aria-current="page">Users"#,
    ]);
    let csrf = page.csrf();

    let bad = browser
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "Jane Doe"),
                ("role", "editor"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(bad.status, 400);
    bad.field_error("username", "lowercase letters").shows(&[r#"value="Jane Doe""#]);
    let weak = browser
        .post(
            "/admin/users",
            &[("csrf", &csrf), ("username", "jane"), ("role", "editor"), ("password", "short")],
        )
        .await;
    assert_eq!(weak.status, 400);
    weak.field_error("password", "at least 10 characters").shows(&[r#"value="jane""#]);
    let no_role = browser
        .post(
            "/admin/users",
            &[("csrf", &csrf), ("username", "jane"), ("role", "king"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(no_role.status, 400);
    no_role.field_error("role", "Choose a role");
    assert!(node.node.list_users().unwrap().iter().all(|u| u.username != "jane"), "nothing stored");

    let added = browser
        .post(
            "/admin/users",
            &[("csrf", &csrf), ("username", "jane"), ("role", "editor"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!((added.status, added.location.as_deref()), (303, Some("/admin/users?done=added")));
    let role_of = |name: &str| {
        node.node.list_users().unwrap().into_iter().find(|u| u.username == name).map(|u| u.role)
    };
    assert_eq!(role_of("jane"), Some(Role::Editor));
    browser.get("/admin/users?done=added").await.shows(&["The user is added.", "jane"]);
    let again = browser
        .post(
            "/admin/users",
            &[("csrf", &csrf), ("username", "jane"), ("role", "member"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(again.status, 409);
    again.field_error("username", "already exists");

    let changed = browser
        .post("/admin/users/role", &[("csrf", &csrf), ("username", "jane"), ("role", "member")])
        .await;
    assert_eq!(
        (changed.status, changed.location.as_deref()),
        (303, Some("/admin/users?done=role"))
    );
    assert_eq!(role_of("jane"), Some(Role::Member));
    let removed =
        browser.post("/admin/users/remove", &[("csrf", &csrf), ("username", "jane")]).await;
    assert_eq!(removed.status, 303);
    assert_eq!(role_of("jane"), None);
    let unknown =
        browser.post("/admin/users/remove", &[("csrf", &csrf), ("username", "nobody")]).await;
    assert_eq!(unknown.status, 404);

    // Two admins: one may go. Then the last one may neither be demoted nor removed.
    assert_eq!(
        browser.post("/admin/users/remove", &[("csrf", &csrf), ("username", "admin")]).await.status,
        303
    );
    let demote = browser
        .post("/admin/users/role", &[("csrf", &csrf), ("username", "boss"), ("role", "editor")])
        .await;
    assert_eq!(demote.status, 409);
    demote.shows(&[
        r#"<p class="field-error" id="user-boss-error">"#,
        "last admin",
        r##"href="#user-boss-error""##,
    ]);
    let remove =
        browser.post("/admin/users/remove", &[("csrf", &csrf), ("username", "boss")]).await;
    assert_eq!(remove.status, 409);
    remove.shows(&[r#"id="user-boss-error""#, "last admin"]);
    assert_eq!(role_of("boss"), Some(Role::Admin));

    let stale =
        browser.post("/admin/users/remove", &[("csrf", "stale"), ("username", "boss")]).await;
    assert_eq!(stale.status, 403);
}

#[tokio::test]
async fn peers_page_shows_evidence_and_refuses_pins_without_a_config_file() {
    let node = TestNode::start().await;
    add_user(&node, "boss", Role::Admin).await;
    // An organisation signs two records for one position: the evidence is on the page.
    let mut log = ForeignLog::new(9);
    log.append(
        Kind::Document,
        Visibility::PUBLIC,
        json!({"title": "what we saw", "language": "en"}),
    );
    for record in &log.records {
        node.node.ingest(record.clone()).await.unwrap();
    }
    log.records.pop();
    let conflicting = log.next(
        Kind::Document,
        Visibility::PUBLIC,
        json!({"title": "another story", "language": "en"}),
    );
    node.node.ingest(conflicting.clone()).await.unwrap_err();
    assert_eq!(node.node.equivocations(&viewer("boss", Role::Admin)).unwrap().len(), 1);

    let browser = Browser::signed_in(&node.url, "boss", PASSWORD).await;
    let page = browser.get("/admin/peers").await;
    assert_eq!(page.status, 200);
    page.shows(&[
        "This node exchanges with no partner node yet.",
        "Equivocation evidence",
        "ORG9, position 2",
        &conflicting.id().to_string(),
    ]);
    let csrf = page.csrf();
    let malformed = browser
        .post(
            "/admin/peers",
            &[("csrf", &csrf), ("url", "http://127.0.0.1:9"), ("node_id", "not-a-node-id")],
        )
        .await;
    assert_eq!(malformed.status, 400);
    malformed.field_error("node_id", "This is not a node id").shows(&[r#"value="not-a-node-id""#]);
    let empty =
        browser.post("/admin/peers", &[("csrf", &csrf), ("url", ""), ("node_id", "")]).await;
    assert_eq!(empty.status, 400);
    empty.field_error("url", "Fill in this field.").field_error("node_id", "Fill in this field.");

    let id = NodeKey::generate().node_id().to_string();
    let refused = browser
        .post("/admin/peers", &[("csrf", &csrf), ("url", "http://127.0.0.1:9"), ("node_id", &id)])
        .await;
    assert_eq!(refused.status, 409);
    refused.shows(&[
        "runs without a config file",
        r#"class="form-error" role="alert""#,
        &format!(r#"value="{id}""#),
    ]);
    assert!(node.node.peers(&viewer("boss", Role::Admin)).unwrap().is_empty());
}

#[tokio::test]
async fn an_admin_pins_and_removes_a_peer_of_a_node_with_a_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = init(&dir.path().join("a"), "Organisation A", "ORGA", "127.0.0.1:0").await;
    let server = serve(&a.config).await;
    let password = server.password.clone().expect("the first start prints the admin password");
    let browser = Browser::signed_in(&server.url, "admin", &password).await;
    let csrf = browser.get("/admin/peers").await.csrf();

    let peer = NodeKey::generate().node_id();
    let url = format!("http://{}", released_address());
    let own = browser
        .post("/admin/peers", &[("csrf", &csrf), ("url", &url), ("node_id", &a.id.to_string())])
        .await;
    assert_eq!(own.status, 400);
    own.field_error("node_id", "own id");
    let bad_url = browser
        .post(
            "/admin/peers",
            &[("csrf", &csrf), ("url", "ftp://b.example"), ("node_id", &peer.to_string())],
        )
        .await;
    assert_eq!(bad_url.status, 400);
    bad_url.field_error("url", "not a peer url");
    assert!(a.peers().is_empty(), "refused pins leave the file alone");

    let pinned = browser
        .post("/admin/peers", &[("csrf", &csrf), ("url", &url), ("node_id", &peer.to_string())])
        .await;
    assert_eq!(
        (pinned.status, pinned.location.as_deref()),
        (303, Some("/admin/peers?done=pinned")),
        "{}",
        pinned.html
    );
    assert_eq!(a.peers().len(), 1);
    let page = browser.get("/admin/peers?done=pinned").await;
    page.shows(&[
        "The node is pinned",
        &url,
        &peer.to_string(),
        &peer.fingerprint(),
        "1 partner node",
    ]);
    let twice = browser
        .post("/admin/peers", &[("csrf", &csrf), ("url", &url), ("node_id", &peer.to_string())])
        .await;
    assert_eq!(twice.status, 409);
    twice.shows(&["already a peer"]);

    let removed = browser
        .post("/admin/peers/remove", &[("csrf", &csrf), ("node_id", &peer.to_string())])
        .await;
    assert_eq!(
        (removed.status, removed.location.as_deref()),
        (303, Some("/admin/peers?done=unpinned"))
    );
    assert!(a.peers().is_empty());
    browser
        .get("/admin/peers?done=unpinned")
        .await
        .shows(&["The node is removed", "no partner node yet"]);
    let again = browser
        .post("/admin/peers/remove", &[("csrf", &csrf), ("node_id", &peer.to_string())])
        .await;
    assert_eq!(again.status, 404);
    server.stop().await;
}

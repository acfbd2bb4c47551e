//! The portal's frame over real HTTP: pages in the reader's language, problem pages, the
//! headers every page carries, signing in and out with form tokens (CSRF and login CSRF),
//! throttled guessing, cookies, and visibility on the search and document pages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestNode, document, summarised};
use plenary::node::Role;
use reqwest::header::HeaderMap;
use serde_json::json;

/// A browser-like client: no redirects followed, cookies kept by hand.
struct Browser {
    base: String,
    client: reqwest::Client,
    cookies: Vec<(String, String)>,
}

/// A page as the browser got it.
struct Page {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Page {
    /// The value of the first form token on the page.
    fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker).expect("the page has a form token") + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }

    fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    fn location(&self) -> &str {
        self.headers.get(reqwest::header::LOCATION).unwrap().to_str().unwrap()
    }
}

impl Browser {
    fn new(node: &TestNode) -> Browser {
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { base: node.url.clone(), client, cookies: Vec::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep(&mut self, page: &Page) {
        for cookie in page.set_cookies() {
            let pair = cookie.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(k, _)| k != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let response = request.header("cookie", self.cookie_header()).send().await.unwrap();
        let page = Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        };
        self.keep(&page);
        page
    }

    async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    async fn get_in(&mut self, path: &str, accept_language: &str) -> Page {
        let request = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept-language", accept_language);
        self.send(request).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let request = self.client.post(format!("{}{path}", self.base)).form(form);
        self.send(request).await
    }

    async fn post_from(&mut self, path: &str, origin: &str, form: &[(&str, &str)]) -> Page {
        let request =
            self.client.post(format!("{}{path}", self.base)).header("origin", origin).form(form);
        self.send(request).await
    }

    /// Signs in through the form and returns the dashboard.
    async fn sign_in(&mut self, username: &str, password: &str) -> Page {
        let form = self.get("/login").await;
        let csrf = form.csrf();
        let done = self
            .post("/login", &[("csrf", &csrf), ("username", username), ("password", password)])
            .await;
        assert_eq!(done.status, 303, "sign-in: {}", done.body);
        self.get("/").await
    }
}

const PASSWORD: &str = "a long test password";

#[tokio::test]
async fn every_page_carries_the_security_headers_and_the_frame() {
    let node = TestNode::start().await;
    let mut browser = Browser::new(&node);
    for path in ["/", "/search?q=policy", "/login", "/no/such/page"] {
        let page = browser.get(path).await;
        let header = |name: &str| page.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
        let csp = header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"), "{path}");
        assert_eq!(header("x-frame-options").as_deref(), Some("DENY"), "{path}");
        assert!(page.body.contains("<html lang=\"en\" dir=\"ltr\">"), "{path}");
        assert!(page.body.contains("Skip to main content"), "{path}");
        assert!(
            page.body.contains("Plenary node"),
            "{path}: the organisation's name is on every page"
        );
        assert!(!page.body.contains("Unknown localization key"), "{path}: {}", page.body);
        assert!(!page.body.contains("<script"), "{path}: no inline script");
        for tag in page.body.split('<').filter(|t| t.starts_with("link ") || t.starts_with("img "))
        {
            let source = tag.split("href=\"").nth(1).or_else(|| tag.split("src=\"").nth(1));
            let source = source.unwrap_or("/").split('"').next().unwrap();
            assert!(source.starts_with('/'), "{path}: loads {source} from another origin");
        }
    }
    let stylesheet = browser.get("/static/portal.css").await;
    assert_eq!(stylesheet.status, 200);
    assert!(stylesheet.body.contains("--brand"));
}

#[tokio::test]
async fn unknown_pages_are_styled_and_api_paths_stay_json() {
    let node = TestNode::start().await;
    let mut browser = Browser::new(&node);
    let page = browser.get("/nowhere").await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Page not found"), "{}", page.body);
    let french = browser.get_in("/documents/not-an-id", "fr-FR,fr;q=0.9").await;
    assert_eq!(french.status, 404);
    assert!(french.body.contains("Page introuvable"), "{}", french.body);
    let api = browser.get("/api/v1/nowhere").await;
    assert_eq!(api.status, 404);
    let value: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(value["code"], "route_not_found");
}

#[tokio::test]
async fn the_language_comes_from_the_account_then_the_cookie_then_the_browser() {
    let node = TestNode::start().await;
    node.node.add_user("claire", Role::Member, PASSWORD).await.unwrap();
    let mut browser = Browser::new(&node);
    let french = browser.get_in("/", "fr-CH, fr;q=0.9, en;q=0.8").await;
    assert!(french.body.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(french.body.contains("Tableau de bord") && french.body.contains("Recherche"));
    let arabic = browser.get_in("/search", "ar").await;
    assert!(
        arabic.body.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "Arabic lays out right to left"
    );
    assert!(arabic.body.contains("البحث"));

    // The switch: a cookie for a signed-out reader, which beats Accept-Language.
    let csrf = browser.get("/").await.csrf();
    let switched =
        browser.post("/language", &[("csrf", &csrf), ("lang", "fr"), ("next", "/search")]).await;
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location(), "/search");
    assert!(browser.get_in("/", "en").await.body.contains("lang=\"fr\""));
    let refused = browser.post("/language", &[("csrf", "forged"), ("lang", "ar")]).await;
    assert_eq!(refused.status, 403);

    // Signed in, the account's choice wins and is remembered.
    let mut member = Browser::new(&node);
    member.sign_in("claire", PASSWORD).await;
    let csrf = member.get("/").await.csrf();
    member.post("/language", &[("csrf", &csrf), ("lang", "ar"), ("next", "/")]).await;
    member.cookies.retain(|(name, _)| name != "plenary_lang");
    assert!(member.get_in("/", "fr").await.body.contains("lang=\"ar\""));
    assert_eq!(node.node.preferences("claire").unwrap().language.as_deref(), Some("ar"));
}

#[tokio::test]
async fn signing_in_needs_the_form_token_and_this_site() {
    let node = TestNode::start().await;
    node.node.add_user("alice", Role::Editor, PASSWORD).await.unwrap();
    let mut browser = Browser::new(&node);
    let form = browser.get("/login?next=/search").await;
    let issued = form.set_cookies().join("\n");
    assert!(issued.contains("plenary_csrf=") && issued.contains("SameSite=Strict"), "{issued}");
    let csrf = form.csrf();
    let credentials =
        |token: &'static str| [("username", "alice"), ("password", PASSWORD), ("csrf", token)];
    assert_eq!(browser.post("/login", &credentials("")).await.status, 403, "no token");
    assert_eq!(browser.post("/login", &credentials("forged")).await.status, 403, "wrong token");
    let leaked: &'static str = Box::leak(csrf.clone().into_boxed_str());
    let cross_site =
        browser.post_from("/login", "https://evil.example", &credentials(leaked)).await;
    assert_eq!(cross_site.status, 403, "a form posted from another site");
    assert!(!browser.cookies.iter().any(|(k, _)| k == "plenary_session"));

    let wrong = browser
        .post("/login", &[("csrf", &csrf), ("username", "alice"), ("password", "not it at all")])
        .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("The user name or the password is wrong."));
    assert!(wrong.body.contains("value=\"alice\""), "the name typed is kept");

    let signed_in = browser
        .post(
            "/login",
            &[("csrf", &csrf), ("username", "alice"), ("password", PASSWORD), ("next", "/search")],
        )
        .await;
    assert_eq!(signed_in.status, 303);
    assert_eq!(signed_in.location(), "/search");
    let cookie = signed_in.set_cookies().join("\n");
    assert!(cookie.contains("plenary_session=pls_") && cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
    let dashboard = browser.get("/").await;
    assert!(dashboard.body.contains("Account: alice"));
    assert!(dashboard.body.contains("href=\"/publish\""), "editors see the publish section");

    // Signed in, the token is the session's: the signed-out one no longer works.
    let session_token = dashboard.csrf();
    assert_ne!(session_token, csrf);
    assert_eq!(browser.post("/logout", &[("csrf", &csrf)]).await.status, 403);
    let out = browser.post("/logout", &[("csrf", &session_token)]).await;
    assert_eq!(out.status, 303);
    assert!(browser.get("/").await.body.contains(">Sign in<"));
}

#[tokio::test]
async fn a_redirect_after_sign_in_never_leaves_the_site() {
    let node = TestNode::start().await;
    let mut browser = Browser::new(&node);
    let csrf = browser.get("/login").await.csrf();
    node.node.add_user("bob", Role::Member, PASSWORD).await.unwrap();
    let done = browser
        .post(
            "/login",
            &[
                ("csrf", &csrf),
                ("username", "bob"),
                ("password", PASSWORD),
                ("next", "//evil.example/x"),
            ],
        )
        .await;
    assert_eq!(done.location(), "/");
}

#[tokio::test]
async fn cookies_are_secure_when_the_node_is_reached_over_https() {
    let node = TestNode::start_with(|config| {
        config.node.public_url = "https://portal.example".into();
    })
    .await;
    node.node.add_user("alice", Role::Member, PASSWORD).await.unwrap();
    let mut browser = Browser::new(&node);
    let form = browser.get("/login").await;
    assert!(form.set_cookies().iter().all(|c| c.contains("; Secure")), "{:?}", form.set_cookies());
    let csrf = form.csrf();
    let done = browser
        .post("/login", &[("csrf", &csrf), ("username", "alice"), ("password", PASSWORD)])
        .await;
    assert!(
        done.set_cookies()
            .iter()
            .any(|c| c.starts_with("plenary_session=") && c.contains("; Secure"))
    );
}

#[tokio::test]
async fn a_stale_session_cookie_reads_as_signed_out_and_is_cleared() {
    let node = TestNode::start().await;
    let mut browser = Browser::new(&node);
    browser.cookies.push(("plenary_session".into(), "pls_long_gone".into()));
    let page = browser.get("/").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(">Sign in<"));
    assert!(
        page.set_cookies()
            .iter()
            .any(|c| c.starts_with("plenary_session=;") && c.contains("Max-Age=0"))
    );
}

#[tokio::test]
async fn guessing_passwords_is_slowed_on_the_form_and_the_api() {
    let node = TestNode::start().await;
    node.node.add_user("victim", Role::Member, PASSWORD).await.unwrap();
    let guess = json!({"username": "victim", "password": "wrong guess 123"});
    for _ in 0..5 {
        assert_eq!(node.post_json("/api/v1/session", None, &guess).await.status(), 401);
    }
    let sixth = node.post_json("/api/v1/session", None, &guess).await;
    assert_eq!(sixth.status(), 401, "the sixth guess is still checked");
    let throttled = node.post_json("/api/v1/session", None, &guess).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().get("retry-after").is_some());
    let right = json!({"username": "victim", "password": PASSWORD});
    assert_eq!(
        node.post_json("/api/v1/session", None, &right).await.status(),
        429,
        "while throttled even the right password waits (from the same address)"
    );

    // The form says so in the reader's language.
    let mut browser = Browser::new(&node);
    let csrf = browser.get("/login").await.csrf();
    let page = browser
        .post("/login", &[("csrf", &csrf), ("username", "victim"), ("password", "again wrong")])
        .await;
    assert_eq!(page.status, 429);
    assert!(page.body.contains("Too many failed attempts"), "{}", page.body);
}

#[tokio::test]
async fn search_pages_show_only_what_the_reader_may_see() {
    let node = TestNode::start().await;
    let editor = node.user_token("ed", Role::Editor).await;
    node.node.add_user("member", Role::Member, PASSWORD).await.unwrap();
    node.publish(
        &editor,
        "document",
        json!("public"),
        summarised("Quokka census <b>open</b>", "Quokkas counted in public."),
    )
    .await;
    node.publish(
        &editor,
        "document",
        json!("partners"),
        summarised("Quokka strategy partners", "Quokkas discussed among partners."),
    )
    .await;
    node.indexed().await;

    let mut anonymous = Browser::new(&node);
    let page = anonymous.get("/search?q=quokka").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("1 result"), "{}", page.body);
    assert!(
        page.body.contains("Quokka census &#60;b&#62;open"),
        "titles are escaped: {}",
        page.body
    );
    assert!(!page.body.contains("<b>open</b>"));
    assert!(!page.body.contains("strategy"), "a partners document leaks to an anonymous reader");
    assert!(page.body.contains("<mark>"), "snippets are highlighted");

    let mut member = Browser::new(&node);
    member.sign_in("member", PASSWORD).await;
    let page = member.get("/search?q=quokka").await;
    assert!(page.body.contains("2 results"), "{}", page.body);
    assert!(page.body.contains("Quokka strategy partners"));
    let narrowed = member.get("/search?q=quokka&kind=document&current=true").await;
    assert!(narrowed.body.contains("aria-label=\"Remove filter: Document\""), "{}", narrowed.body);
    let bad_date = member.get("/search?q=quokka&from=yesterday").await;
    assert_eq!(bad_date.status, 200);
    assert!(bad_date.body.contains("Enter a date as YYYY-MM-DD."));
    assert!(bad_date.body.contains("aria-invalid=\"true\""));
    let bad_query = member.get(&format!("/search?q={}", "(".repeat(20))).await;
    assert_eq!(bad_query.status, 400, "a refused query is a page, not a crash");
}

#[tokio::test]
async fn a_document_page_shows_its_provenance_lineage_and_visibility() {
    let node = TestNode::start().await;
    let editor = node.user_token("ed", Role::Editor).await;
    let first = node
        .publish(
            &editor,
            "document",
            json!("public"),
            json!({"title": "Outlook", "language": "en", "symbol": "OECD/GOV(2026)1"}),
        )
        .await;
    let second = node
        .publish(
            &editor,
            "document",
            json!("public"),
            json!({"title": "Outlook", "language": "en", "symbol": "OECD/GOV(2026)1/REV1", "supersedes": first.to_string(), "relation": "revision"}),
        )
        .await;
    let hidden = node.publish(&editor, "document", json!("partners"), document("Internal")).await;

    let mut browser = Browser::new(&node);
    let old = browser.get(&format!("/documents/{first}")).await;
    assert_eq!(old.status, 200);
    assert!(old.body.contains("The signature verifies"));
    assert!(old.body.contains(&node.node.id().to_string()));
    assert!(old.body.contains(&node.node.id().fingerprint()));
    assert!(old.body.contains("A newer version exists."));
    assert!(old.body.contains(&format!("href=\"/records/{second}\"")));
    let new = browser.get(&format!("/documents/{second}")).await;
    assert!(new.body.contains("This is the current version."));
    assert!(new.body.contains("OECD/GOV(2026)1/REV1") && new.body.contains("Revision"));
    assert!(new.body.contains(&format!("href=\"/documents/{first}\"")), "the lineage links back");

    assert_eq!(browser.get(&format!("/documents/{hidden}")).await.status, 404);
    let redirect = browser.get(&format!("/records/{second}")).await;
    assert_eq!(redirect.status, 303);
    assert_eq!(redirect.location(), format!("/documents/{second}"));
    assert_eq!(browser.get("/documents/zzz").await.status, 404);
}

#[tokio::test]
async fn the_dashboard_lists_recent_documents_consultations_and_groups() {
    let node = TestNode::start().await;
    let editor = node.user_token("ed", Role::Editor).await;
    let group = node
        .publish(
            &editor,
            "working_group",
            json!("public"),
            json!({"slug": "ria", "name": "Regulatory impact", "progress": 40}),
        )
        .await;
    node.publish(
        &editor,
        "document",
        json!("public"),
        json!({"title": "Draft principles", "language": "en", "status": "consultation", "comment_until": "2999-01-31", "working_group": group.to_string()}),
    )
    .await;
    node.publish(&editor, "document", json!("public"), json!({"title": "Closed draft", "language": "en", "status": "consultation", "comment_until": "2001-01-31"}))
        .await;
    node.publish(&editor, "document", json!("partners"), document("Partners only note")).await;
    let meeting = |title: &str, starts: &str, status: &str| json!({"title": title, "meeting_type": "plenary", "starts_at": starts, "status": status, "timezone": "Europe/Paris"});
    node.publish(
        &editor,
        "meeting",
        json!("public"),
        meeting("Annual plenary", "2999-03-02T09:00:00Z", "confirmed"),
    )
    .await;
    node.publish(
        &editor,
        "meeting",
        json!("public"),
        meeting("Past plenary", "2001-03-02T09:00:00Z", "held"),
    )
    .await;
    node.publish(
        &editor,
        "meeting",
        json!("public"),
        meeting("Cancelled workshop", "2999-01-02T09:00:00Z", "cancelled"),
    )
    .await;
    node.indexed().await;

    let mut browser = Browser::new(&node);
    let page = browser.get("/").await;
    let consultations = page.body.split("id=\"consultations-heading\"").nth(1).unwrap();
    let consultations = consultations.split("</section>").next().unwrap();
    assert!(
        consultations.contains("Draft principles") && consultations.contains("31 January 2999")
    );
    assert!(!consultations.contains("Closed draft"), "a closed consultation is not open");
    assert!(page.body.contains("Regulatory impact") && page.body.contains("value=\"40\""));
    assert!(page.body.contains("Closed draft"), "recent documents list it");
    assert!(!page.body.contains("Partners only note"));
    assert!(
        !page.body.contains("Signed records held"),
        "a log's length counts records an anonymous reader may not see"
    );
    let upcoming = page.body.split("id=\"upcoming-heading\"").nth(1).unwrap();
    let upcoming = upcoming.split("</section>").next().unwrap();
    assert!(upcoming.contains("Annual plenary"), "{upcoming}");
    assert!(
        upcoming.contains("2 March 2999, 10:00 (Europe/Paris)"),
        "in the meeting's zone: {upcoming}"
    );
    assert!(!upcoming.contains("Past plenary") && !upcoming.contains("Cancelled workshop"));

    // A kept dashboard gives way as soon as the index shows something new.
    node.publish(&editor, "document", json!("public"), document("Published after the first look"))
        .await;
    node.indexed().await;
    assert!(browser.get("/").await.body.contains("Published after the first look"));
}

#[tokio::test]
async fn files_are_shown_in_place_only_when_safe() {
    let node = TestNode::start().await;
    let editor = node.user_token("ed", Role::Editor).await;
    let mut html = node.upload(&editor, b"<script>alert(1)</script>", "page.html").await;
    html["media_type"] = json!("text/html");
    let mut pdf = node.upload(&editor, b"%PDF-1.4 not much of a pdf", "report.pdf").await;
    pdf["media_type"] = json!("application/pdf");
    node.publish(
        &editor,
        "document",
        json!("public"),
        json!({"title": "Files", "language": "en", "attachments": [html.clone(), pdf.clone()]}),
    )
    .await;
    let fetch = |file: serde_json::Value| {
        let url = format!("{}/api/v1/blobs/{}", node.url, file["sha256"].as_str().unwrap());
        async move { reqwest::get(url).await.unwrap() }
    };
    let page = fetch(html).await;
    let header = |response: &reqwest::Response, name: &str| {
        response.headers().get(name).unwrap().to_str().unwrap().to_owned()
    };
    assert!(header(&page, "content-disposition").starts_with("attachment;"));
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    assert_eq!(header(&page, "content-security-policy"), "sandbox");
    let report = fetch(pdf).await;
    assert!(header(&report, "content-disposition").starts_with("inline;"));
}

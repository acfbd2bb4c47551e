//! Consultations in a real browser (headless Chromium through ChromeDriver, against the real
//! `plenary serve`): sign in, comment on a draft through the document page's form, reply to
//! that comment through its Reply link, see both threaded on the page; and the document page,
//! the reply page and the printable page pass axe-core (no serious or critical WCAG 2.1 A/AA
//! violation) in English and in French.
//!
//! Needs `PLENARY_CHROMEDRIVER` and `PLENARY_AXE`; without them the test says it was skipped
//! and passes.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::time::Duration;

use common::browser::{Browser, Portal, Tools, tools};
use serde_json::json;

/// A whole test's limit, so a hung browser fails the run instead of stalling CI.
const TEST_LIMIT: Duration = Duration::from_secs(600);

/// Signs in through the `/login` form as the first admin.
async fn sign_in(browser: &Browser, portal: &Portal) {
    browser.goto(&portal.url("/login")).await;
    browser.fill("#username", "admin").await;
    browser.fill("#password", &portal.password).await;
    browser.click("form[action=\"/login\"] button[type=\"submit\"]").await;
    assert!(browser.has("form[action=\"/logout\"]").await, "signed in after the form");
}

/// Fails on any serious or critical axe-core violation of the page the browser shows.
async fn audited(browser: &Browser, name: &str) {
    let blocking: Vec<String> =
        browser.axe().await.into_iter().filter(|v| v.blocks()).map(|v| v.describe(name)).collect();
    assert!(blocking.is_empty(), "axe-core on {name}:\n{}", blocking.join("\n"));
}

async fn journey(tools: &Tools) {
    let portal = Portal::start().await;
    let body = json!({
        "title": "Draft guidelines on regulatory impact",
        "language": "en",
        "status": "consultation",
        "comment_until": "2099-01-31",
        "text": "Section 1. Scope. Section 2. Method.",
    });
    let draft = portal.publish("document", json!("partners"), body).await;
    let browser = Browser::start(tools).await;
    sign_in(&browser, &portal).await;

    let page = format!("/documents/{draft}");
    browser.goto(&portal.url(&page)).await;
    assert!(browser.has("#comments").await, "the document page has a Comments section");
    browser.fill("#text", "Section 2 should name its data sources.").await;
    browser.fill("#section", "Section 2").await;
    browser.choose("#language option[value=\"en\"]").await;
    browser.click("form.comment-form button[type=\"submit\"]").await;
    let back = format!("{page}?comments=1");
    assert_eq!(browser.path().await, back, "back on the comment's page of the document");
    let texts = browser.texts("#comments .comment-text").await;
    assert_eq!(texts, ["Section 2 should name its data sources."]);
    assert!(browser.text("#comments .comment-section").await.contains("Section 2"));
    assert!(browser.has("#comments .signature.ok").await, "the signature mark");

    browser.click("#comments .comment-actions a").await;
    assert!(browser.path().await.starts_with(&format!("/documents/{draft}/comment")));
    assert!(
        browser.text(".quoted").await.contains("name its data sources"),
        "the reply page quotes the comment"
    );
    audited(&browser, "reply page (en)").await;
    browser.fill("#text", "Agreed: the annex lists them.").await;
    browser.click("form.comment-form button[type=\"submit\"]").await;
    assert_eq!(browser.path().await, back, "back on the document after replying");
    let reply = browser.texts("#comments .replies .comment-text").await;
    assert_eq!(reply, ["Agreed: the annex lists them."], "the reply sits under its parent");
    assert_eq!(browser.texts("#comments .comment-text").await.len(), 2);
    audited(&browser, "document page with comments (en)").await;

    browser.goto(&portal.url(&format!("{page}/comments/print"))).await;
    assert_eq!(browser.texts(".comments-table tbody tr").await.len(), 2);
    audited(&browser, "printable comments (en)").await;

    browser.goto(&portal.url(&page)).await;
    browser.switch_language("fr").await;
    assert!(browser.text("#comments-heading").await.contains("Commentaires"));
    audited(&browser, "document page with comments (fr)").await;
    browser.click("#comments .comment-actions a").await;
    audited(&browser, "reply page (fr)").await;
    browser.goto(&portal.url(&format!("{page}/comments/print"))).await;
    audited(&browser, "printable comments (fr)").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_comments_on_a_draft_and_replies_in_the_browser() {
    let Some(tools) = tools("consultations") else { return };
    tokio::time::timeout(TEST_LIMIT, journey(&tools)).await.expect("journey in time");
}

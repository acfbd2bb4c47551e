//! Meetings in a real browser: headless Chromium through ChromeDriver against the real
//! `plenary serve`. A reader signs in, opens a meeting that invites another organisation,
//! answers for their organisation through the RSVP form, sees the answer in the attendance
//! list next to the invited organisation that has not answered, and the page (with the form
//! and after answering), the working group's page and its form pass axe-core (serious or
//! critical violations fail) in English and French.
//!
//! Needs `PLENARY_CHROMEDRIVER` and `PLENARY_AXE`; without them the test says it was skipped
//! and passes.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::time::Duration;

use common::browser::{Browser, Portal, tools};
use plenary::crypto::NodeKey;
use serde_json::json;

/// A whole test's limit, so a hung browser fails the run instead of stalling CI.
const TEST_LIMIT: Duration = Duration::from_secs(300);

/// Signs in through the `/login` form as the first admin.
async fn sign_in(browser: &Browser, portal: &Portal) {
    browser.goto(&portal.url("/login")).await;
    browser.fill("#username", "admin").await;
    browser.fill("#password", &portal.password).await;
    browser.click("form[action=\"/login\"] button[type=\"submit\"]").await;
    assert!(browser.has("form[action=\"/logout\"]").await, "signed in");
}

/// Fails on any serious or critical axe finding on the page the browser shows.
async fn axe_clean(browser: &Browser, what: &str) {
    let blocking: Vec<String> =
        browser.axe().await.iter().filter(|v| v.blocks()).map(|v| v.describe(what)).collect();
    assert!(blocking.is_empty(), "axe on {what}:\n{}", blocking.join("\n"));
}

/// Publishes a group and a meeting inviting this organisation and another one.
async fn fixture(portal: &Portal) -> (String, String) {
    let guest = NodeKey::from_seed([9; 32]).node_id();
    let group = portal
        .publish(
            "working_group",
            json!("public"),
            json!({"slug": "ocean-data", "name": "Ocean data", "status": "active", "progress": 30,
                   "milestones": [{"date": "2026-03-01", "text": "Scope agreed", "done": true},
                                  {"date": "2027-09-01", "text": "Shared catalogue", "done": false}]}),
        )
        .await;
    let starts = plenary::model::record::format_utc_timestamp(
        time::OffsetDateTime::now_utc() + time::Duration::days(10),
    );
    let me = portal.server.node_id.clone();
    let meeting = portal
        .publish(
            "meeting",
            json!("public"),
            json!({"title": "Ocean data plenary", "meeting_type": "plenary",
                   "starts_at": starts, "working_group": group,
                   "invited": [me, guest.to_string()]}),
        )
        .await;
    (meeting, group)
}

async fn journey(portal: &Portal, browser: &Browser) {
    let (meeting, group) = fixture(portal).await;
    sign_in(browser, portal).await;
    let path = format!("/meetings/{meeting}");
    browser.goto(&portal.url(&path)).await;
    let attendance = browser.texts("table.attendance tbody tr").await;
    assert_eq!(attendance.len(), 2, "both invited organisations listed: {attendance:?}");
    assert!(attendance.iter().all(|row| row.contains("No answer yet")), "{attendance:?}");
    assert!(browser.has("form[action$=\"/rsvp\"]").await, "the RSVP form is offered");
    axe_clean(browser, "meeting with the RSVP form (en)").await;

    browser.choose("#response-accept").await;
    browser.fill("#attendees", "Amina Diallo\nJean Dupont").await;
    browser.click("form[action$=\"/rsvp\"] button[type=\"submit\"]").await;
    assert_eq!(browser.path().await, path, "back on the meeting after answering");
    let attendance = browser.texts("table.attendance tbody tr").await;
    let ours = attendance.iter().find(|row| row.contains("Will attend")).expect("our answer");
    assert!(ours.contains("Amina Diallo") && ours.contains("Jean Dupont"), "{ours}");
    assert!(attendance.iter().any(|row| row.contains("No answer yet")), "the guest has not");
    let checked = browser.find("#response-accept").await.prop("checked").await.unwrap();
    assert_eq!(checked.as_deref(), Some("true"), "the form holds the answer, to revise");
    axe_clean(browser, "meeting after answering (en)").await;

    browser.goto(&portal.url(&format!("/groups/{group}"))).await;
    assert!(browser.text(".milestone-log").await.contains("Scope agreed"));
    axe_clean(browser, "group with milestones (en)").await;
    browser.goto(&portal.url(&format!("/publish/group?supersedes={group}"))).await;
    axe_clean(browser, "group form with milestones (en)").await;

    browser.switch_language("fr").await;
    axe_clean(browser, "group form with milestones (fr)").await;
    browser.goto(&portal.url(&format!("/groups/{group}"))).await;
    assert!(browser.text("#milestones-heading").await.contains("Jalons"));
    axe_clean(browser, "group with milestones (fr)").await;
    browser.goto(&portal.url(&path)).await;
    assert!(browser.text("#rsvp-heading").await.contains("Modifier la réponse"));
    let rows = browser.texts("table.attendance tbody tr").await;
    assert!(rows.iter().any(|r| r.contains("Pas encore de réponse")), "{rows:?}");
    axe_clean(browser, "meeting with the RSVP form (fr)").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_answers_an_invitation_and_sees_the_attendance_in_english_and_french() {
    let Some(tools) = tools("meetings") else { return };
    let portal = Portal::start().await;
    let browser = Browser::start(&tools).await;
    tokio::time::timeout(TEST_LIMIT, journey(&portal, &browser))
        .await
        .expect("the meetings journey finishes in time");
    browser.close().await;
}

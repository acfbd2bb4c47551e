//! Surveys in a real browser (headless Chromium through ChromeDriver, against the real
//! `plenary serve`): sign in, answer a survey through its form (radio buttons, checkboxes, a
//! scale, a number, yes/no, free text), see the confirmation and the results — an SVG chart per
//! question with its numbers in a table — and audit the survey pages with axe-core in English
//! and French (any serious or critical violation fails).
//!
//! Needs `PLENARY_CHROMEDRIVER` and `PLENARY_AXE`; without them the test says it was skipped
//! and passes.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::time::Duration;

use common::browser::{Browser, Portal, Tools, tools};
use serde_json::json;

/// The whole test's limit, so a hung browser fails the run instead of stalling it.
const TEST_LIMIT: Duration = Duration::from_secs(600);

fn survey() -> serde_json::Value {
    json!({
        "title": "Regulatory practice survey",
        "description": "How organisations assess new rules.",
        "closes_at": "2099-01-01T00:00:00Z",
        "questions": [
            {"id": "q1", "text": "Which approach?", "type": "single_choice", "options": ["All laws", "Major laws", "None"], "required": true},
            {"id": "q2", "text": "Which tools?", "type": "multiple_choice", "options": ["RIA", "Consultation", "Review"]},
            {"id": "q3", "text": "How useful?", "type": "scale", "scale": {"min": 1, "max": 5, "min_label": "Not at all", "max_label": "Very"}},
            {"id": "q4", "text": "How many staff?", "type": "integer"},
            {"id": "q5", "text": "Do you publish them?", "type": "yes_no"},
            {"id": "q6", "text": "What would help?", "type": "text"}
        ]
    })
}

/// Signs in through the `/login` form as the first admin.
async fn sign_in(browser: &Browser, portal: &Portal) {
    browser.goto(&portal.url("/login")).await;
    browser.fill("#username", "admin").await;
    browser.fill("#password", &portal.password).await;
    browser.click("form[action=\"/login\"] button[type=\"submit\"]").await;
    assert!(browser.has("form[action=\"/logout\"]").await, "signed in");
}

/// No serious or critical axe-core violation on the page the browser shows.
async fn axe_clean(browser: &Browser, name: &str) {
    let blocking: Vec<String> =
        browser.axe().await.iter().filter(|v| v.blocks()).map(|v| v.describe(name)).collect();
    assert!(blocking.is_empty(), "{name}: {}", blocking.join("\n"));
}

async fn answer_and_read_results(tools: &Tools) {
    let portal = Portal::start().await;
    let id = portal.publish("survey", json!("partners"), survey()).await;
    let browser = Browser::start(tools).await;
    sign_in(&browser, &portal).await;

    browser.goto(&portal.url("/surveys")).await;
    browser.click(&format!("a[href=\"/surveys/{id}\"]")).await;
    assert_eq!(browser.text("h1").await, "Regulatory practice survey");
    axe_clean(&browser, "survey form (en)").await;

    browser.choose("#answer-q1-2").await;
    browser.choose("#answer-q2-1").await;
    browser.choose("#answer-q2-3").await;
    browser.choose("#answer-q3-4").await;
    browser.fill("#answer-q4", "12").await;
    browser.choose("#answer-q5-1").await;
    browser.fill("#answer-q6", "Shared guidance").await;
    browser.click("form.survey-form button[type=\"submit\"]").await;

    assert_eq!(browser.path().await, format!("/surveys/{id}?answered=1"), "back on the survey");
    assert!(browser.has(".verdict.ok").await, "the confirmation shows");
    assert!(browser.has("#answer-q1-2:checked").await, "the form shows the answer sent");
    assert!(browser.has("#results svg[role=\"img\"]").await, "the origin's users see charts");
    let rows = browser.texts("#results table tbody tr").await;
    assert!(rows.iter().any(|r| r.contains("Major laws") && r.contains("100.0 %")), "{rows:?}");
    axe_clean(&browser, "survey with results (en)").await;

    browser.switch_language("fr").await;
    assert!(browser.text("#results-heading").await.contains("Résultats"));
    axe_clean(&browser, "survey with results (fr)").await;
    for (path, name) in [("/surveys", "surveys"), ("/publish/survey", "survey builder")] {
        browser.goto(&portal.url(path)).await;
        axe_clean(&browser, &format!("{name} (fr)")).await;
    }
    browser.switch_language("en").await;
    for (path, name) in [("/surveys", "surveys"), ("/publish/survey", "survey builder")] {
        browser.goto(&portal.url(path)).await;
        axe_clean(&browser, &format!("{name} (en)")).await;
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_survey_is_answered_in_the_browser_and_its_results_pass_axe() {
    let Some(tools) = tools("surveys") else { return };
    tokio::time::timeout(TEST_LIMIT, answer_and_read_results(&tools))
        .await
        .expect("the survey journey finishes within its limit");
}

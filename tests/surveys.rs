//! Surveys on real nodes over real HTTP: results that count the newest on-time answer of each
//! organisation (responses signed by other organisations' own keys and ingested; a revision
//! replaces, a late answer is listed and not counted), who may see results under each policy
//! before and after closing (API, CSV and portal alike), the CSV read back, the survey builder
//! (a valid survey published; bad input refused next to its field, nothing stored) and the answer
//! form (an answer, a revision, refusals next to the field in the reader's language).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{ForeignLog, TestNode};
use plenary::model::record::format_utc_timestamp;
use plenary::model::{Kind, Record, RecordId, Visibility};
use plenary::node::Role;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{Value, json};

/// A page as a browser receives it (redirects not followed).
struct Page {
    status: StatusCode,
    location: String,
    html: String,
}

/// A browser signed in to a node.
struct Web {
    url: String,
    client: reqwest::Client,
    cookie: String,
    language: &'static str,
}

impl Web {
    async fn as_role(node: &TestNode, username: &str, role: Role, language: &'static str) -> Web {
        node.node.add_user(username, role, "a long test password").await.unwrap();
        let session = node.login(username, "a long test password").await;
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Web {
            url: node.url.clone(),
            client,
            cookie: format!("plenary_session={session}"),
            language,
        }
    }

    async fn send(&self, builder: reqwest::RequestBuilder) -> Page {
        let response = builder
            .header(COOKIE, &self.cookie)
            .header(reqwest::header::ACCEPT_LANGUAGE, self.language)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        Page { status, location, html: response.text().await.unwrap() }
    }

    async fn get(&self, path: &str) -> Page {
        self.send(self.client.get(format!("{}{path}", self.url))).await
    }

    async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> Page {
        self.send(self.client.post(format!("{}{path}", self.url)).form(pairs)).await
    }

    async fn csrf(&self, path: &str) -> String {
        let page = self.get(path).await;
        assert_eq!(page.status, 200, "{path}: {}", page.html);
        let at = page.html.find("name=\"csrf\" value=\"").expect("the form carries a token");
        let rest = &page.html[at + "name=\"csrf\" value=\"".len()..];
        rest[..rest.find('"').unwrap()].to_owned()
    }
}

/// The text of the element with `id` (up to its first closing tag).
fn element(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let open_end = at + html[at..].find('>')? + 1;
    let close = open_end + html[open_end..].find("</")?;
    Some(html[open_end..close].to_owned())
}

fn assert_field_error(page: &Page, field: &str, needle: &str) {
    let error = element(&page.html, &format!("{field}-error"))
        .unwrap_or_else(|| panic!("no error shown for {field}: {}", page.html));
    assert!(error.contains(needle), "error of {field} should say {needle:?}: {error}");
}

/// An RFC 3339 time `seconds` from now.
fn in_seconds(seconds: i64) -> String {
    format_utc_timestamp(time::OffsetDateTime::now_utc() + time::Duration::seconds(seconds))
}

/// Waits until `at` (RFC 3339) has passed.
async fn wait_until(at: &str) {
    let at =
        time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).unwrap();
    let left = at - time::OffsetDateTime::now_utc();
    if left.is_positive() {
        tokio::time::sleep(Duration::from_millis(left.whole_milliseconds() as u64 + 50)).await;
    }
}

fn survey(closes_at: &str, results: &str) -> Value {
    json!({
        "title": "Regulatory practice survey",
        "description": "How organisations assess new rules.",
        "closes_at": closes_at,
        "results": results,
        "questions": [
            {"id": "q1", "text": "Which approach?", "type": "single_choice", "options": ["all laws", "major laws", "none"], "required": true},
            {"id": "q2", "text": "Which tools?", "type": "multiple_choice", "options": ["RIA", "consultation", "review"]},
            {"id": "q3", "text": "How useful?", "type": "scale", "scale": {"min": 1, "max": 5, "min_label": "Not at all", "max_label": "Very"}},
            {"id": "q4", "text": "How many staff?", "type": "integer"},
            {"id": "q5", "text": "Do you publish them?", "type": "yes_no"},
            {"id": "q6", "text": "What would help?", "type": "text"}
        ]
    })
}

fn response(survey: &RecordId, answers: Value) -> Value {
    json!({"survey": survey.to_string(), "answers": answers})
}

/// A foreign organisation known to `node` (its node record ingested).
async fn organisation(node: &TestNode, seed: u8) -> ForeignLog {
    let log = ForeignLog::new(seed);
    node.node.ingest(log.records[0].clone()).await.unwrap();
    log
}

async fn ingest(node: &TestNode, record: Record) -> RecordId {
    let id = record.id();
    node.node.ingest(record).await.unwrap();
    id
}

/// Counts of an option-like tally, by label.
fn counts(question: &Value) -> Vec<(String, u64, String)> {
    let tally = &question["tally"];
    let list =
        tally.get("options").or_else(|| tally.get("points")).or_else(|| tally.get("answers"));
    list.unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let label = c["label"].as_str().unwrap().to_owned();
            (label, c["count"].as_u64().unwrap(), c["percent"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn results_count_the_newest_on_time_answer_of_each_organisation() {
    let node = TestNode::start().await;
    let member = node.user_token("amina", Role::Member).await;
    let closes = in_seconds(4);
    let id =
        node.publish(&node.admin, "survey", json!("partners"), survey(&closes, "originator")).await;
    let to_origin = Visibility::Nodes { nodes: vec![node.node.id()] };

    let mut a = organisation(&node, 11).await;
    let mut b = organisation(&node, 12).await;
    let mut c = organisation(&node, 13).await;
    let first = a.append(
        Kind::SurveyResponse,
        to_origin.clone(),
        response(
            &id,
            json!([
                {"question": "q1", "value": "none"}, {"question": "q4", "value": 100}
            ]),
        ),
    );
    let first = ingest(&node, first).await;
    let revised = a.append(Kind::SurveyResponse, to_origin.clone(), response(&id, json!([
        {"question": "q1", "value": "major laws"}, {"question": "q2", "value": ["RIA", "review"]},
        {"question": "q3", "value": 4}, {"question": "q4", "value": 3},
        {"question": "q5", "value": true}, {"question": "q6", "value": "=Shared guidance"}
    ])));
    let revised = ingest(&node, revised).await;
    let from_b = b.append(Kind::SurveyResponse, to_origin.clone(), response(&id, json!([
        {"question": "q1", "value": "major laws"}, {"question": "q2", "value": ["RIA"]},
        {"question": "q3", "value": 5}, {"question": "q4", "value": 8}, {"question": "q5", "value": false}
    ])));
    ingest(&node, from_b).await;
    let from_c = c.append(
        Kind::SurveyResponse,
        to_origin.clone(),
        response(
            &id,
            json!([
                {"question": "q1", "value": "all laws"}, {"question": "q3", "value": 2}
            ]),
        ),
    );
    ingest(&node, from_c).await;
    let made = node
        .post_json(
            "/api/v1/records",
            Some(&member),
            &json!({"kind": "survey_response", "body": response(&id, json!([
                {"question": "q1", "value": "all laws"}, {"question": "q4", "value": 5}
            ]))}),
        )
        .await;
    assert_eq!(made.status(), 201);

    wait_until(&closes).await;
    let mut d = organisation(&node, 14).await;
    let late = d.append(
        Kind::SurveyResponse,
        to_origin,
        response(
            &id,
            json!([
                {"question": "q1", "value": "none"}
            ]),
        ),
    );
    let late = ingest(&node, late).await;

    let (status, view) = node.get(&format!("/api/v1/surveys/{id}"), Some(&node.admin)).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["state"], "closed");
    let results = &view["results"];
    assert_eq!(results["respondents"], 4, "A (revised), B, C and this node: {results}");
    let ids: Vec<&str> = results["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&revised.to_string().as_str()), "the revision counts");
    assert!(!ids.contains(&first.to_string().as_str()), "the replaced answer does not");
    assert_eq!(results["late"][0]["id"], late.to_string(), "the late answer is listed");
    let questions = results["questions"].as_array().unwrap();
    assert_eq!(
        counts(&questions[0]),
        [
            ("all laws".to_owned(), 2, "50.0".to_owned()),
            ("major laws".to_owned(), 2, "50.0".to_owned()),
            ("none".to_owned(), 0, "0.0".to_owned())
        ],
        "the late 'none' is not counted, nor A's first answer"
    );
    assert_eq!(counts(&questions[1])[0], ("RIA".to_owned(), 2, "100.0".to_owned()));
    assert_eq!(questions[2]["tally"]["mean"], "3.7", "(4 + 5 + 2) / 3");
    assert_eq!(
        questions[3]["tally"],
        json!({"type": "integer", "min": 3, "max": 8, "median": "5.0"})
    );
    assert_eq!(
        counts(&questions[4]),
        [("yes".to_owned(), 1, "50.0".to_owned()), ("no".to_owned(), 1, "50.0".to_owned())]
    );
    assert_eq!(questions[5]["tally"]["answers"][0]["text"], "=Shared guidance");

    let csv = node
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/surveys/{id}/results.csv"),
            Some(&node.admin),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let heading: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        heading,
        ["organisation", "origin", "signed_at", "q1", "q2", "q3", "q4", "q5", "q6"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "one row per counted response:\n{text}");
    let row_a = rows.iter().find(|r| &r[1] == a.key.node_id().to_string().as_str()).unwrap();
    assert_eq!(&row_a[0], "ORG11");
    assert_eq!(&row_a[3], "major laws");
    assert_eq!(&row_a[4], "RIA; review");
    assert_eq!(&row_a[7], "yes");
    assert_eq!(&row_a[8], "'=Shared guidance", "a formula is defused");
}

#[tokio::test]
async fn who_sees_results_follows_the_policy_and_the_closing_time() {
    let node = TestNode::start().await;
    let member = node.user_token("amina", Role::Member).await;
    let mut publisher = organisation(&node, 21).await;
    let mut other = organisation(&node, 22).await;
    let closes = in_seconds(4);
    let shared = ingest(
        &node,
        publisher.append(Kind::Survey, Visibility::PARTNERS, survey(&closes, "respondents")),
    )
    .await;
    let private = ingest(
        &node,
        publisher.append(Kind::Survey, Visibility::PARTNERS, survey(&closes, "originator")),
    )
    .await;
    let unanswered = ingest(
        &node,
        publisher.append(Kind::Survey, Visibility::PARTNERS, survey(&closes, "respondents")),
    )
    .await;
    for survey in [&shared, &private] {
        let made = node
            .post_json("/api/v1/records", Some(&member), &json!({"kind": "survey_response", "body": response(survey, json!([{"question": "q1", "value": "none"}]))}))
            .await;
        assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
    }
    let from_other = other.append(
        Kind::SurveyResponse,
        Visibility::PARTNERS,
        response(&shared, json!([{"question": "q1", "value": "all laws"}])),
    );
    ingest(&node, from_other).await;

    let (status, before) = node.get(&format!("/api/v1/surveys/{shared}"), Some(&member)).await;
    assert_eq!(status, 200, "{before}");
    assert!(before.get("results").is_none(), "respondents wait for the closing: {before}");
    assert_eq!(before["own_answer"]["answers"][0]["value"], "none", "own answer always shown");
    let csv = |id: &RecordId, token: Option<String>| {
        let path = format!("/api/v1/surveys/{id}/results.csv");
        let request = node.request(reqwest::Method::GET, &path, token.as_deref());
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(csv(&shared, Some(member.clone())).await, 403);
    let (status, _) = node.get(&format!("/api/v1/surveys/{shared}"), None).await;
    assert_eq!(status, 404, "a partners survey is invisible to anonymous readers");
    assert_eq!(csv(&shared, None).await, 404);
    let (status, _) =
        node.get(&format!("/api/v1/surveys/{}", RecordId([5; 32])), Some(&member)).await;
    assert_eq!(status, 404);

    wait_until(&closes).await;
    let (_, after) = node.get(&format!("/api/v1/surveys/{shared}"), Some(&member)).await;
    assert_eq!(after["state"], "closed");
    assert_eq!(after["results"]["respondents"], 2, "respondents see results once closed: {after}");
    assert_eq!(csv(&shared, Some(member.clone())).await, 200);
    let (_, private_view) = node.get(&format!("/api/v1/surveys/{private}"), Some(&member)).await;
    assert!(private_view.get("results").is_none(), "originator-only stays closed to respondents");
    assert_eq!(private_view["own_answer"]["answers"][0]["value"], "none");
    assert_eq!(csv(&private, Some(member.clone())).await, 403);
    let (_, unanswered_view) =
        node.get(&format!("/api/v1/surveys/{unanswered}"), Some(&member)).await;
    assert!(unanswered_view.get("results").is_none(), "only organisations that answered");
    assert_eq!(csv(&unanswered, Some(member.clone())).await, 403);

    let web = Web::as_role(&node, "basma", Role::Member, "en").await;
    let page = web.get(&format!("/surveys/{private}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.html.contains("id=\"results\""), "the portal hides them as the API does");
    let page = web.get(&format!("/surveys/{shared}")).await;
    assert!(page.html.contains("id=\"results\""));
    assert!(page.html.contains("role=\"img\""), "a chart per question");
    assert!(page.html.contains(&format!("/api/v1/surveys/{shared}/results.csv")));

    let (_, list) = node.get("/api/v1/surveys", Some(&member)).await;
    let listed: Vec<&str> =
        list["surveys"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 3, "{list}");
}

#[tokio::test]
async fn the_builder_publishes_a_valid_survey_and_refuses_bad_input_per_field() {
    let node = TestNode::start().await;
    let web = Web::as_role(&node, "editor", Role::Editor, "en").await;
    let landing = web.get("/publish").await;
    assert!(landing.html.contains("href=\"/publish/survey\""));
    let csrf = web.csrf("/publish/survey").await;
    let before = node.own_log_len();

    let bad = web
        .post_form(
            "/publish/survey",
            &[
                ("csrf", &csrf),
                ("rows", "3"),
                ("title", " "),
                ("timezone", "Europe/Paris"),
                ("results", "originator"),
                ("visibility", "partners"),
                ("question-0-text", "Which?"),
                ("question-0-type", "single_choice"),
                ("question-0-options", "Only one"),
                ("question-1-text", "Rate"),
                ("question-1-type", "scale"),
                ("question-1-scale_min", "1"),
                ("question-1-scale_max", "11"),
                ("open_date", "2027-02-01"),
                ("open_time", "10:00"),
                ("close_date", "2027-01-01"),
                ("close_time", "10:00"),
            ],
        )
        .await;
    assert_eq!(bad.status, 400);
    assert_field_error(&bad, "title", "required");
    assert_field_error(&bad, "question-0", "two options");
    assert_field_error(&bad, "question-1", "scale");
    assert_field_error(&bad, "closes_at", "close after");
    assert!(bad.html.contains(">Which?</textarea>"), "what was typed is kept");
    assert_eq!(node.own_log_len(), before, "nothing stored");

    let more =
        web.post_form("/publish/survey", &[("csrf", &csrf), ("rows", "3"), ("more", "rows")]).await;
    assert_eq!(more.status, 200);
    assert!(more.html.contains("id=\"question-5\""), "three more rows");

    let good = web
        .post_form(
            "/publish/survey",
            &[
                ("csrf", &csrf),
                ("rows", "3"),
                ("title", "Practice survey"),
                ("description", "Tell us."),
                ("timezone", "Europe/Paris"),
                ("close_date", "2099-03-01"),
                ("close_time", "09:30"),
                ("results", "respondents"),
                ("visibility", "partners"),
                ("question-0-text", "Which?"),
                ("question-0-type", "multiple_choice"),
                ("question-0-options", "A\nB\nC"),
                ("question-0-required", "yes"),
                ("question-2-text", "How well?"),
                ("question-2-type", "scale"),
                ("question-2-scale_min", "0"),
                ("question-2-scale_max", "10"),
                ("question-2-max_label", "Fully"),
            ],
        )
        .await;
    assert_eq!(good.status, 303, "{}", good.html);
    let id = good.location.strip_prefix("/surveys/").unwrap().to_owned();
    let (_, record) = node.get(&format!("/api/v1/records/{id}"), Some(&node.admin)).await;
    assert_eq!(
        record["record"]["body"],
        json!({
            "title": "Practice survey",
            "description": "Tell us.",
            "closes_at": "2099-03-01T08:30:00Z",
            "results": "respondents",
            "questions": [
                {"id": "q1", "text": "Which?", "type": "multiple_choice", "options": ["A", "B", "C"], "required": true},
                {"id": "q2", "text": "How well?", "type": "scale", "scale": {"min": 0, "max": 10, "max_label": "Fully"}}
            ]
        })
    );
    let list = web.get("/surveys").await;
    assert!(list.html.contains(&format!("href=\"/surveys/{id}\"")));
    assert!(list.html.contains("href=\"/surveys\""), "the navigation links surveys");
}

#[tokio::test]
async fn the_answer_form_sends_revises_and_refuses_per_field() {
    let node = TestNode::start().await;
    let id = node
        .publish(
            &node.admin,
            "survey",
            json!("partners"),
            survey("2099-01-01T00:00:00Z", "originator"),
        )
        .await;
    let web = Web::as_role(&node, "amina", Role::Member, "fr").await;
    let path = format!("/surveys/{id}");
    let csrf = web.csrf(&path).await;
    let action = format!("{path}/answer");
    let before = node.own_log_len();

    let refused = web
        .post_form(&action, &[("csrf", &csrf), ("answer-q4", "douze"), ("answer-q3", "9")])
        .await;
    assert_eq!(refused.status, 400);
    assert_field_error(&refused, "answer-q1", "Cette question demande une réponse");
    assert_field_error(&refused, "answer-q4", "nombre entier");
    assert_field_error(&refused, "answer-q3", "échelle");
    assert!(refused.html.contains("value=\"douze\""), "what was typed is kept");
    assert_eq!(node.own_log_len(), before, "nothing stored");
    let stale = web.post_form(&action, &[("csrf", "forged"), ("answer-q1", "none")]).await;
    assert_eq!(stale.status, 403, "{}", stale.html);

    let sent = web
        .post_form(
            &action,
            &[
                ("csrf", &csrf),
                ("answer-q1", "major laws"),
                ("answer-q2", "RIA"),
                ("answer-q2", "review"),
                ("answer-q3", "4"),
                ("answer-q4", "12"),
                ("answer-q5", "yes"),
                ("answer-q6", "Guidance"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.html);
    assert_eq!(sent.location, format!("{path}?answered=1#answer"));
    let shown = web.get(&format!("{path}?answered=1")).await;
    assert!(shown.html.contains("La réponse de votre organisation a été signée et envoyée."));
    assert!(shown.html.contains("value=\"review\" checked"), "prefilled with the answer");
    assert!(shown.html.contains("value=\"12\""));

    let revised =
        web.post_form(&action, &[("csrf", &csrf), ("answer-q1", "none"), ("answer-q3", "2")]).await;
    assert_eq!(revised.status, 303, "{}", revised.html);
    assert_eq!(node.own_log_len(), before + 2, "two signed responses");
    let (_, view) = node.get(&format!("/api/v1/surveys/{id}"), Some(&node.admin)).await;
    assert_eq!(view["results"]["respondents"], 1, "the revision replaces, never duplicates");
    assert_eq!(
        view["results"]["responses"][0]["answers"],
        json!([
            {"question": "q1", "value": "none"}, {"question": "q3", "value": 2}
        ])
    );
    let results_page = web.get(&path).await;
    assert!(results_page.html.contains("id=\"chart-q1-title\""), "the origin's users see charts");
}

/// Runs `plenary survey results …` against `node`; exit success, stdout and stderr.
async fn cli(node: &TestNode, args: &[&str], token: Option<&str>) -> (bool, String, String) {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_plenary"));
    command.args(["survey", "results"]).args(args).args(["--node", &node.url]);
    command.env_remove("PLENARY_TOKEN").env_remove("PLENARY_NODE");
    if let Some(token) = token {
        command.args(["--token", token]);
    }
    let output = command.output().await.unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.success(), text(&output.stdout), text(&output.stderr))
}

#[tokio::test]
async fn the_cli_prints_results_and_their_csv_for_those_who_may_see_them() {
    let node = TestNode::start().await;
    let member = node.user_token("amina", Role::Member).await;
    let id = node
        .publish(
            &node.admin,
            "survey",
            json!("partners"),
            survey("2099-01-01T00:00:00Z", "originator"),
        )
        .await;
    let made = node
        .post_json("/api/v1/records", Some(&member), &json!({"kind": "survey_response", "body": response(&id, json!([
            {"question": "q1", "value": "all laws"}, {"question": "q2", "value": ["RIA", "review"]}
        ]))}))
        .await;
    assert_eq!(made.status(), 201);
    let id = id.to_string();

    let (ok, csv, err) = cli(&node, &[&id, "--csv"], Some(&member)).await;
    assert!(ok, "{err}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert_eq!(&rows[0][3], "all laws");
    assert_eq!(&rows[0][4], "RIA; review");

    let (ok, summary, err) = cli(&node, &[&id], Some(&member)).await;
    assert!(ok, "{err}");
    assert!(summary.contains("1 organisations counted, 0 late"), "{summary}");
    assert!(summary.contains("  all laws: 1 (100.0 %)"), "{summary}");

    let (ok, _, err) = cli(&node, &[&id, "--csv"], None).await;
    assert!(!ok, "an anonymous caller gets nothing");
    assert!(err.contains("404") || err.contains("not found"), "{err}");
}

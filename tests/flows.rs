//! The rules of the collaboration flows on one node: what a local user may send (a comment
//! while a draft is open, an RSVP while a meeting is ahead, answers that fit a survey while it
//! is open) and the audience each takes; and what a record signed elsewhere may be (refused
//! only when no honest node could have signed it; a late contribution is kept).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ForeignLog, TestNode, document};
use plenary::model::{Kind, NodeId, RecordId, Visibility};
use plenary::node::Role;
use serde_json::{Value, json};

/// Posts a record and returns the status and the answer.
async fn post(node: &TestNode, token: &str, record: Value) -> (u16, Value) {
    let response = node.post_json("/api/v1/records", Some(token), &record).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Asserts a refusal with `status`, `code` and `field`.
fn refused(outcome: (u16, Value), status: u16, code: &str, field: &str) {
    let (got, body) = outcome;
    assert_eq!(
        (got, body["code"].as_str(), body["field"].as_str()),
        (status, Some(code), Some(field)),
        "{body}"
    );
}

fn draft(title: &str, comment_until: &str) -> Value {
    let mut body = document(title);
    body["status"] = json!("consultation");
    body["comment_until"] = json!(comment_until);
    body
}

async fn visibility_of(node: &TestNode, token: &str, id: &str) -> Value {
    let (status, record) = node.get(&format!("/api/v1/records/{id}"), Some(token)).await;
    assert_eq!(status, 200, "{record}");
    record["record"]["header"]["visibility"].clone()
}

#[tokio::test]
async fn comments_follow_the_drafts_audience_and_its_comment_period() {
    let node = TestNode::start().await;
    let member = node.user_token("amina", Role::Member).await;
    let partner = NodeId([7; 32]);
    let open = node
        .publish(
            &node.admin,
            "document",
            json!({"nodes": [partner.to_string()]}),
            draft("Open draft", "2099-01-31"),
        )
        .await;
    let comment = |about: &RecordId, text: &str| json!({"kind": "comment", "body": {"about": about.to_string(), "text": text}});

    let (status, made) = post(&node, &member, comment(&open, "We support option B.")).await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_str().unwrap();
    let audience = visibility_of(&node, &member, id).await;
    let nodes: Vec<&str> =
        audience["nodes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert_eq!(nodes.len(), 2, "the draft's nodes and its origin: {audience}");
    assert!(
        nodes.contains(&partner.to_string().as_str())
            && nodes.contains(&node.node.id().to_string().as_str())
    );

    let mut wrong = comment(&open, "Broadcast");
    wrong["visibility"] = json!("public");
    refused(post(&node, &member, wrong).await, 422, "visibility_mismatch", "/visibility");

    let plain =
        node.publish(&node.admin, "document", json!("partners"), document("Final report")).await;
    refused(
        post(&node, &member, comment(&plain, "Late idea")).await,
        422,
        "not_open_for_comment",
        "/body/about",
    );

    let closed = node
        .publish(&node.admin, "document", json!("partners"), draft("Closed draft", "2020-01-31"))
        .await;
    refused(
        post(&node, &member, comment(&closed, "Too late")).await,
        422,
        "comment_period_closed",
        "/body/about",
    );

    let unknown = RecordId([9; 32]);
    refused(
        post(&node, &member, comment(&unknown, "?")).await,
        422,
        "reference_not_found",
        "/body/about",
    );
    refused(
        post(&node, &member, comment(&plain, "?")).await,
        422,
        "not_open_for_comment",
        "/body/about",
    );
    let meeting = node
        .publish(
            &node.admin,
            "meeting",
            json!("public"),
            json!({"title": "M", "meeting_type": "other", "starts_at": "2099-01-01T10:00:00Z"}),
        )
        .await;
    refused(post(&node, &member, comment(&meeting, "?")).await, 422, "wrong_target", "/body/about");

    let other = node
        .publish(
            &node.admin,
            "document",
            json!({"nodes": [partner.to_string()]}),
            draft("Other draft", "2099-01-31"),
        )
        .await;
    let mut reply = comment(&other, "Answering elsewhere");
    reply["body"]["in_reply_to"] = json!(id);
    refused(post(&node, &member, reply).await, 422, "reply_target_invalid", "/body/in_reply_to");
    let mut reply = comment(&open, "Agreed");
    reply["body"]["in_reply_to"] = json!(id);
    assert_eq!(post(&node, &member, reply).await.0, 201);

    let mut v2 = draft("Open draft, public round", "2099-03-31");
    v2["supersedes"] = json!(open.to_string());
    node.publish(&node.admin, "document", json!("public"), v2).await;
    refused(
        post(&node, &member, comment(&open, "On the old round")).await,
        422,
        "target_superseded",
        "/body/about",
    );
}

#[tokio::test]
async fn comments_signed_elsewhere_are_refused_only_when_no_honest_node_could_sign_them() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(3);
    let partners = Visibility::PARTNERS;
    let closed = node
        .publish(&node.admin, "document", json!("partners"), draft("Closed draft", "2020-01-31"))
        .await;
    for record in log.records.clone() {
        node.node.ingest(record).await.unwrap();
    }
    let late = log.append(
        Kind::Comment,
        partners.clone(),
        json!({"about": closed.to_string(), "text": "Late but signed"}),
    );
    node.node.ingest(late).await.expect("a late comment is kept (shown as late)");
    let elsewhere = log.append(
        Kind::Comment,
        partners.clone(),
        json!({"about": RecordId([5; 32]).to_string(), "text": "On a draft not held here"}),
    );
    node.node.ingest(elsewhere).await.expect("a comment on a record not held is kept");
    let widened = log.next(
        Kind::Comment,
        Visibility::PUBLIC,
        json!({"about": closed.to_string(), "text": "Told to everyone"}),
    );
    let err = node.node.ingest(widened).await.unwrap_err();
    assert_eq!(err.code(), "visibility_mismatch", "{err}");
}

fn meeting(starts_at: &str, invited: &[NodeId]) -> Value {
    let invited: Vec<String> = invited.iter().map(NodeId::to_string).collect();
    json!({"title": "Plenary", "meeting_type": "plenary", "starts_at": starts_at, "invited": invited})
}

#[tokio::test]
async fn rsvps_come_from_invited_organisations_while_the_meeting_is_ahead() {
    let node = TestNode::start().await;
    let member = node.user_token("amina", Role::Member).await;
    let mut invited = ForeignLog::new(3);
    let outsider = ForeignLog::new(4);
    let ahead = node
        .publish(
            &node.admin,
            "meeting",
            json!("partners"),
            meeting("2099-06-01T09:00:00Z", &[invited.key.node_id()]),
        )
        .await;
    let rsvp = |meeting: &RecordId| json!({"kind": "rsvp", "body": {"meeting": meeting.to_string(), "response": "accept", "attendees": ["Amina Diallo"]}});
    let (status, made) = post(&node, &member, rsvp(&ahead)).await;
    assert_eq!(status, 201, "the host answers its own meeting: {made}");
    assert_eq!(
        visibility_of(&node, &member, made["id"].as_str().unwrap()).await,
        json!("partners")
    );

    let past = node
        .publish(&node.admin, "meeting", json!("partners"), meeting("2020-06-01T09:00:00Z", &[]))
        .await;
    refused(post(&node, &member, rsvp(&past)).await, 422, "meeting_over", "/body/meeting");
    let mut cancelled = meeting("2099-07-01T09:00:00Z", &[]);
    cancelled["status"] = json!("cancelled");
    let cancelled = node.publish(&node.admin, "meeting", json!("partners"), cancelled).await;
    refused(
        post(&node, &member, rsvp(&cancelled)).await,
        422,
        "meeting_cancelled",
        "/body/meeting",
    );

    for log in [&invited, &outsider] {
        node.node.ingest(log.records[0].clone()).await.unwrap();
    }
    let answer = json!({"meeting": ahead.to_string(), "response": "decline"});
    let from_invited = invited.append(Kind::Rsvp, Visibility::PARTNERS, answer.clone());
    node.node.ingest(from_invited).await.expect("an invited organisation answers");
    let from_outsider = outsider.next(Kind::Rsvp, Visibility::PARTNERS, answer);
    assert_eq!(node.node.ingest(from_outsider).await.unwrap_err().code(), "not_invited");
}

fn survey(closes_at: &str, results: &str) -> Value {
    json!({
        "title": "Regulatory practice survey",
        "closes_at": closes_at,
        "results": results,
        "questions": [
            {"id": "ria", "text": "Do you assess regulatory impact?", "type": "yes_no", "required": true},
            {"id": "scope", "text": "Scope", "type": "single_choice", "options": ["all laws", "major laws"]},
            {"id": "rate", "text": "How useful?", "type": "scale", "scale": {"min": 1, "max": 5}}
        ]
    })
}

#[tokio::test]
async fn survey_answers_fit_their_questions_and_go_where_the_policy_says() {
    let node = TestNode::start().await;
    let member = node.user_token("amina", Role::Member).await;
    let open = node
        .publish(
            &node.admin,
            "survey",
            json!("partners"),
            survey("2099-01-01T00:00:00Z", "originator"),
        )
        .await;
    let answer = |survey: &RecordId, answers: Value| json!({"kind": "survey_response", "body": {"survey": survey.to_string(), "answers": answers}});

    let (status, made) = post(
        &node,
        &member,
        answer(
            &open,
            json!([{"question": "ria", "value": true}, {"question": "rate", "value": 4}]),
        ),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let audience = visibility_of(&node, &member, made["id"].as_str().unwrap()).await;
    assert_eq!(
        audience,
        json!({"nodes": [node.node.id().to_string()]}),
        "only the survey's origin"
    );

    refused(
        post(&node, &member, answer(&open, json!([{"question": "ria", "value": "yes"}]))).await,
        422,
        "answer_invalid",
        "/body/answers/0/value",
    );
    refused(
        post(
            &node,
            &member,
            answer(
                &open,
                json!([{"question": "ria", "value": true}, {"question": "rate", "value": 9}]),
            ),
        )
        .await,
        422,
        "answer_invalid",
        "/body/answers/1/value",
    );
    refused(post(&node, &member, answer(&open, json!([{"question": "ria", "value": true}, {"question": "scope", "value": "some laws"}]))).await, 422, "answer_invalid", "/body/answers/1/value");
    refused(
        post(&node, &member, answer(&open, json!([{"question": "rate", "value": 3}]))).await,
        422,
        "answer_invalid",
        "/body/answers",
    );
    refused(
        post(
            &node,
            &member,
            answer(
                &open,
                json!([{"question": "ria", "value": true}, {"question": "who", "value": "x"}]),
            ),
        )
        .await,
        422,
        "answer_invalid",
        "/body/answers/1/question",
    );

    let closed = node
        .publish(
            &node.admin,
            "survey",
            json!("partners"),
            survey("2020-01-01T00:00:00Z", "respondents"),
        )
        .await;
    refused(
        post(&node, &member, answer(&closed, json!([{"question": "ria", "value": true}]))).await,
        422,
        "survey_closed",
        "/body/survey",
    );
    let mut later = survey("2099-01-01T00:00:00Z", "respondents");
    later["opens_at"] = json!("2098-01-01T00:00:00Z");
    let later = node.publish(&node.admin, "survey", json!("partners"), later).await;
    refused(
        post(&node, &member, answer(&later, json!([{"question": "ria", "value": true}]))).await,
        422,
        "survey_not_open",
        "/body/survey",
    );

    let mut log = ForeignLog::new(3);
    node.node.ingest(log.records[0].clone()).await.unwrap();
    let mine = Visibility::Nodes { nodes: vec![node.node.id()] };
    let late = log.append(
        Kind::SurveyResponse,
        Visibility::PARTNERS,
        json!({"survey": closed.to_string(), "answers": [{"question": "ria", "value": false}]}),
    );
    node.node.ingest(late).await.expect("a late answer is kept (and not counted)");
    let misfit = log.next(
        Kind::SurveyResponse,
        mine.clone(),
        json!({"survey": open.to_string(), "answers": [{"question": "ria", "value": 3}]}),
    );
    assert_eq!(node.node.ingest(misfit).await.unwrap_err().code(), "answer_invalid");
    let broadcast = log.next(
        Kind::SurveyResponse,
        Visibility::PARTNERS,
        json!({"survey": open.to_string(), "answers": [{"question": "ria", "value": true}]}),
    );
    assert_eq!(node.node.ingest(broadcast).await.unwrap_err().code(), "visibility_mismatch");
    let fitting = log.append(
        Kind::SurveyResponse,
        mine,
        json!({"survey": open.to_string(), "answers": [{"question": "ria", "value": true}]}),
    );
    node.node.ingest(fitting).await.unwrap();
}

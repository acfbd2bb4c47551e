//! A whole round of the partnership's collaboration between three `plenary serve` processes
//! configured from `node-config/` (OECD, WTO, WHO) in a line — OECD – WTO – WHO — so that OECD
//! and WHO are two hops apart and everything between them is relayed by WTO: OECD circulates a
//! draft to partners; WTO comments and WHO replies; OECD widens the draft to the public; an
//! anonymous reader sees the public round but not the partners' one; WTO retracts its comment
//! everywhere (its signed header stays); WHO comments while WTO is down and its comment reaches
//! OECD when WTO returns, with its signed time; WTO and WHO answer a survey and OECD holds both
//! answers; WHO answers a survey whose answers only OECD may read, and OECD fetches the body
//! WTO could not pass on from WHO itself; WTO and WHO answer OECD's meeting invitation and see the minutes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::org::Org;
use common::process::eventually;
use plenary::model::RecordId;
use plenary::model::record::{format_utc_timestamp, parse_utc_timestamp};
use serde_json::{Value, json};

/// How long a record may take to travel two hops.
const RELAY: u64 = 30;

struct Federation {
    oecd: Org,
    wto: Org,
    who: Org,
}

impl Federation {
    async fn start() -> Federation {
        let (oecd, wto, who) = Org::example_line().await;
        Federation { oecd, wto, who }
    }
}

fn in_seconds(seconds: i64) -> String {
    format_utc_timestamp(time::OffsetDateTime::now_utc() + time::Duration::seconds(seconds))
}

fn draft(title: &str, comment_until: &str) -> Value {
    json!({"title": title, "language": "en", "status": "consultation", "comment_until": comment_until,
           "summary": "Draft study on regulatory sandboxes, circulated for comment."})
}

fn comment(about: &RecordId, text: &str) -> Value {
    json!({"about": about.to_string(), "text": text, "language": "en"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_organisations_play_a_consultation_a_survey_and_a_meeting_across_a_relay() {
    let mut f = Federation::start().await;
    consultation(&mut f).await;
    survey(&f).await;
    meeting(&f).await;
}

async fn consultation(f: &mut Federation) {
    let Federation { oecd, wto, who } = f;
    let round1 = oecd
        .publish("document", json!("partners"), draft("Regulatory sandboxes", "2099-01-31"))
        .await;
    who.receives(&round1, RELAY).await;
    wto.receives(&round1, RELAY).await;

    let from_wto =
        wto.contribute("comment", comment(&round1, "Section 3 should cite the 2021 survey.")).await;
    who.receives(&from_wto, RELAY).await;
    let mut reply = comment(&round1, "Agreed; the 2023 update is more recent.");
    reply["in_reply_to"] = json!(from_wto.to_string());
    let from_who = who.contribute("comment", reply).await;
    oecd.receives(&from_wto, RELAY).await;
    oecd.receives(&from_who, RELAY).await;
    let (_, view) = oecd.get(&format!("/api/v1/records/{from_who}")).await;
    assert_eq!(view["verified"], true, "{view}");
    assert_eq!(view["record"]["header"]["origin"], who.id().to_string());
    assert_eq!(view["record"]["header"]["visibility"], "partners");

    // The public round: a new version with a wider audience, closing soon enough for the test
    // to see a comment signed before the close arrive after it (and room for two relays first).
    let closes = in_seconds(45);
    let mut widened = draft("Regulatory sandboxes", &closes);
    widened["supersedes"] = json!(round1.to_string());
    let round2 = oecd.publish("document", json!("public"), widened).await;
    for org in [&*oecd, &*who] {
        assert_eq!(org.get_as(&format!("/api/v1/records/{round1}"), None).await.0, 404);
        assert_eq!(org.get_as(&format!("/api/v1/records/{from_wto}"), None).await.0, 404);
    }
    who.receives(&round2, RELAY).await;
    let (status, _) = oecd.get_as(&format!("/api/v1/records/{round2}"), None).await;
    assert_eq!(status, 200, "the public round is public");
    let (status, refused) =
        wto.try_publish("comment", None, comment(&round1, "On the old round")).await;
    assert_eq!((status, refused["code"].as_str()), (422, Some("target_superseded")), "{refused}");

    // WTO withdraws its comment: gone everywhere, its signed header kept.
    let retraction = json!({"about": from_wto.to_string(), "reason": "Superseded by our consolidated comments."});
    let retraction = wto.publish("retraction", json!("partners"), retraction).await;
    for org in [&*oecd, &*who] {
        org.receives(&retraction, RELAY).await;
        let (status, view) = org.get(&format!("/api/v1/records/{from_wto}")).await;
        assert_eq!(status, 200);
        assert!(view["record"]["body"].is_null(), "{view}");
        assert_eq!(view["retracted_by"], retraction.to_string());
        assert_eq!(view["record"]["header"]["origin"], wto.id().to_string());
    }

    // WHO comments while the relay is down; the comment arrives with its signed time.
    wto.kill().await;
    let offline =
        who.contribute("comment", comment(&round2, "WHO supports the public version.")).await;
    let (_, view) = who.get(&format!("/api/v1/records/{offline}")).await;
    let signed = view["record"]["header"]["created_at"].as_str().unwrap().to_owned();
    let closing = parse_utc_timestamp(&closes).unwrap();
    while time::OffsetDateTime::now_utc() < closing {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    wto.start().await;
    oecd.receives(&offline, RELAY).await;
    let (_, view) = oecd.get(&format!("/api/v1/records/{offline}")).await;
    assert_eq!(
        view["record"]["header"]["created_at"],
        signed.as_str(),
        "kept with its signed time"
    );
    assert!(parse_utc_timestamp(&signed).unwrap() < closing, "signed before the round closed");
    let (status, refused) =
        who.try_publish("comment", None, comment(&round2, "Too late now")).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (422, Some("comment_period_closed")),
        "{refused}"
    );
}

async fn survey(f: &Federation) {
    let Federation { oecd, wto, who } = f;
    let body = json!({
        "title": "Regulatory impact assessment practice",
        "closes_at": "2099-01-01T00:00:00Z",
        "results": "respondents",
        "questions": [
            {"id": "ria", "text": "Do you assess regulatory impact?", "type": "yes_no", "required": true},
            {"id": "use", "text": "How useful is it?", "type": "scale", "scale": {"min": 1, "max": 5}}
        ]
    });
    let survey = oecd.publish("survey", json!("partners"), body).await;
    who.receives(&survey, RELAY).await;
    let answer = |value: bool, rate: i64| json!({"survey": survey.to_string(), "answers": [{"question": "ria", "value": value}, {"question": "use", "value": rate}]});
    let (status, refused) = wto
        .try_publish(
            "survey_response",
            None,
            json!({"survey": survey.to_string(), "answers": [{"question": "use", "value": 9}]}),
        )
        .await;
    assert_eq!((status, refused["code"].as_str()), (422, Some("answer_invalid")), "{refused}");
    let from_wto = wto.contribute("survey_response", answer(true, 4)).await;
    let from_who = who.contribute("survey_response", answer(false, 2)).await;
    oecd.receives(&from_wto, RELAY).await;
    oecd.receives(&from_who, RELAY).await;
    let (_, view) = oecd.get(&format!("/api/v1/records/{from_who}")).await;
    assert_eq!(view["record"]["body"]["answers"][0]["value"], false);
    assert_eq!(view["verified"], true);
    answers_only_the_originator_sees(f).await;
}

/// A survey whose answers go to its originator alone: WHO's answer crosses WTO, which may
/// pass on only its header, so OECD fetches the body from WHO itself; WTO never holds it.
async fn answers_only_the_originator_sees(f: &Federation) {
    let Federation { oecd, wto, who } = f;
    let body = json!({
        "title": "Staffing of rule-making units",
        "closes_at": "2099-01-01T00:00:00Z",
        "results": "originator",
        "questions": [{"id": "staff", "text": "How many staff draft rules?", "type": "integer", "required": true}]
    });
    let survey = oecd.publish("survey", json!("partners"), body).await;
    who.receives(&survey, RELAY).await;
    let answer =
        json!({"survey": survey.to_string(), "answers": [{"question": "staff", "value": 12}]});
    let from_who = who.contribute("survey_response", answer).await;
    oecd.receives(&from_who, RELAY).await;
    let (_, view) = oecd.get(&format!("/api/v1/records/{from_who}")).await;
    assert_eq!(view["record"]["body"]["answers"][0]["value"], 12);
    assert_eq!(view["record"]["header"]["visibility"], json!({"nodes": [oecd.id().to_string()]}));
    let (status, details) = oecd.get(&format!("/api/v1/surveys/{survey}")).await;
    assert_eq!(status, 200, "{details}");
    assert_eq!(details["results"]["respondents"], 1, "WHO's answer is counted at OECD: {details}");
    assert!(!wto.holds_body(&from_who).await, "the relay never holds the answer itself");
}

async fn meeting(f: &Federation) {
    let Federation { oecd, wto, who } = f;
    let invited = [wto.id().to_string(), who.id().to_string()];
    let body = json!({"title": "Annual plenary", "meeting_type": "plenary", "series": "Annual Meeting",
        "starts_at": "2099-06-01T07:30:00Z", "timezone": "Europe/Paris", "invited": invited,
        "host": oecd.id().to_string()});
    let meeting = oecd.publish("meeting", json!("partners"), body.clone()).await;
    who.receives(&meeting, RELAY).await;
    wto.receives(&meeting, RELAY).await;
    let rsvp = |response: &str, who: &str| json!({"meeting": meeting.to_string(), "response": response, "attendees": [who]});
    let from_wto = wto.contribute("rsvp", rsvp("accept", "Lee Chen, Counsellor")).await;
    let from_who = who.contribute("rsvp", rsvp("decline", "Ana Ruiz")).await;
    oecd.receives(&from_wto, RELAY).await;
    oecd.receives(&from_who, RELAY).await;

    let minutes = oecd
        .publish(
            "document",
            json!("partners"),
            json!({"title": "Minutes of the annual plenary", "language": "en"}),
        )
        .await;
    let mut held = body;
    held["supersedes"] = json!(meeting.to_string());
    held["minutes"] = json!(minutes.to_string());
    let held = oecd.publish("meeting", json!("partners"), held).await;
    who.receives(&held, RELAY).await;
    eventually("WHO sees the minutes", Duration::from_secs(RELAY), || async {
        let (_, view) = who.get(&format!("/api/v1/records/{meeting}")).await;
        view["current"] == held.to_string()
    })
    .await;
}

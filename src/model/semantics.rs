//! What a body's schema cannot say but the body alone can answer: a meeting ends after it
//! starts, a survey closes after it opens, a survey's question ids are unique, a survey response answers each question at most
//! once. Checked on publish and on ingest, after the schema; pure (rules that need other
//! records are the node's).

use std::collections::HashSet;

use serde_json::Value;

use super::links::LinkError;
use super::record::{Kind, parse_utc_timestamp};

/// Checks the rules of a `kind` body that passed its schema.
pub fn check(kind: Kind, body: &Value) -> Result<(), LinkError> {
    match kind {
        Kind::Meeting => later(body, "starts_at", "ends_at"),
        Kind::Survey => {
            unique(body, "questions", "id", "question id")?;
            later(body, "opens_at", "closes_at")
        }
        Kind::SurveyResponse => unique(body, "answers", "question", "answer to question"),
        _ => Ok(()),
    }
}

/// Whether the time in `end` (when both are given) comes after the time in `start`.
fn later(body: &Value, start: &str, end: &str) -> Result<(), LinkError> {
    let time = |name: &str| body.get(name).and_then(Value::as_str).and_then(parse_utc_timestamp);
    match (time(start), time(end)) {
        (Some(starts), Some(ends)) if ends <= starts => {
            Err(LinkError { field: format!("/{end}"), reason: format!("must come after {start}") })
        }
        _ => Ok(()),
    }
}

/// Whether the `key` of every item of array `list` differs from the others'.
fn unique(body: &Value, list: &str, key: &str, what: &str) -> Result<(), LinkError> {
    let items = body.get(list).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let mut seen = HashSet::new();
    for (n, item) in items.iter().enumerate() {
        let Some(value) = item.get(key).and_then(Value::as_str) else { continue };
        if !seen.insert(value) {
            return Err(LinkError {
                field: format!("/{list}/{n}/{key}"),
                reason: format!("repeats the {what} {value:?}"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_meeting_ends_after_it_starts() {
        let meeting = |ends: &str| json!({"title": "t", "meeting_type": "other", "starts_at": "2027-01-01T10:00:00Z", "ends_at": ends});
        assert!(check(Kind::Meeting, &meeting("2027-01-01T12:00:00Z")).is_ok());
        let err = check(Kind::Meeting, &meeting("2027-01-01T10:00:00Z")).unwrap_err();
        assert_eq!(err.field, "/ends_at");
        assert!(check(Kind::Meeting, &meeting("2026-12-31T10:00:00Z")).is_err());
    }

    #[test]
    fn a_survey_closes_after_it_opens() {
        let survey = |closes: &str| json!({"title": "s", "opens_at": "2027-01-01T00:00:00Z", "closes_at": closes, "questions": []});
        assert!(check(Kind::Survey, &survey("2027-02-01T00:00:00Z")).is_ok());
        assert_eq!(
            check(Kind::Survey, &survey("2026-12-01T00:00:00Z")).unwrap_err().field,
            "/closes_at"
        );
    }

    #[test]
    fn question_ids_and_answers_do_not_repeat() {
        let survey = json!({"title": "s", "questions": [
            {"id": "q1", "text": "a", "type": "text"}, {"id": "q1", "text": "b", "type": "text"}]});
        assert_eq!(check(Kind::Survey, &survey).unwrap_err().field, "/questions/1/id");
        let response = json!({"survey": "ab".repeat(32), "answers": [
            {"question": "q1", "value": "x"}, {"question": "q2", "value": 3}, {"question": "q1", "value": "y"}]});
        assert_eq!(
            check(Kind::SurveyResponse, &response).unwrap_err().field,
            "/answers/2/question"
        );
        assert!(check(Kind::Document, &json!({"title": "t", "language": "en"})).is_ok());
    }
}

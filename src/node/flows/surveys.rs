//! Survey responses: one organisation's answers to a survey version. The answers fit the
//! questions (a known question, a value of its type, every required question answered); the
//! audience follows the survey's results policy; on publish the survey is current and open.

use serde_json::Value;

use super::{Flow, audience_of, refuse};
use crate::model::bodies::{self, Question, SurveyBody, SurveyResponseBody};
use crate::model::record::parse_utc_timestamp;
use crate::model::{Kind, Visibility};
use crate::node::error::NodeError;
use crate::store::StoredRecord;

pub(super) fn check(flow: &Flow) -> Result<(), NodeError> {
    let field = "/body/survey";
    let Some(response) = bodies::read::<SurveyResponseBody>(flow.body) else { return Ok(()) };
    let Some(stored) = flow.target(&response.survey, field, Kind::Survey)? else {
        return Ok(());
    };
    flow.audience_is(&response_audience(&stored))?;
    flow.admitted_by(&stored.record.header, field)?;
    let Some(survey) = stored.record.body.as_ref().and_then(bodies::read::<SurveyBody>) else {
        return Ok(());
    };
    check_answers(&survey, &response).map_err(|fault| {
        refuse("answer_invalid", &format!("/body{}", fault.field), fault.reason)
    })?;
    if flow.publishing() {
        flow.open_version(&stored, &response.survey, field)?;
        check_open(flow, &survey)?;
    }
    Ok(())
}

/// Where a response to `survey` goes: only to the survey's origin when results are for the
/// originator (the default), to the survey's whole audience when respondents see them.
pub(super) fn response_audience(survey: &StoredRecord) -> Visibility {
    let header = &survey.record.header;
    let policy =
        survey.record.body.as_ref().and_then(bodies::read::<SurveyBody>).and_then(|s| s.results);
    match policy.as_deref() {
        Some("respondents") => audience_of(header),
        _ => Visibility::Nodes { nodes: vec![header.origin] },
    }
}

fn check_open(flow: &Flow, survey: &SurveyBody) -> Result<(), NodeError> {
    let now = flow.signed_at();
    let field = "/body/survey";
    let at = |time: &Option<String>| time.as_deref().and_then(parse_utc_timestamp);
    if let Some((opens, now)) = at(&survey.opens_at).zip(now)
        && now < opens
    {
        return Err(refuse("survey_not_open", field, "that survey does not take answers yet"));
    }
    if let Some((closes, now)) = at(&survey.closes_at).zip(now)
        && now >= closes
    {
        return Err(refuse("survey_closed", field, "that survey has closed"));
    }
    Ok(())
}

/// Why a set of answers does not fit a survey: the field (from the body's root) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerFault {
    /// JSON pointer from the response body's root (`/answers/2/value`).
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

/// Checks that every answer names a question of `survey` with a value of its type and that
/// every required question is answered.
pub fn check_answers(
    survey: &SurveyBody,
    response: &SurveyResponseBody,
) -> Result<(), AnswerFault> {
    for (n, answer) in response.answers.iter().enumerate() {
        let Some(question) = survey.questions.iter().find(|q| q.id == answer.question) else {
            return Err(AnswerFault {
                field: format!("/answers/{n}/question"),
                reason: format!("the survey has no question {:?}", answer.question),
            });
        };
        fits(question, &answer.value)
            .map_err(|reason| AnswerFault { field: format!("/answers/{n}/value"), reason })?;
    }
    let unanswered = survey
        .questions
        .iter()
        .find(|q| q.required && !response.answers.iter().any(|a| a.question == q.id));
    match unanswered {
        Some(q) => Err(AnswerFault {
            field: "/answers".into(),
            reason: format!("question {:?} requires an answer", q.id),
        }),
        None => Ok(()),
    }
}

/// Whether `value` is an answer of `question`'s type.
fn fits(question: &Question, value: &Value) -> Result<(), String> {
    let option = |text: &str| question.options.iter().any(|o| o == text);
    match (question.kind.as_str(), value) {
        ("text", Value::String(_)) => Ok(()),
        ("single_choice", Value::String(s)) if option(s) => Ok(()),
        ("single_choice", Value::String(s)) => Err(format!("{s:?} is not one of the options")),
        ("multiple_choice", Value::Array(items)) => {
            match items.iter().find(|v| !v.as_str().is_some_and(option)) {
                Some(bad) => Err(format!("{bad} is not one of the options")),
                None => Ok(()),
            }
        }
        ("integer", Value::Number(n)) if n.is_i64() => Ok(()),
        ("yes_no", Value::Bool(_)) => Ok(()),
        ("scale", Value::Number(n)) => {
            let (min, max) = question.scale.as_ref().map_or((1, 5), |s| (s.min, s.max));
            match n.as_i64() {
                Some(point) if (min..=max).contains(&point) => Ok(()),
                _ => Err(format!("must be a whole number from {min} to {max}")),
            }
        }
        (kind, _) => Err(format!("a {kind} question takes {}", expected(kind))),
    }
}

fn expected(kind: &str) -> &'static str {
    match kind {
        "text" => "text",
        "single_choice" => "one of its options",
        "multiple_choice" => "a list of its options",
        "integer" | "scale" => "a whole number",
        "yes_no" => "true or false",
        _ => "no answer this node understands",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn survey() -> SurveyBody {
        bodies::read(&json!({
            "title": "t",
            "questions": [
                {"id": "q1", "text": "Pick", "type": "single_choice", "options": ["a", "b"], "required": true},
                {"id": "q2", "text": "Many", "type": "multiple_choice", "options": ["a", "b"]},
                {"id": "q3", "text": "Rate", "type": "scale", "scale": {"min": 1, "max": 5}},
                {"id": "q4", "text": "Count", "type": "integer"},
                {"id": "q5", "text": "Agree", "type": "yes_no"},
                {"id": "q6", "text": "Why", "type": "text"}
            ]
        }))
        .unwrap()
    }

    fn answers(values: Value) -> SurveyResponseBody {
        bodies::read(&json!({"survey": "00".repeat(32), "answers": values})).unwrap()
    }

    #[test]
    fn fitting_answers_pass() {
        let ok = answers(json!([
            {"question": "q1", "value": "a"}, {"question": "q2", "value": ["a", "b"]},
            {"question": "q3", "value": 5}, {"question": "q4", "value": -3},
            {"question": "q5", "value": false}, {"question": "q6", "value": "because"}
        ]));
        assert_eq!(check_answers(&survey(), &ok), Ok(()));
    }

    #[test]
    fn each_misfit_names_its_answer() {
        let cases = [
            (json!([{"question": "q1", "value": "c"}]), "/answers/0/value"),
            (
                json!([{"question": "q1", "value": "a"}, {"question": "q2", "value": ["a", "z"]}]),
                "/answers/1/value",
            ),
            (
                json!([{"question": "q1", "value": "a"}, {"question": "q3", "value": 6}]),
                "/answers/1/value",
            ),
            (
                json!([{"question": "q1", "value": "a"}, {"question": "q3", "value": 0}]),
                "/answers/1/value",
            ),
            (
                json!([{"question": "q1", "value": "a"}, {"question": "q4", "value": "3"}]),
                "/answers/1/value",
            ),
            (
                json!([{"question": "q1", "value": "a"}, {"question": "q5", "value": "yes"}]),
                "/answers/1/value",
            ),
            (
                json!([{"question": "q1", "value": "a"}, {"question": "q9", "value": "x"}]),
                "/answers/1/question",
            ),
            (json!([{"question": "q6", "value": "only text"}]), "/answers"),
        ];
        for (values, field) in cases {
            let fault = check_answers(&survey(), &answers(values.clone())).unwrap_err();
            assert_eq!(fault.field, field, "{values}");
        }
    }
}

//! The RSVP form of a meeting page (`POST /meetings/{id}/rsvp`, URL-encoded): a signed-in
//! reader answers for their organisation — accept, tentative or decline, and who will attend,
//! one name per line. A new answer replaces the organisation's previous one on the page. The
//! node decides whether the organisation may answer (invited, meeting current, ahead and not
//! cancelled) and to whom the answer is published (the meeting's audience); its refusal is
//! shown next to the field it concerns, in the reader's language.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::forms::FieldErrors;
use super::i18n::Tr;
use super::meetings::render;
use super::problem::Problem;
use super::publish::{Fields, line_list, unreadable};
use super::reader::Reader;
use super::record_id;
use super::render::see_other;
use crate::http::AppState;
use crate::http::error::status_of;
use crate::model::Kind;
use crate::node::meetings::Participant;
use crate::node::{NodeError, PublishRequest, Role};

/// The answers an organisation may give.
pub const RESPONSES: [&str; 3] = ["accept", "tentative", "decline"];

/// Refusal codes of the writer that have their own message (`rsvp-error-<code>`).
const FLOW_CODES: [&str; 6] = [
    "not_invited",
    "meeting_over",
    "meeting_cancelled",
    "target_superseded",
    "target_retracted",
    "not_admitted",
];

/// What the RSVP form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct RsvpValues {
    /// `accept`, `tentative` or `decline`.
    pub response: String,
    /// Attendees, one per line.
    pub attendees: String,
}

impl RsvpValues {
    /// As sent.
    fn read(fields: &Fields) -> RsvpValues {
        RsvpValues { response: fields.text("response"), attendees: fields.text("attendees") }
    }

    /// The organisation's answer so far.
    pub fn of(answer: &Participant) -> RsvpValues {
        RsvpValues { response: answer.response.clone(), attendees: answer.attendees.join("\n") }
    }

    /// Whether `response` is the one chosen.
    pub fn is(&self, response: &str) -> bool {
        self.response == response
    }

    /// The response, or an error under `response`.
    fn response(&self, errors: &mut FieldErrors, tr: &Tr) -> Option<String> {
        let response = self.response.trim();
        if RESPONSES.contains(&response) {
            return Some(response.to_owned());
        }
        errors.add("response", tr.t("rsvp-error-response"));
        None
    }

    /// The attendees, or an error under `attendees` when one name is too long or too many.
    fn attendees(&self, errors: &mut FieldErrors, tr: &Tr) -> Option<Vec<String>> {
        let names = line_list(&self.attendees);
        if names.len() > 200 || names.iter().any(|n| n.chars().count() > 200) {
            errors.add("attendees", tr.t("rsvp-error-attendees"));
            return None;
        }
        Some(names)
    }
}

/// The writer's refusal next to the field it concerns: a flow code with its own message under
/// `meeting` (the form's top), the body's fields under theirs.
fn add_refusal(errors: &mut FieldErrors, tr: &Tr, err: &NodeError) {
    if let NodeError::Flow { code, .. } = err
        && FLOW_CODES.contains(code)
    {
        return errors.add("meeting", tr.t(&format!("rsvp-error-{code}")));
    }
    let mut inner = FieldErrors::default();
    inner.add_node(tr, err);
    for (field, message) in inner.all() {
        let field = match field.as_str() {
            "response" | "attendees" => field.as_str(),
            _ => "meeting",
        };
        errors.add(field, message.clone());
    }
}

/// `POST /meetings/{id}/rsvp`: publishes the organisation's answer and returns to the meeting
/// (303), or shows the page again with the errors next to the fields.
pub async fn submit(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Member)?;
    let id = record_id(&id)?;
    let Form(pairs) = form.map_err(|err| unreadable(err, state.node.settings().record_bytes))?;
    let fields = Fields::from_pairs(pairs);
    reader.check_form(&fields.text("csrf"))?;
    let values = RsvpValues::read(&fields);
    let tr = &reader.tr;
    let mut errors = FieldErrors::default();
    let meeting = super::publish::record_ref(&fields.text("meeting"));
    if meeting.is_none() {
        errors.add("meeting", tr.t("rsvp-error-meeting"));
    }
    let response = values.response(&mut errors, tr);
    let attendees = values.attendees(&mut errors, tr);
    let (Some(meeting), Some(response), Some(attendees)) = (meeting, response, attendees) else {
        return render(&state, &reader, &id, Some((values, errors)), StatusCode::BAD_REQUEST).await;
    };
    let body = json!({ "meeting": meeting, "response": response, "attendees": attendees });
    let request = PublishRequest { kind: Kind::Rsvp.as_str().to_owned(), visibility: None, body };
    match state.node.publish(&reader.viewer, request).await {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}#rsvp-heading"))),
        Err(err) if status_of(&err).is_client_error() => {
            add_refusal(&mut errors, tr, &err);
            let status = status_of(&err);
            render(&state, &reader, &id, Some((values, errors)), status).await
        }
        Err(err) => Err(Problem::Node(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_responses_and_short_names_pass() {
        let tr = Tr::new(crate::portal::i18n::supported("en").unwrap());
        let mut errors = FieldErrors::default();
        let values = RsvpValues { response: "maybe".into(), attendees: "x".repeat(201) };
        assert!(values.response(&mut errors, &tr).is_none());
        assert!(values.attendees(&mut errors, &tr).is_none());
        assert!(errors.get("response").is_some() && errors.get("attendees").is_some());
        let fine = RsvpValues { response: "tentative".into(), attendees: "A\n\nB\nA".into() };
        let mut errors = FieldErrors::default();
        assert_eq!(fine.response(&mut errors, &tr).as_deref(), Some("tentative"));
        assert_eq!(fine.attendees(&mut errors, &tr), Some(vec!["A".to_owned(), "B".to_owned()]));
        assert!(errors.is_empty());
    }
}

//! The consultation of a document as JSON (`GET /api/v1/records/{id}/comments`) and as CSV
//! (`…/comments.csv`, one row per comment of every round, RFC 4180). The only module that
//! touches the `csv` crate; the portal's export link uses [`csv_of`] too.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use super::extract::Caller;
use super::records::parse_path;
use crate::model::RecordId;
use crate::node::NodeError;
use crate::node::consultations::Consultation;

/// The CSV's header row.
const COLUMNS: [&str; 11] = [
    "round",
    "comment",
    "in_reply_to",
    "organisation",
    "origin",
    "signed_at",
    "late",
    "verified",
    "section",
    "language",
    "text",
];

/// `GET /api/v1/records/{id}/comments`.
pub async fn json(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(id): Path<String>,
) -> Result<Json<Consultation>, ApiError> {
    let id: RecordId = parse_path(&id, "id")?;
    Ok(Json(state.node.consultation(&viewer, &id)?))
}

/// `GET /api/v1/records/{id}/comments.csv`.
pub async fn csv(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: RecordId = parse_path(&id, "id")?;
    let consultation = state.node.consultation(&viewer, &id)?;
    Ok(csv_response(&id, &consultation)?)
}

/// A CSV download of `consultation`, named after document `id`.
pub fn csv_response(id: &RecordId, consultation: &Consultation) -> Result<Response, NodeError> {
    let bytes = csv_of(consultation)?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let disposition = format!("attachment; filename=\"comments-{id}.csv\"");
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// Every comment of every round as RFC 4180 CSV with a header row. A cell a spreadsheet would
/// read as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
pub fn csv_of(consultation: &Consultation) -> Result<Vec<u8>, NodeError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |err: csv::Error| NodeError::invalid("csv", err.to_string());
    writer.write_record(COLUMNS).map_err(failed)?;
    for round in &consultation.rounds {
        for (_, comment) in round.in_order() {
            let row = [
                round.id.to_string(),
                comment.id.to_string(),
                comment.in_reply_to.map(|p| p.to_string()).unwrap_or_default(),
                inert(&comment.acronym()),
                comment.origin.to_string(),
                comment.created_at.clone(),
                comment.late.to_string(),
                comment.verified.to_string(),
                inert(comment.section.as_deref().unwrap_or_default()),
                comment.language.clone().unwrap_or_default(),
                inert(&comment.text),
            ];
            writer.write_record(&row).map_err(failed)?;
        }
    }
    writer.into_inner().map_err(|err| NodeError::invalid("csv", err.to_string()))
}

/// `cell`, with a leading `'` when a spreadsheet would take it for a formula.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("We agree."), "We agree.");
    }
}

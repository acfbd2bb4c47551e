//! Survey routes: the surveys a caller may see, one survey with its state, the caller's
//! organisation's answer and — when they are the caller's to see — its results, and the counted
//! responses as CSV (the one module that uses the `csv` crate). The node decides what is visible
//! and who sees results ([`Node::survey_details`](crate::node::Node::survey_details)).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::AppState;
use super::error::ApiError;
use super::extract::Caller;
use super::records::parse_path;
use crate::model::bodies::SurveyBody;
use crate::model::{NodeId, RecordId};
use crate::node::surveys::{Response as SurveyResponse, Results, SurveyState};
use crate::node::{Node, NodeError};

/// A survey in a list.
#[derive(Serialize)]
pub struct SurveySummary {
    id: RecordId,
    origin: NodeId,
    created_at: String,
    title: String,
    opens_at: Option<String>,
    closes_at: Option<String>,
    results: String,
    state: SurveyState,
}

/// `GET /api/v1/surveys`.
#[derive(Serialize)]
pub struct SurveyList {
    surveys: Vec<SurveySummary>,
}

/// `GET /api/v1/surveys`: the current surveys the caller may see, open first.
pub async fn list(
    State(state): State<AppState>,
    Caller(viewer): Caller,
) -> Result<Json<SurveyList>, ApiError> {
    let node = state.node.clone();
    let lines = run(node, move |node| node.surveys(&viewer, OffsetDateTime::now_utc())).await?;
    let surveys = lines
        .into_iter()
        .map(|line| {
            let body = line.survey.body;
            SurveySummary {
                id: line.survey.id,
                origin: line.survey.origin,
                created_at: line.survey.created_at,
                results: policy(&body).to_owned(),
                title: body.title,
                opens_at: body.opens_at,
                closes_at: body.closes_at,
                state: line.state,
            }
        })
        .collect();
    Ok(Json(SurveyList { surveys }))
}

/// `GET /api/v1/surveys/{id}`.
#[derive(Serialize)]
pub struct SurveyView {
    id: RecordId,
    origin: NodeId,
    created_at: String,
    /// The body as signed.
    survey: Value,
    state: SurveyState,
    may_answer: bool,
    own_answer: Option<SurveyResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    results: Option<Results>,
}

/// `GET /api/v1/surveys/{id}`: 404 when it is not a survey the caller may see.
pub async fn get(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(id): Path<String>,
) -> Result<Json<SurveyView>, ApiError> {
    let id: RecordId = parse_path(&id, "id")?;
    let view = run(state.node.clone(), move |node| {
        let details = node
            .survey_details(&viewer, &id, OffsetDateTime::now_utc())?
            .ok_or_else(|| NodeError::record_not_found(&id))?;
        let body = node.get(&viewer, &id)?.record.body.unwrap_or(Value::Null);
        Ok(SurveyView {
            id,
            origin: details.survey.origin,
            created_at: details.survey.created_at,
            survey: body,
            state: details.state,
            may_answer: details.may_answer,
            own_answer: details.own_answer,
            results: details.results,
        })
    })
    .await?;
    Ok(Json(view))
}

/// `GET /api/v1/surveys/{id}/results.csv`: one row per counted response; 403 when the results
/// are not the caller's to see, 404 when the survey is not one the caller may see.
pub async fn results_csv(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: RecordId = parse_path(&id, "id")?;
    let csv = run(state.node.clone(), move |node| {
        let (survey, results) = node.survey_results(&viewer, &id, OffsetDateTime::now_utc())?;
        results_table(node, &survey.body, &results)
    })
    .await?;
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let disposition = format!("attachment; filename=\"survey-{}.csv\"", short(&id));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// The results as CSV: organisation, origin id, signed time, then one column per question
/// (headed by its id); several options joined with "; ".
pub fn results_table(
    node: &Node,
    survey: &SurveyBody,
    results: &Results,
) -> Result<String, NodeError> {
    let failed = |err: csv::Error| NodeError::invalid("csv", err.to_string());
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut heading = vec!["organisation".to_owned(), "origin".into(), "signed_at".into()];
    heading.extend(survey.questions.iter().map(|q| q.id.clone()));
    writer.write_record(&heading).map_err(failed)?;
    for response in &results.responses {
        let mut row = vec![
            node.acronym_of(&response.origin).unwrap_or_default(),
            response.origin.to_string(),
            response.created_at.clone(),
        ];
        row.extend(survey.questions.iter().map(|q| cell(response.value(&q.id))));
        writer.write_record(&row).map_err(failed)?;
    }
    let bytes = writer.into_inner().map_err(|err| NodeError::invalid("csv", err.to_string()))?;
    String::from_utf8(bytes).map_err(|err| NodeError::invalid("csv", err.to_string()))
}

/// One answer as a cell; text a spreadsheet would run as a formula is prefixed with `'`.
fn cell(value: Option<&Value>) -> String {
    let text = |s: &str| {
        if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() }
    };
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => text(s),
        Some(Value::Bool(true)) => "yes".into(),
        Some(Value::Bool(false)) => "no".into(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).map(text).collect::<Vec<_>>().join("; ")
        }
        Some(Value::Object(_)) => String::new(),
    }
}

fn short(id: &RecordId) -> String {
    id.to_string().chars().take(12).collect()
}

/// The results policy as written (`originator` when absent).
fn policy(body: &SurveyBody) -> &str {
    body.results.as_deref().unwrap_or("originator")
}

/// Runs a node read off the async threads.
async fn run<T: Send + 'static>(
    node: std::sync::Arc<Node>,
    read: impl FnOnce(&Node) -> Result<T, NodeError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || read(&node))
        .await
        .map_err(|_| ApiError(NodeError::Unavailable))?
        .map_err(ApiError)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_join_options_and_defuse_formulas() {
        assert_eq!(cell(Some(&json!(["a", "b"]))), "a; b");
        assert_eq!(cell(Some(&json!("=SUM(A1)"))), "'=SUM(A1)");
        assert_eq!(cell(Some(&json!(-3))), "-3");
        assert_eq!(cell(Some(&json!(true))), "yes");
        assert_eq!(cell(None), "");
    }
}

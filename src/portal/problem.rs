//! What goes wrong on a page, and the one place it becomes a response: a styled page in the
//! reader's language with the right status (404, 403, a stale form, 413, 400, 500), or a
//! redirect to sign in. Handlers return a [`Problem`]; the `render_problems` layer, which knows
//! the request, draws the page around it. Internal causes are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::http::error::status_of;
use crate::node::NodeError;

/// A page that could not be served.
#[derive(Debug)]
pub enum Problem {
    /// No such page or record (or not visible to the reader).
    NotFound,
    /// The reader may not do this.
    Forbidden,
    /// A form's token is missing, stale or from another site.
    StaleForm,
    /// The page needs a signed-in reader; returns to this path afterwards.
    SignInFirst(String),
    /// Malformed input the page cannot name a field for (query string, form encoding).
    BadRequest(String),
    /// The node refused or failed.
    Node(NodeError),
    /// A template failed to render.
    Render(String),
}

impl From<NodeError> for Problem {
    fn from(err: NodeError) -> Problem {
        match err {
            NodeError::NotFound { .. } => Problem::NotFound,
            other => Problem::Node(other),
        }
    }
}

impl From<askama::Error> for Problem {
    fn from(err: askama::Error) -> Problem {
        Problem::Render(err.to_string())
    }
}

/// What the problem layer draws: the status and the message ids of the page.
#[derive(Debug, Clone)]
pub struct ProblemPage {
    /// The status.
    pub status: StatusCode,
    /// Message id of the headline.
    pub title: &'static str,
    /// Message id of the explanation.
    pub explanation: &'static str,
    /// A detail from the node (its own wording), for 4xx answers.
    pub detail: Option<String>,
}

impl Problem {
    /// The page to draw.
    pub fn page(&self) -> ProblemPage {
        let page =
            |status, title, explanation, detail| ProblemPage { status, title, explanation, detail };
        match self {
            Problem::NotFound => page(
                StatusCode::NOT_FOUND,
                "problem-not-found",
                "problem-not-found-explanation",
                None,
            ),
            Problem::Forbidden => page(
                StatusCode::FORBIDDEN,
                "problem-forbidden",
                "problem-forbidden-explanation",
                None,
            ),
            Problem::StaleForm => page(
                StatusCode::FORBIDDEN,
                "problem-stale-form",
                "problem-stale-form-explanation",
                None,
            ),
            Problem::BadRequest(detail) => page(
                StatusCode::BAD_REQUEST,
                "problem-bad-request",
                "problem-bad-request-explanation",
                Some(detail.clone()),
            ),
            Problem::Node(err) => node_page(err),
            Problem::Render(_) | Problem::SignInFirst(_) => page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "problem-internal",
                "problem-internal-explanation",
                None,
            ),
        }
    }
}

fn node_page(err: &NodeError) -> ProblemPage {
    let status = status_of(err);
    let (title, explanation) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("problem-too-large", "problem-too-large-explanation"),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            ("problem-forbidden", "problem-forbidden-explanation")
        }
        StatusCode::TOO_MANY_REQUESTS => ("problem-too-many", "problem-too-many-explanation"),
        StatusCode::SERVICE_UNAVAILABLE => {
            ("problem-unavailable", "problem-unavailable-explanation")
        }
        status if status.is_client_error() => {
            ("problem-bad-request", "problem-bad-request-explanation")
        }
        _ => ("problem-internal", "problem-internal-explanation"),
    };
    let detail = status.is_client_error().then(|| err.to_string());
    ProblemPage { status, title, explanation, detail }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        if let Problem::SignInFirst(back) = &self {
            return Redirect::to(&format!("/login?next={}", super::render::url_encode(back)))
                .into_response();
        }
        match &self {
            Problem::Render(reason) => tracing::error!(%reason, "a page failed to render"),
            Problem::Node(err) if status_of(err) == StatusCode::INTERNAL_SERVER_ERROR => {
                tracing::error!(error = %err, "internal error on a page")
            }
            _ => {}
        }
        let page = self.page();
        let mut response = page.status.into_response();
        response.extensions_mut().insert(page);
        response
    }
}

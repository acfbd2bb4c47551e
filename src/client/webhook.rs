//! The outbound webhook call: one POST of a signed notice to the operator's URL, with connect
//! and call timeouts and no redirects followed. Errors never carry the URL (it may hold
//! credentials); [`WebhookClient::display_url`] names only the scheme, host and port.

use std::time::Duration;

/// Longest wait to connect.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest wait for a whole call.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a delivery failed.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// The receiver answered with a status other than 2xx (a redirect included).
    #[error("the receiver answered http {0}")]
    Status(u16),
    /// The receiver could not be reached, or timed out.
    #[error("cannot reach the receiver: {0}")]
    Transport(String),
    /// The configured URL is not an http(s) URL.
    #[error("the webhook url is not an http(s) url")]
    InvalidUrl,
}

/// The signed headers of one notice.
#[derive(Debug, Clone)]
pub struct WebhookHeaders<'a> {
    /// `Plenary-Node`.
    pub node: &'a str,
    /// `Plenary-Timestamp`.
    pub timestamp: &'a str,
    /// `Plenary-Signature`.
    pub signature: &'a str,
}

/// A client bound to one webhook URL.
pub struct WebhookClient {
    url: reqwest::Url,
    http: reqwest::Client,
}

impl WebhookClient {
    /// A client for `url` (http or https).
    pub fn new(url: &str) -> Result<WebhookClient, WebhookError> {
        let url = reqwest::Url::parse(url).map_err(|_| WebhookError::InvalidUrl)?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(WebhookError::InvalidUrl);
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(CALL_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| WebhookError::Transport(err.without_url().to_string()))?;
        Ok(WebhookClient { url, http })
    }

    /// `scheme://host[:port]`: the URL without credentials, path or query, for logs.
    pub fn display_url(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port() {
            Some(port) => format!("{}://{host}:{port}", self.url.scheme()),
            None => format!("{}://{host}", self.url.scheme()),
        }
    }

    /// POSTs `body` (JSON) with the signed headers; only a 2xx answer counts as delivered.
    pub async fn post(
        &self,
        headers: &WebhookHeaders<'_>,
        body: Vec<u8>,
    ) -> Result<(), WebhookError> {
        let response = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Plenary-Node", headers.node)
            .header("Plenary-Timestamp", headers.timestamp)
            .header("Plenary-Signature", headers.signature)
            .body(body)
            .send()
            .await
            .map_err(|err| WebhookError::Transport(err.without_url().to_string()))?;
        let status = response.status();
        if status.is_success() { Ok(()) } else { Err(WebhookError::Status(status.as_u16())) }
    }
}

//! A client of a node's JSON API (reqwest), used by the CLI's client and admin commands. The
//! only module that touches reqwest.

pub mod peer;
pub mod webhook;

use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why an API call failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The node answered with an error body.
    #[error("{message} ({code}, http {status})")]
    Api {
        /// HTTP status.
        status: u16,
        /// The error code.
        code: String,
        /// The node's message.
        message: String,
    },
    /// The node could not be reached or answered garbage.
    #[error("cannot reach the node at {url}: {reason}")]
    Transport {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The node URL is not an http(s) URL.
    #[error("{0:?} is not a node url (expected http://host:port or https://host)")]
    InvalidUrl(String),
    /// A local file could not be read.
    #[error("cannot read {path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// A client bound to one node and (optionally) one bearer token.
pub struct ApiClient {
    base: String,
    token: Option<String>,
    http: reqwest::Client,
}

impl ApiClient {
    /// A client for the node at `base` (e.g. `http://127.0.0.1:7700`).
    pub fn new(base: &str, token: Option<String>) -> Result<ApiClient, ClientError> {
        let scheme_ok = base.starts_with("http://") || base.starts_with("https://");
        if !scheme_ok || reqwest::Url::parse(base).is_err() {
            return Err(ClientError::InvalidUrl(base.into()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| ClientError::Transport { url: base.into(), reason: err.to_string() })?;
        Ok(ApiClient { base: base.trim_end_matches('/').to_owned(), token, http })
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self
            .http
            .request(method, format!("{}{path}", self.base))
            .timeout(Duration::from_secs(60));
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let transport = |err: reqwest::Error| ClientError::Transport {
            url: self.base.clone(),
            reason: err.to_string(),
        };
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(transport)?;
        if status.is_success() {
            let bytes = if bytes.is_empty() { &b"null"[..] } else { &bytes[..] };
            return serde_json::from_slice(bytes).map_err(|err| ClientError::Transport {
                url: self.base.clone(),
                reason: err.to_string(),
            });
        }
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
        Err(ClientError::Api {
            status: status.as_u16(),
            code: text("code").unwrap_or_else(|| "http_error".into()),
            message: text("message")
                .unwrap_or_else(|| String::from_utf8_lossy(&bytes).chars().take(200).collect()),
        })
    }

    /// `GET path` as JSON.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.send(self.request(reqwest::Method::GET, path)).await
    }

    /// `GET path` as text (a CSV export); an error body is read as the API's JSON error.
    pub async fn get_text(&self, path: &str) -> Result<String, ClientError> {
        let transport = |err: reqwest::Error| ClientError::Transport {
            url: self.base.clone(),
            reason: err.to_string(),
        };
        let response = self.request(reqwest::Method::GET, path).send().await.map_err(transport)?;
        let status = response.status();
        let text = response.text().await.map_err(transport)?;
        if status.is_success() {
            return Ok(text);
        }
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let field = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
        Err(ClientError::Api {
            status: status.as_u16(),
            code: field("code").unwrap_or_else(|| "http_error".into()),
            message: field("message").unwrap_or_else(|| text.chars().take(200).collect()),
        })
    }

    /// `GET path?query` as JSON.
    pub async fn get_query<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ClientError> {
        self.send(self.request(reqwest::Method::GET, path).query(query)).await
    }

    /// `POST path` with a JSON body.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, ClientError> {
        self.send(self.request(reqwest::Method::POST, path).json(body)).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put(&self, path: &str, body: &impl Serialize) -> Result<(), ClientError> {
        self.send::<Value>(self.request(reqwest::Method::PUT, path).json(body)).await.map(|_| ())
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> Result<(), ClientError> {
        self.send::<Value>(self.request(reqwest::Method::DELETE, path)).await.map(|_| ())
    }

    /// Streams a local file to `POST /api/v1/blobs`; returns `{sha256, size}`.
    pub async fn upload(&self, path: &Path) -> Result<Value, ClientError> {
        let file_error = |err: std::io::Error| ClientError::File {
            path: path.display().to_string(),
            reason: err.to_string(),
        };
        let file = tokio::fs::File::open(path).await.map_err(file_error)?;
        let length = file.metadata().await.map_err(file_error)?.len();
        let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(file));
        let builder = self
            .request(reqwest::Method::POST, "/api/v1/blobs")
            .timeout(Duration::from_secs(3600))
            .header(reqwest::header::CONTENT_LENGTH, length)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(body);
        self.send(builder).await
    }
}

//! The outbound side of the federation protocol: signed calls to one peer's `/fed/v1`
//! endpoints and its unsigned well-known document. Every call has a timeout, every response a
//! size cap, and no redirect is followed (a peer is reached at the URL it was added with).

use std::time::Duration;

use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::model::NodeId;
use crate::model::request::RequestAuth;

/// Time allowed for connecting to a peer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Time allowed for a whole call.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest response accepted (a log page is at most ~4 MiB of JSON plus one record).
const MAX_RESPONSE_BYTES: usize = 16 << 20;
/// Time allowed for one file transfer (an unfinished one resumes at the next attempt); reads
/// idle for [`CALL_TIMEOUT`] end it sooner.
const FILE_TIMEOUT: Duration = Duration::from_secs(600);

/// Why a call to a peer failed.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    /// The peer could not be reached, timed out, or broke off.
    #[error("cannot reach {url}: {reason}")]
    Unreachable {
        /// The URL called.
        url: String,
        /// Why.
        reason: String,
    },
    /// The peer answered with an error status.
    #[error("{url} answered {status}: {body}")]
    Status {
        /// The URL called.
        url: String,
        /// The status.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// The response is larger than allowed or not the expected JSON.
    #[error("{url} sent an unusable response: {reason}")]
    BadResponse {
        /// The URL called.
        url: String,
        /// Why.
        reason: String,
    },
}

/// Signs a request for the peer: (method, path and query, body) → the header.
pub type Signer<'a> = dyn Fn(&str, &str, &[u8]) -> RequestAuth + Send + Sync + 'a;

/// A peer's well-known document (the fields a node checks).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct WellKnown {
    /// The peer's node id.
    pub node_id: NodeId,
    /// Its name.
    #[serde(default)]
    pub name: serde_json::Value,
    /// Its acronym.
    #[serde(default)]
    pub acronym: serde_json::Value,
    /// The URL it says it is reached at.
    #[serde(default)]
    pub public_url: serde_json::Value,
    /// Its signing keys in force.
    #[serde(default)]
    pub keys: Vec<crate::model::KeyId>,
}

/// One origin's head as a peer reports it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct PeerHead {
    /// The origin.
    pub origin: NodeId,
    /// Its highest seq the peer holds.
    pub seq: u64,
}

/// A page of a log as a peer serves it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct PeerPage {
    /// The records, in order.
    pub records: Vec<serde_json::Value>,
    /// Whether more follow.
    pub more: bool,
}

/// A file transfer under way: the bytes from offset `from` on.
pub struct Download {
    /// Where the bytes start in the file.
    pub from: u64,
    /// The bytes.
    pub stream:
        std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<bytes::Bytes, PeerError>> + Send>>,
}

/// A client of one peer.
pub struct PeerClient {
    http: reqwest::Client,
    base: String,
}

impl PeerClient {
    /// A client of the peer at `url` (`http(s)://host[:port]`).
    pub fn new(url: &str) -> Result<PeerClient, PeerError> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(CALL_TIMEOUT)
            .read_timeout(CALL_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| PeerError::Unreachable { url: url.into(), reason: err.to_string() })?;
        Ok(PeerClient { http, base: url.trim_end_matches('/').to_owned() })
    }

    /// `GET /.well-known/plenary` (unsigned).
    pub async fn well_known(&self) -> Result<WellKnown, PeerError> {
        self.call("/.well-known/plenary", None).await
    }

    /// `GET /fed/v1/heads`.
    pub async fn heads(&self, signer: &Signer<'_>) -> Result<Vec<PeerHead>, PeerError> {
        self.call("/fed/v1/heads", Some(signer)).await
    }

    /// `GET /fed/v1/log/{origin}?after=&limit=`.
    pub async fn log(
        &self,
        signer: &Signer<'_>,
        origin: &NodeId,
        after: u64,
        limit: usize,
    ) -> Result<PeerPage, PeerError> {
        let path = format!("/fed/v1/log/{origin}?after={after}&limit={limit}");
        self.call(&path, Some(signer)).await
    }

    /// `POST /fed/v1/notify` with `{heads}`: tells the peer this node holds news.
    pub async fn notify(
        &self,
        signer: &Signer<'_>,
        heads: &[impl serde::Serialize],
    ) -> Result<(), PeerError> {
        #[derive(serde::Serialize)]
        struct Notice<'a, H> {
            heads: &'a [H],
        }
        let body = serde_json::to_vec(&Notice { heads }).map_err(|err| PeerError::BadResponse {
            url: self.base.clone(),
            reason: err.to_string(),
        })?;
        let _: serde_json::Value = self.send("POST", "/fed/v1/notify", Some(signer), body).await?;
        Ok(())
    }

    /// `GET /fed/v1/blobs/{sha256}` from byte `offset` on (a `Range` request when not 0). The
    /// peer may answer with the whole file; [`Download::from`] says where its bytes start.
    pub async fn blob(
        &self,
        signer: &Signer<'_>,
        sha256: &crate::model::Sha256,
        offset: u64,
    ) -> Result<Download, PeerError> {
        let path = format!("/fed/v1/blobs/{sha256}");
        let url = format!("{}{path}", self.base);
        let mut request = self
            .http
            .get(&url)
            .timeout(FILE_TIMEOUT)
            .header("authorization", signer("GET", &path, &[]).to_string());
        if offset > 0 {
            request = request.header("range", format!("bytes={offset}-"));
        }
        let unreachable = |err: reqwest::Error| PeerError::Unreachable {
            url: url.clone(),
            reason: err.to_string(),
        };
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        let from = match status.as_u16() {
            200 => 0,
            206 => range_start(&response).filter(|start| *start == offset).ok_or_else(|| {
                PeerError::BadResponse {
                    url: url.clone(),
                    reason: "unexpected Content-Range".into(),
                }
            })?,
            _ => {
                let body = read_capped(response, &url).await?;
                let text = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
                return Err(PeerError::Status { url, status: status.as_u16(), body: text });
            }
        };
        let stream = response.bytes_stream().map(move |chunk| {
            chunk
                .map_err(|err| PeerError::Unreachable { url: url.clone(), reason: err.to_string() })
        });
        Ok(Download { from, stream: Box::pin(stream) })
    }

    async fn call<T: DeserializeOwned>(
        &self,
        path: &str,
        signer: Option<&Signer<'_>>,
    ) -> Result<T, PeerError> {
        self.send("GET", path, signer, Vec::new()).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        signer: Option<&Signer<'_>>,
        body: Vec<u8>,
    ) -> Result<T, PeerError> {
        let url = format!("{}{path}", self.base);
        let unreachable = |err: reqwest::Error| PeerError::Unreachable {
            url: url.clone(),
            reason: err.to_string(),
        };
        let verb = if method == "POST" { reqwest::Method::POST } else { reqwest::Method::GET };
        let mut request = self.http.request(verb, &url);
        if let Some(signer) = signer {
            request = request.header("authorization", signer(method, path, &body).to_string());
        }
        if !body.is_empty() {
            request = request.header("content-type", "application/json").body(body);
        }
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        let body = read_capped(response, &url).await?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            return Err(PeerError::Status { url, status: status.as_u16(), body: text });
        }
        serde_json::from_slice(&body)
            .map_err(|err| PeerError::BadResponse { url, reason: err.to_string() })
    }
}

/// The first byte of a `206` response's `Content-Range: bytes START-END/TOTAL`.
fn range_start(response: &reqwest::Response) -> Option<u64> {
    let value = response.headers().get("content-range")?.to_str().ok()?;
    value.strip_prefix("bytes ")?.split('-').next()?.parse().ok()
}

/// The body, refused once it passes [`MAX_RESPONSE_BYTES`] (never buffered beyond it).
async fn read_capped(response: reqwest::Response, url: &str) -> Result<Vec<u8>, PeerError> {
    let mut body = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|err| PeerError::Unreachable { url: url.into(), reason: err.to_string() })?;
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(PeerError::BadResponse {
                url: url.into(),
                reason: format!("response larger than {MAX_RESPONSE_BYTES} bytes"),
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

//! Wiring: config and key → node → router → `run(listener, shutdown)`. The listener is bound by
//! the caller, so tests bind port 0 first and learn the address before the node serves.

use std::future::Future;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::crypto::NodeKey;
use crate::http::{AppState, app};
use crate::model::Sha256;
use crate::model::ids::encode_b64;
use crate::node::{Node, NodeError, Settings};

/// File in the data directory telling local operator commands how to reach the running node:
/// `{"url", "token"}` (mode 0600), rewritten at every start.
pub const CONTROL_FILE: &str = "control.json";

/// What [`CONTROL_FILE`] holds.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Control {
    /// Where the running node answers (its bound address, on loopback when bound to all).
    pub url: String,
    /// The control token: acts as an admin.
    pub token: String,
}

/// A node ready to serve.
pub struct Prepared {
    /// The core, shared with the router.
    pub node: Arc<Node>,
    /// The router's state.
    pub state: AppState,
    /// The first admin's password when this start created it (print it once).
    pub first_admin_password: Option<String>,
}

/// Opens the node, creates the first admin if there is none, and writes a fresh control file
/// naming `bound`, the address the caller's listener actually has.
pub async fn prepare(
    config: &Config,
    key: NodeKey,
    bound: SocketAddr,
) -> Result<Prepared, NodeError> {
    prepare_with(config, key, bound, Settings::from_config(config)).await
}

/// [`prepare`] with explicit node settings (tests name the extraction worker binary).
pub async fn prepare_with(
    config: &Config,
    key: NodeKey,
    bound: SocketAddr,
    settings: Settings,
) -> Result<Prepared, NodeError> {
    let node = Arc::new(Node::open_with(config, key, settings).await?);
    let first_admin_password = node.ensure_first_admin().await?;
    let interval = Duration::from_secs(config.federation.sync_interval_secs);
    crate::sync::start(node.clone(), &config.federation.peers, interval);
    if let Some(url) = &config.notifications.webhook_url {
        crate::webhook::start(node.clone(), url)?;
    }
    let control = Control {
        url: format!("http://{}", loopback(bound)),
        token: encode_b64(&rand::random::<[u8; 32]>()),
    };
    write_control_file(&config.node.data_dir.join(CONTROL_FILE), &control)
        .map_err(|err| NodeError::Store(err.into()))?;
    let state = AppState {
        node: node.clone(),
        control_token: Some(Sha256::of(control.token.as_bytes())),
        request_timeout: Duration::from_secs(config.limits.request_timeout_secs),
        transfer_timeout: Duration::from_secs(config.limits.transfer_timeout_secs),
    };
    Ok(Prepared { node, state, first_admin_password })
}

/// The address local clients dial: a wildcard bind is reached on loopback.
fn loopback(mut address: SocketAddr) -> SocketAddr {
    if address.ip().is_unspecified() {
        let ip: IpAddr =
            if address.is_ipv4() { Ipv4Addr::LOCALHOST.into() } else { Ipv6Addr::LOCALHOST.into() };
        address.set_ip(ip);
    }
    address
}

/// Replaces the control file (mode 0600) atomically.
fn write_control_file(path: &Path, control: &Control) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
    file.write_all(&serde_json::to_vec(control).unwrap_or_default())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// Serves the API on `listener` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Without TCP_NODELAY a response written in two parts (headers, then a file body) waits
    // for the client's delayed ACK: about 40 ms per download.
    let listener = listener.tap_io(|tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::warn!(error = %err, "cannot set TCP_NODELAY");
        }
    });
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}

//! Wiring: the one task that delivers this node's webhook notices. It follows the node's
//! `Appended` events only as wake-ups — the outbox judges records from its own durable cursor
//! in arrival order (`node::outbox`), so lag or a restart loses nothing — and posts every due
//! delivery in turn through `client::webhook`, signed with the node's key. A failure is retried
//! with capped exponential backoff; one warning per outage, one per dropped notice.

use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;

use crate::client::webhook::{WebhookClient, WebhookError, WebhookHeaders};
use crate::node::outbox::{Delivery, Retry};
use crate::node::{Node, NodeError};

/// Longest sleep with nothing due (a safety net; events wake the task sooner).
const IDLE_WAIT: Duration = Duration::from_secs(60);
/// Wait after the node itself failed (a store error), before trying again.
const NODE_ERROR_WAIT: Duration = Duration::from_secs(5);

/// The running delivery task.
pub struct WebhookTask {
    handle: JoinHandle<()>,
}

impl WebhookTask {
    /// Stops the task and waits until it has let go of the node.
    pub async fn stop(self) {
        self.handle.abort();
        let _ = self.handle.await;
    }
}

/// Starts delivering `node`'s notices to `url`. Records judged from now on: on a node's first
/// start with a webhook the outbox's cursor is set here, before anything else can arrive.
pub fn start(node: Arc<Node>, url: &str) -> Result<WebhookTask, NodeError> {
    let client = WebhookClient::new(url).map_err(|err: WebhookError| {
        NodeError::invalid("notifications.webhook_url", err.to_string())
    })?;
    node.queue_notices(OffsetDateTime::now_utc())?;
    tracing::info!(url = %client.display_url(), "webhook notices enabled");
    Ok(WebhookTask { handle: tokio::spawn(deliver_forever(node, client)) })
}

async fn deliver_forever(node: Arc<Node>, client: WebhookClient) {
    let mut events = node.subscribe();
    let mut failing = false;
    loop {
        let wait = match round(&node, &client, &mut failing).await {
            Ok(wait) => wait,
            Err(err) => {
                tracing::warn!(error = %err, "webhook outbox failed; retrying");
                NODE_ERROR_WAIT
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            event = events.recv() => if let Err(RecvError::Closed) = event { return },
        }
        while events.try_recv().is_ok() {}
    }
}

/// Queues notices for new records, attempts every due delivery; returns how long to sleep.
async fn round(
    node: &Node,
    client: &WebhookClient,
    failing: &mut bool,
) -> Result<Duration, NodeError> {
    node.queue_notices(OffsetDateTime::now_utc())?;
    for delivery in node.due_deliveries(OffsetDateTime::now_utc())? {
        attempt(node, client, delivery, failing).await?;
    }
    let next = node.next_delivery_in(OffsetDateTime::now_utc())?;
    let next = next.map(|ms| Duration::from_millis(u64::try_from(ms).unwrap_or(0)));
    Ok(next.map_or(IDLE_WAIT, |wait| wait.min(IDLE_WAIT)))
}

async fn attempt(
    node: &Node,
    client: &WebhookClient,
    delivery: Delivery,
    failing: &mut bool,
) -> Result<(), NodeError> {
    let signed = node.sign_webhook(&delivery.body, OffsetDateTime::now_utc());
    let headers = WebhookHeaders {
        node: &signed.node,
        timestamp: &signed.timestamp,
        signature: &signed.signature,
    };
    match client.post(&headers, delivery.body).await {
        Ok(()) => {
            if std::mem::take(failing) {
                tracing::info!(url = %client.display_url(), "webhook receiver accepts notices again");
            }
            node.delivered(&delivery.record)
        }
        Err(err) => {
            if !*failing {
                tracing::warn!(url = %client.display_url(), error = %err, "webhook delivery failed; retrying with backoff");
                *failing = true;
            }
            if node.delivery_failed(&delivery.record, OffsetDateTime::now_utc())? == Retry::Dropped
            {
                tracing::warn!(record = %delivery.record, attempts = delivery.attempts + 1, "webhook notice dropped after 24 hours of failed deliveries");
            }
            Ok(())
        }
    }
}

//! Ingest: a record signed elsewhere, checked in the protocol's order (DESIGN §3): parse with size
//! limits → header schema → signature → chain → body hash → body schema → authorisation rules →
//! durable store. The stateless checks run here in the caller's task (in parallel across
//! callers); the writer checks the chain and the rules against the log and reports the body
//! verdicts after the chain verdict, so refusals come in protocol order.

use serde_json::Value;

use super::Node;
use super::commit::{Arrived, Committed, Job};
use super::error::NodeError;
use super::publish::prefix_json_error;
use crate::crypto;
use crate::model::json::{check_strict, parse_strict};
use crate::model::links::{Links, links};
use crate::model::record::body_hash;
use crate::model::{Header, Record};

impl Node {
    /// Ingests a record from its wire bytes.
    pub async fn ingest_bytes(&self, bytes: &[u8]) -> Result<Committed, NodeError> {
        if bytes.len() > self.settings.record_bytes {
            return Err(NodeError::TooLarge { limit: self.settings.record_bytes });
        }
        let value = parse_strict(bytes)?;
        self.ingest_value(value).await
    }

    /// Ingests a record already parsed as strict JSON.
    pub async fn ingest_value(&self, value: Value) -> Result<Committed, NodeError> {
        let arrived = self.arrive(value)?;
        let committed =
            self.committer.submit(|reply| Job::Ingest(Box::new(arrived), reply)).await?;
        if !committed.already_held {
            self.want_attachments(&committed.record);
        }
        self.note_bodiless(&committed);
        Ok(committed)
    }

    /// Ingests records in log order (a page of a peer's log) with the checks of
    /// [`Node::ingest_value`], queued for the writer together so they share group commits.
    /// Returns the outcome of each record up to and including the first refused one (the
    /// records after it could not chain).
    pub async fn ingest_page(&self, values: Vec<Value>) -> Vec<Result<Committed, NodeError>> {
        let mut arrivals = Vec::with_capacity(values.len());
        let mut refused = None;
        for (n, value) in values.into_iter().enumerate() {
            if n % 64 == 63 {
                // Verifying a page takes tens of milliseconds: let other tasks run.
                tokio::task::yield_now().await;
            }
            match self.arrive(value) {
                Ok(arrived) => arrivals.push(arrived),
                Err(err) => {
                    refused = Some(err);
                    break;
                }
            }
        }
        let mut outcomes = self.committer.ingest_all(arrivals).await;
        if let Some(position) = outcomes.iter().position(Result::is_err) {
            outcomes.truncate(position + 1);
        } else if let Some(err) = refused {
            outcomes.push(Err(err));
        }
        for committed in outcomes.iter().flatten().filter(|c| !c.already_held) {
            self.want_attachments(&committed.record);
            self.note_bodiless(committed);
        }
        outcomes
    }

    /// The stateless checks: wire form, header schema, signature; the body's verdict is
    /// computed now and reported after the chain check.
    fn arrive(&self, value: Value) -> Result<Arrived, NodeError> {
        let record = self.check_wire_form(value)?;
        crypto::verify_header(&record.header, &record.sig)
            .map_err(|err| NodeError::BadSignature(err.to_string()))?;
        let body_verdict = self.check_body(&record);
        Ok(Arrived { record, body_verdict })
    }

    /// Ingests a typed record (federation pages); same checks as [`Node::ingest_value`].
    pub async fn ingest(&self, record: Record) -> Result<Committed, NodeError> {
        let value = serde_json::to_value(&record)
            .map_err(|err| NodeError::invalid("/", err.to_string()))?;
        self.ingest_value(value).await
    }

    fn check_wire_form(&self, mut value: Value) -> Result<Record, NodeError> {
        check_strict(&value)?;
        let Some(object) = value.as_object_mut() else {
            return Err(schema_error("", "a record must be an object {header, sig, body?}"));
        };
        if let Some(extra) =
            object.keys().find(|k| !matches!(k.as_str(), "header" | "sig" | "body"))
        {
            return Err(schema_error(&format!("/{extra}"), "unknown member of a record"));
        }
        let header_value =
            object.remove("header").ok_or_else(|| schema_error("/header", "missing"))?;
        self.schemas
            .validate_header(&header_value)
            .map_err(|err| schema_error(&format!("/header{}", err.pointer), &err.message))?;
        let header: Header = serde_json::from_value(header_value)
            .map_err(|err| schema_error("/header", &err.to_string()))?;
        if header.created_at_time().is_none() {
            return Err(schema_error("/header/created_at", "not a valid rfc 3339 utc time"));
        }
        let sig = match object.remove("sig") {
            Some(Value::String(sig)) => sig,
            _ => return Err(schema_error("/sig", "must be a base64url signature string")),
        };
        Ok(Record { header, sig, body: object.remove("body") })
    }

    fn check_body(&self, record: &Record) -> Result<Links, NodeError> {
        let Some(body) = &record.body else { return Ok(Links::default()) };
        check_strict(body).map_err(|err| prefix_json_error(err, "/body"))?;
        if body_hash(body) != record.header.body_hash {
            return Err(NodeError::BodyHashMismatch);
        }
        let kind = record.header.kind;
        self.schemas
            .validate_body(kind, body)
            .map_err(|err| schema_error(&format!("/body{}", err.pointer), &err.message))?;
        crate::model::semantics::check(kind, body)
            .map_err(|err| schema_error(&format!("/body{}", err.field), &err.reason))?;
        links(kind, body).map_err(|err| schema_error(&format!("/body{}", err.field), &err.reason))
    }
}

fn schema_error(pointer: &str, message: &str) -> NodeError {
    NodeError::Schema { pointer: pointer.into(), message: message.into() }
}

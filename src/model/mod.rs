//! The record model: strict and canonical JSON, identifiers, the wire form of records, body
//! links, typed views of readable bodies and schema validation. Pure: no I/O, no clocks, no keys.

pub mod bodies;
pub mod checkpoint;
pub mod ids;
pub mod json;
pub mod links;
pub mod merkle;
pub mod record;
pub mod request;
pub mod schema;
pub mod semantics;

pub use ids::{KeyId, NodeId, RecordId, Sha256};
pub use record::{Audience, Header, Kind, Record, Visibility};

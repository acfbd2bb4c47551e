//! Plenary: a federated e-portal for international organisations.
//!
//! Each organisation runs a node that signs the records its staff publish, stores them durably,
//! and (in later layers) shares them with partner nodes and indexes them for search. The crate is
//! layered; each layer imports only from the ones below it:
//!
//! | layer | modules | owns |
//! |---|---|---|
//! | wiring | [`cli`], [`server`], [`webhook`] | commands, config → bind → run; delivering webhook notices |
//! | interfaces | [`http`], [`portal`], [`client`] | the JSON API (axum), the web portal over the same core, and the API client (reqwest) |
//! | core | [`node`] | publish, ingest, reads, accounts: every invariant |
//! | storage | [`store`], [`index`], [`extract`] | sled trees and files; the tantivy index; text extraction in worker processes |
//! | pure | [`model`], [`crypto`], [`config`] | records, canonical JSON, schemas, Ed25519, config |

pub mod cli;
pub mod client;
pub mod config;
pub mod crypto;
pub mod extract;
pub mod http;
pub mod index;
pub mod model;
pub mod node;
pub mod portal;
pub mod server;
pub mod store;
pub mod sync;
pub mod webhook;

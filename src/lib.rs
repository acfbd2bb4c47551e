//! tmp
pub mod config;
pub mod crypto;
pub mod model;
pub mod store;

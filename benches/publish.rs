//! Publish benchmark (placeholder until written).
fn main() {}

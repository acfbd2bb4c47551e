//! The full-text index (tantivy): being built.

//! JSON Schema (draft 2020-12) validation of headers and bodies against the schemas in
//! `schemas/`, which are compiled into the binary so a node never reads or fetches a schema at
//! run time. A refusal names the failing field as a JSON pointer.

use std::collections::BTreeMap;

use jsonschema::{Registry, Validator};
use serde_json::Value;

use super::record::Kind;

/// Where the schemas' `$id`s live; relative `$ref`s resolve against it.
pub const SCHEMA_BASE: &str = "https://schemas.plenary.dev/v1/";

/// Every schema file, by file name, as compiled into the binary.
pub const SOURCES: [(&str, &str); 13] = [
    ("common.schema.json", include_str!("../../schemas/common.schema.json")),
    ("header.schema.json", include_str!("../../schemas/header.schema.json")),
    ("node.schema.json", include_str!("../../schemas/node.schema.json")),
    ("document.schema.json", include_str!("../../schemas/document.schema.json")),
    ("meeting.schema.json", include_str!("../../schemas/meeting.schema.json")),
    ("working_group.schema.json", include_str!("../../schemas/working_group.schema.json")),
    ("comment.schema.json", include_str!("../../schemas/comment.schema.json")),
    ("rsvp.schema.json", include_str!("../../schemas/rsvp.schema.json")),
    ("survey.schema.json", include_str!("../../schemas/survey.schema.json")),
    ("survey_response.schema.json", include_str!("../../schemas/survey_response.schema.json")),
    ("endorsement.schema.json", include_str!("../../schemas/endorsement.schema.json")),
    ("retraction.schema.json", include_str!("../../schemas/retraction.schema.json")),
    ("key.schema.json", include_str!("../../schemas/key.schema.json")),
];

/// A value that does not match its schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct SchemaError {
    /// JSON pointer of the failing value, relative to the validated document ("" for the root).
    pub pointer: String,
    /// What the schema expected.
    pub message: String,
}

/// A schema file that does not compile (a build defect, caught by this module's tests).
#[derive(Debug, thiserror::Error)]
#[error("schema {file}: {reason}")]
pub struct SchemaLoadError {
    file: String,
    reason: String,
}

/// The compiled validators for the header and every kind.
pub struct Schemas {
    header: Validator,
    bodies: BTreeMap<Kind, Validator>,
}

impl Schemas {
    /// Compiles every embedded schema.
    pub fn load() -> Result<Schemas, SchemaLoadError> {
        let mut builder = Registry::new();
        for (file, text) in SOURCES {
            let schema = parse_source(file, text)?;
            builder = builder
                .add(format!("{SCHEMA_BASE}{file}"), schema)
                .map_err(|err| load_error(file, err))?;
        }
        let registry = builder.prepare().map_err(|err| load_error("registry", err))?;
        let compile = |file: &str| -> Result<Validator, SchemaLoadError> {
            let text = SOURCES.iter().find(|(name, _)| *name == file).map(|(_, text)| *text);
            let schema = parse_source(file, text.unwrap_or("null"))?;
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .with_registry(&registry)
                .build(&schema)
                .map_err(|err| load_error(file, err))
        };
        let header = compile("header.schema.json")?;
        let mut bodies = BTreeMap::new();
        for kind in Kind::ALL {
            bodies.insert(kind, compile(&format!("{}.schema.json", kind.as_str()))?);
        }
        Ok(Schemas { header, bodies })
    }

    /// Validates a record header.
    pub fn validate_header(&self, header: &Value) -> Result<(), SchemaError> {
        first_error(&self.header, header)
    }

    /// Validates the body of a `kind` record.
    pub fn validate_body(&self, kind: Kind, body: &Value) -> Result<(), SchemaError> {
        match self.bodies.get(&kind) {
            Some(validator) => first_error(validator, body),
            None => Err(SchemaError {
                pointer: String::new(),
                message: format!("no schema for {kind}"),
            }),
        }
    }
}

fn parse_source(file: &str, text: &str) -> Result<Value, SchemaLoadError> {
    serde_json::from_str(text).map_err(|err| load_error(file, err))
}

fn load_error(file: &str, err: impl std::fmt::Display) -> SchemaLoadError {
    SchemaLoadError { file: file.into(), reason: err.to_string() }
}

/// The longest schema message passed on; messages can quote the (user-supplied) instance.
const MAX_MESSAGE_CHARS: usize = 300;

fn first_error(validator: &Validator, instance: &Value) -> Result<(), SchemaError> {
    match validator.validate(instance) {
        Ok(()) => Ok(()),
        Err(err) => {
            let full = err.to_string();
            let mut message: String = full.chars().take(MAX_MESSAGE_CHARS).collect();
            if message.len() < full.len() {
                message.push('…');
            }
            Err(SchemaError { pointer: err.instance_path().as_str().to_owned(), message })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_embedded_schema_compiles() {
        Schemas::load().unwrap();
    }

    #[test]
    fn errors_name_the_field() {
        let schemas = Schemas::load().unwrap();
        let err = schemas.validate_body(Kind::Document, &json!({"title": 5, "language": "en"}));
        assert_eq!(err.unwrap_err().pointer, "/title");
        let err = schemas
            .validate_body(Kind::Document, &json!({"title": "x", "language": "en", "bogus": 1}));
        assert!(err.is_err());
    }
}

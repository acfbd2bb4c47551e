//! The schema fixtures in `schemas/examples/<kind>/{valid,invalid}` against the schemas the
//! node compiles in: every valid example passes, every invalid one fails, for every kind and the
//! header.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use plenary::model::Kind;
use plenary::model::json::parse_strict;
use plenary::model::schema::{SchemaError, Schemas};
use serde_json::Value;

fn examples(kind: &str, verdict: &str) -> Vec<(PathBuf, Value)> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/examples").join(kind).join(verdict);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            // Fixtures are JSON text; floats in invalid fixtures must still reach the schema, so
            // parse leniently here (the strict parser is tested separately).
            let value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            (path, value)
        })
        .collect()
}

fn validate(schemas: &Schemas, kind: &str, value: &Value) -> Result<(), SchemaError> {
    match kind {
        "header" => schemas.validate_header(value),
        name => schemas.validate_body(name.parse::<Kind>().unwrap(), value),
    }
}

#[test]
fn every_fixture_gets_its_verdict() {
    let schemas = Schemas::load().unwrap();
    let names = std::iter::once("header").chain(Kind::ALL.iter().map(|k| k.as_str()));
    let (mut valid, mut invalid) = (0, 0);
    for kind in names {
        let passing = examples(kind, "valid");
        let failing = examples(kind, "invalid");
        assert!(
            passing.len() >= 2 && failing.len() >= 3,
            "{kind} needs at least 2 valid and 3 invalid examples"
        );
        for (path, value) in passing {
            validate(&schemas, kind, &value)
                .unwrap_or_else(|err| panic!("{} should pass: {err}", path.display()));
            valid += 1;
        }
        for (path, value) in failing {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let float_example = file.starts_with("float-");
            match validate(&schemas, kind, &value) {
                Err(_) => {}
                // A fraction-free float such as 1.0 is an integer to JSON Schema: the strict
                // parser is what refuses it, so such a fixture must fail there instead.
                Ok(()) if float_example => {
                    assert!(parse_strict(&std::fs::read(&path).unwrap()).is_err())
                }
                Ok(()) => panic!("{} should fail", path.display()),
            }
            invalid += 1;
        }
    }
    assert!(valid >= 24 && invalid >= 36, "{valid} valid, {invalid} invalid");
}

#[test]
fn every_float_fixture_is_refused_by_the_strict_parser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/examples");
    let mut floats = 0;
    for kind in std::fs::read_dir(&root).unwrap() {
        for (path, _) in examples(&kind.unwrap().file_name().to_string_lossy(), "invalid") {
            if path.file_name().unwrap().to_string_lossy().starts_with("float-") {
                assert!(
                    parse_strict(&std::fs::read(&path).unwrap()).is_err(),
                    "{}",
                    path.display()
                );
                floats += 1;
            }
        }
    }
    assert!(floats >= 12, "each kind and the header has a float fixture ({floats})");
}

#[test]
fn schema_errors_point_at_the_field() {
    let schemas = Schemas::load().unwrap();
    let (path, value) = examples("document", "invalid")
        .into_iter()
        .find(|(p, _)| p.ends_with("missing-title.json"))
        .unwrap();
    let err = schemas.validate_body(Kind::Document, &value).unwrap_err();
    assert!(err.message.contains("title"), "{}: {err}", path.display());
    let (_, value) = examples("document", "invalid")
        .into_iter()
        .find(|(p, _)| p.ends_with("bad-status.json"))
        .unwrap();
    assert_eq!(schemas.validate_body(Kind::Document, &value).unwrap_err().pointer, "/status");
}

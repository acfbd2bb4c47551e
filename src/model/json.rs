//! Strict JSON in and canonical JSON out.
//!
//! Signed JSON must be unambiguous: this module parses with no duplicate keys, no floating-point
//! numbers and only integers within ±2^53 (the range every JSON implementation holds exactly), and
//! serialises with RFC 8785 (JCS) through `serde_json_canonicalizer`. A refusal names the JSON
//! pointer of the offending value.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The largest magnitude an integer in signed JSON may have: 2^53 − 1.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// How deeply arrays and objects may nest in a record (serde_json's own limit is 128).
pub const MAX_DEPTH: usize = 64;

/// Why a JSON text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// Not JSON at all (syntax, encoding, trailing characters).
    #[error("malformed json: {0}")]
    Syntax(String),
    /// A floating-point number (anything with a fraction or exponent) appeared.
    #[error("floating-point number at {pointer}: signed json allows integers only")]
    Float {
        /// Where the number is.
        pointer: String,
    },
    /// An integer outside ±(2^53 − 1).
    #[error("integer at {pointer} is outside ±(2^53 - 1)")]
    IntegerOutOfRange {
        /// Where the number is.
        pointer: String,
    },
    /// The same key twice in one object.
    #[error("duplicate key {key:?} in the object at {pointer}")]
    DuplicateKey {
        /// The object holding the key twice.
        pointer: String,
        /// The repeated key.
        key: String,
    },
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    #[error("json nested deeper than {MAX_DEPTH} levels at {pointer}")]
    TooDeep {
        /// The value that went too deep.
        pointer: String,
    },
}

impl JsonError {
    /// The JSON pointer of the offending value, when the refusal is about one value.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            JsonError::Syntax(_) => None,
            JsonError::Float { pointer }
            | JsonError::IntegerOutOfRange { pointer }
            | JsonError::DuplicateKey { pointer, .. }
            | JsonError::TooDeep { pointer } => Some(pointer),
        }
    }
}

/// Parses `bytes` as strict JSON (see the module docs).
pub fn parse_strict(bytes: &[u8]) -> Result<Value, JsonError> {
    let trace = Trace::default();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = StrictSeed { trace: &trace, depth: 0 }.deserialize(&mut deserializer);
    let value = match parsed {
        Ok(value) => value,
        Err(err) => return Err(trace.into_error(err)),
    };
    deserializer.end().map_err(|err| JsonError::Syntax(err.to_string()))?;
    Ok(value)
}

/// Checks that an already-parsed value obeys the strict rules (no floats, safe integers).
///
/// Duplicate keys cannot be detected here (a `Value` has already merged them); use
/// [`parse_strict`] on untrusted bytes.
pub fn check_strict(value: &Value) -> Result<(), JsonError> {
    check_value(value, &mut String::new(), 0)
}

fn check_value(value: &Value, pointer: &mut String, depth: usize) -> Result<(), JsonError> {
    if depth > MAX_DEPTH {
        return Err(JsonError::TooDeep { pointer: pointer.clone() });
    }
    match value {
        Value::Number(number) => check_number(number, pointer),
        Value::Array(items) => items.iter().enumerate().try_for_each(|(index, item)| {
            with_segment(pointer, &index.to_string(), |p| check_value(item, p, depth + 1))
        }),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            with_segment(pointer, key, |p| check_value(item, p, depth + 1))
        }),
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(()),
    }
}

fn check_number(number: &serde_json::Number, pointer: &str) -> Result<(), JsonError> {
    let in_range = match (number.as_i64(), number.as_u64()) {
        (Some(signed), _) => signed.abs() <= MAX_SAFE_INTEGER,
        (None, Some(_)) => false,
        (None, None) => return Err(JsonError::Float { pointer: pointer.to_owned() }),
    };
    if in_range {
        Ok(())
    } else {
        Err(JsonError::IntegerOutOfRange { pointer: pointer.to_owned() })
    }
}

fn with_segment<T>(pointer: &mut String, segment: &str, f: impl FnOnce(&mut String) -> T) -> T {
    let len = pointer.len();
    pointer.push('/');
    pointer.push_str(&escape_pointer_segment(segment));
    let out = f(pointer);
    pointer.truncate(len);
    out
}

/// Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The RFC 8785 canonical bytes of `value`.
pub fn canonical_bytes(value: &Value) -> Vec<u8> {
    // A `Value` holds no NaN or infinity and always has string keys, so JCS cannot fail on it.
    serde_json_canonicalizer::to_vec(value).unwrap_or_default()
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// What went wrong deep inside the parse, recorded on the way back up so the error can name a
/// JSON pointer without allocating anything on the success path.
#[derive(Default)]
struct Trace {
    /// Path segments from the failing value up to the root (innermost first).
    segments_reversed: RefCell<Vec<String>>,
    /// The strictness rule that failed, when it was ours rather than a syntax error.
    problem: RefCell<Option<Problem>>,
}

enum Problem {
    Float,
    OutOfRange,
    Duplicate(String),
    TooDeep,
}

impl Trace {
    fn fail<E: de::Error>(&self, problem: Problem) -> E {
        *self.problem.borrow_mut() = Some(problem);
        E::custom("strict json rule")
    }

    fn push_segment(&self, segment: String) {
        self.segments_reversed.borrow_mut().push(segment);
    }

    fn into_error(self, err: serde_json::Error) -> JsonError {
        let mut segments = self.segments_reversed.into_inner();
        segments.reverse();
        let pointer: String =
            segments.iter().map(|s| format!("/{}", escape_pointer_segment(s))).collect();
        match self.problem.into_inner() {
            None => JsonError::Syntax(err.to_string()),
            Some(Problem::Float) => JsonError::Float { pointer },
            Some(Problem::OutOfRange) => JsonError::IntegerOutOfRange { pointer },
            Some(Problem::Duplicate(key)) => JsonError::DuplicateKey { pointer, key },
            Some(Problem::TooDeep) => JsonError::TooDeep { pointer },
        }
    }
}

#[derive(Clone, Copy)]
struct StrictSeed<'t> {
    trace: &'t Trace,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl StrictSeed<'_> {
    fn child(self) -> Self {
        StrictSeed { trace: self.trace, depth: self.depth + 1 }
    }

    fn enter<E: de::Error>(self) -> Result<(), E> {
        if self.depth >= MAX_DEPTH { Err(self.trace.fail(Problem::TooDeep)) } else { Ok(()) }
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a strict json value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        if v.abs() > MAX_SAFE_INTEGER {
            return Err(self.trace.fail(Problem::OutOfRange));
        }
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(signed) => self.visit_i64(signed),
            Err(_) => Err(self.trace.fail(Problem::OutOfRange)),
        }
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Err(self.trace.fail(Problem::Float))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            match seq.next_element_seed(self.child()) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(err) => {
                    self.trace.push_segment(items.len().to_string());
                    return Err(err);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(self.trace.fail(Problem::Duplicate(key)));
            }
            match access.next_value_seed(self.child()) {
                Ok(value) => {
                    map.insert(key, value);
                }
                Err(err) => {
                    self.trace.push_segment(key);
                    return Err(err);
                }
            }
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_integers_strings_and_nesting() {
        let value = parse_strict(br#"{"a":[1,-2,{"b":null,"c":true}],"d":"x"}"#).unwrap();
        assert_eq!(value["a"][2]["c"], Value::Bool(true));
        assert_eq!(canonical_bytes(&value), br#"{"a":[1,-2,{"b":null,"c":true}],"d":"x"}"#);
    }

    #[test]
    fn refuses_floats_with_their_pointer() {
        let err = parse_strict(br#"{"a":{"b/c":[0, 1.5]}}"#).unwrap_err();
        assert_eq!(err, JsonError::Float { pointer: "/a/b~1c/1".into() });
        assert!(matches!(parse_strict(b"1e3"), Err(JsonError::Float { .. })));
    }

    #[test]
    fn refuses_duplicate_keys() {
        let err = parse_strict(br#"{"x":{"k":1,"k":2}}"#).unwrap_err();
        assert_eq!(err, JsonError::DuplicateKey { pointer: "/x".into(), key: "k".into() });
    }

    #[test]
    fn refuses_unsafe_integers() {
        assert!(parse_strict(b"9007199254740991").is_ok());
        assert!(parse_strict(b"-9007199254740991").is_ok());
        let err = parse_strict(b"[9007199254740992]").unwrap_err();
        assert_eq!(err, JsonError::IntegerOutOfRange { pointer: "/0".into() });
        assert!(parse_strict(b"18446744073709551616").is_err());
    }

    #[test]
    fn refuses_syntax_errors_and_trailing_bytes() {
        assert!(matches!(parse_strict(b"{\"a\":"), Err(JsonError::Syntax(_))));
        assert!(matches!(parse_strict(b"{} x"), Err(JsonError::Syntax(_))));
        assert!(matches!(parse_strict(b"\xff"), Err(JsonError::Syntax(_))));
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert!(matches!(parse_strict(deep.as_bytes()), Err(JsonError::TooDeep { .. })));
    }

    #[test]
    fn check_strict_matches_parse_strict() {
        assert!(check_strict(&serde_json::json!({"a": [1, 2]})).is_ok());
        let err = check_strict(&serde_json::json!({"a": [1, 2.5]})).unwrap_err();
        assert_eq!(err, JsonError::Float { pointer: "/a/1".into() });
    }
}

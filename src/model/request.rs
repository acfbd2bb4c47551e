//! The signature on a federation request (DESIGN §3): the `Authorization: Plenary …` header,
//! parsed strictly, and the string it signs. Signing and verifying are `crypto`'s; deciding
//! whether a signed request is admitted (destination, time window, nonce, key, membership) is
//! the node's.

use std::fmt;

use super::{KeyId, NodeId, Sha256};

/// The authorization scheme name.
pub const SCHEME: &str = "Plenary";

/// Longest accepted header value (six fields; generous for the ~270 bytes a real one takes).
const MAX_HEADER_BYTES: usize = 1024;

/// Accepted nonce lengths, in base64url characters (16 random bytes make 22).
const NONCE_CHARS: std::ops::RangeInclusive<usize> = 16..=64;

/// The fields of a signed request's `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestAuth {
    /// The calling node.
    pub origin: NodeId,
    /// The key it signed with.
    pub key: KeyId,
    /// The node the request is for.
    pub destination: NodeId,
    /// Unix seconds when it was signed.
    pub ts: i64,
    /// A random value, never reused within the time window.
    pub nonce: String,
    /// The Ed25519 signature of [`RequestAuth::signed_string`], unpadded base64url.
    pub sig: String,
}

/// Why an `Authorization` header is not a well-formed Plenary signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed Plenary authorization: {0}")]
pub struct AuthParseError(pub String);

fn malformed(reason: impl Into<String>) -> AuthParseError {
    AuthParseError(reason.into())
}

/// What a signature covers of the request itself: method, path with query, body hash.
#[derive(Debug, Clone, Copy)]
pub struct RequestLine<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// The path and query as sent.
    pub path_and_query: &'a str,
    /// SHA-256 of the body bytes (of nothing for a GET).
    pub body: Sha256,
}

impl RequestAuth {
    /// The exact string that is signed for `line`.
    pub fn signed_string(&self, line: &RequestLine<'_>) -> String {
        let RequestLine { method, path_and_query, body } = line;
        format!(
            "plenary-request-v1\n{method}\n{path_and_query}\n{}\n{}\n{}\n{}\n{body}",
            self.origin, self.destination, self.ts, self.nonce
        )
    }

    /// Parses a header value: the scheme, then exactly the six fields, each once, quoted.
    pub fn parse(value: &str) -> Result<RequestAuth, AuthParseError> {
        if value.len() > MAX_HEADER_BYTES {
            return Err(malformed("header too long"));
        }
        let rest = value
            .strip_prefix(SCHEME)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or_else(|| malformed(format!("the scheme must be {SCHEME}")))?;
        let mut fields: [Option<&str>; 6] = [None; 6];
        for part in rest.split(',') {
            let (name, quoted) =
                part.trim().split_once('=').ok_or_else(|| malformed("expected name=\"value\""))?;
            let value = quoted
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .filter(|v| !v.contains(['"', '\\']))
                .ok_or_else(|| malformed(format!("{name} must be a quoted value")))?;
            let slot = FIELDS
                .iter()
                .position(|field| *field == name)
                .ok_or_else(|| malformed(format!("unknown field {name:?}")))?;
            if fields[slot].replace(value).is_some() {
                return Err(malformed(format!("{name} given twice")));
            }
        }
        let [Some(origin), Some(key), Some(destination), Some(ts), Some(nonce), Some(sig)] = fields
        else {
            return Err(malformed(format!("all of {} are required", FIELDS.join(", "))));
        };
        let node = |name: &str, text: &str| {
            text.parse::<NodeId>().map_err(|_| malformed(format!("{name} is not a node id")))
        };
        let ts = ts
            .parse::<i64>()
            .ok()
            .filter(|_| !ts.starts_with('+'))
            .ok_or_else(|| malformed("ts must be unix seconds"))?;
        let base64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if !NONCE_CHARS.contains(&nonce.len()) || !nonce.chars().all(base64url) {
            return Err(malformed("nonce must be 16 to 64 base64url characters"));
        }
        Ok(RequestAuth {
            origin: node("origin", origin)?,
            key: key.parse().map_err(|_| malformed("key is not a key id"))?,
            destination: node("destination", destination)?,
            ts,
            nonce: nonce.to_owned(),
            sig: sig.to_owned(),
        })
    }
}

const FIELDS: [&str; 6] = ["origin", "key", "destination", "ts", "nonce", "sig"];

impl fmt::Display for RequestAuth {
    /// The header value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{SCHEME} origin=\"{}\", key=\"{}\", destination=\"{}\", ts=\"{}\", nonce=\"{}\", sig=\"{}\"",
            self.origin, self.key, self.destination, self.ts, self.nonce, self.sig
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RequestAuth {
        RequestAuth {
            origin: NodeId([1; 32]),
            key: KeyId([2; 32]),
            destination: NodeId([3; 32]),
            ts: 1_790_000_000,
            nonce: "AAAAAAAAAAAAAAAAAAAAAA".into(),
            sig: "c2ln".into(),
        }
    }

    #[test]
    fn the_header_round_trips_and_signs_every_field() {
        let auth = sample();
        assert_eq!(RequestAuth::parse(&auth.to_string()).unwrap(), auth);
        let line = RequestLine {
            method: "GET",
            path_and_query: "/fed/v1/log/x?after=3",
            body: Sha256([9; 32]),
        };
        let signed = auth.signed_string(&line);
        let lines: Vec<&str> = signed.split('\n').collect();
        assert_eq!(lines.len(), 8);
        assert_eq!(&lines[..3], ["plenary-request-v1", "GET", "/fed/v1/log/x?after=3"]);
        assert_eq!(lines[3], auth.origin.to_string());
        assert_eq!(lines[5], "1790000000");
        assert_eq!(lines[7], hex::encode([9; 32]));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let good = sample().to_string();
        let cases = [
            good.replacen("Plenary ", "Bearer ", 1),
            good.replacen("ts=\"1790000000\"", "ts=\"soon\"", 1),
            good.replacen("ts=\"1790000000\"", "ts=\"+1790000000\"", 1),
            good.replacen("nonce=\"AAAAAAAAAAAAAAAAAAAAAA\"", "nonce=\"short\"", 1),
            good.replacen(
                "nonce=\"AAAAAAAAAAAAAAAAAAAAAA\"",
                "nonce=\"AAAAAAAAAAAAAAAAAAAA/+\"",
                1,
            ),
            good.replacen(", sig=\"c2ln\"", "", 1),
            format!("{good}, sig=\"c2ln\""),
            format!("{good}, extra=\"1\""),
            good.replacen("origin=\"", "origin=\"x", 1),
            good.replacen("sig=\"c2ln\"", "sig=c2ln", 1),
            format!("{good}{}", " ".repeat(MAX_HEADER_BYTES)),
        ];
        for case in cases {
            assert!(RequestAuth::parse(&case).is_err(), "accepted {case}");
        }
    }
}

//! The working-group seed file (`node-config/groups.toml`, embedded as the default): the
//! partnership's thematic groups with their convenors and members named by acronym, as
//! `plenary group seed` publishes them. Strict TOML: an unknown field is refused by name.

use serde::Deserialize;

use super::{ConfigError, one_line};

/// The seed the binary carries: the partnership's five thematic groups.
pub const EMBEDDED_GROUPS: &str = include_str!("../../node-config/groups.toml");

/// A seed file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSeed {
    /// The groups, in the order they are published.
    #[serde(rename = "group")]
    pub groups: Vec<SeedGroup>,
}

/// One group of the seed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedGroup {
    /// Short stable name (URLs).
    pub slug: String,
    /// Full name.
    pub name: String,
    /// Theme, in a few words.
    pub theme: Option<String>,
    /// Mandate and work programme.
    pub description: Option<String>,
    /// Convening organisations' acronyms; the first one's node publishes the group.
    pub convenors: Vec<String>,
    /// Member organisations' acronyms.
    #[serde(default)]
    pub members: Vec<String>,
}

impl GroupSeed {
    /// Parses the seed file `text` read from `origin` (a path, or "embedded seed").
    pub fn parse(text: &str, origin: &str) -> Result<GroupSeed, ConfigError> {
        let parse_error = |reason: String| ConfigError::Parse {
            origin: origin.into(),
            reason: one_line(&reason),
        };
        let seed: GroupSeed = toml::from_str(text).map_err(|err| parse_error(err.to_string()))?;
        for (n, group) in seed.groups.iter().enumerate() {
            if group.convenors.is_empty() {
                return Err(ConfigError::Invalid {
                    field: format!("group[{n}].convenors"),
                    reason: format!("group {:?} names no convenor", group.slug),
                });
            }
        }
        let mut slugs: Vec<&str> = seed.groups.iter().map(|g| g.slug.as_str()).collect();
        slugs.sort_unstable();
        if let Some(twice) = slugs.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(ConfigError::Invalid {
                field: "group.slug".into(),
                reason: format!("slug {:?} is used twice", twice[0]),
            });
        }
        Ok(seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_seed_holds_five_groups_each_convened() {
        let seed = GroupSeed::parse(EMBEDDED_GROUPS, "embedded seed").unwrap();
        assert_eq!(seed.groups.len(), 5);
        assert!(seed.groups.iter().all(|g| !g.convenors.is_empty() && !g.members.is_empty()));
    }

    #[test]
    fn unknown_fields_missing_convenors_and_repeated_slugs_are_refused() {
        let unknown =
            "[[group]]\nslug = \"a\"\nname = \"A\"\nconvenors = [\"X\"]\ncolour = \"red\"\n";
        let err = GroupSeed::parse(unknown, "f.toml").unwrap_err().to_string();
        assert!(err.contains("colour"), "{err}");
        let none = "[[group]]\nslug = \"a\"\nname = \"A\"\nconvenors = []\n";
        let err = GroupSeed::parse(none, "f.toml").unwrap_err().to_string();
        assert!(err.contains("names no convenor"), "{err}");
        let twice = "[[group]]\nslug = \"a\"\nname = \"A\"\nconvenors = [\"X\"]\n\n[[group]]\nslug = \"a\"\nname = \"B\"\nconvenors = [\"X\"]\n";
        let err = GroupSeed::parse(twice, "f.toml").unwrap_err().to_string();
        assert!(err.contains("used twice"), "{err}");
    }
}

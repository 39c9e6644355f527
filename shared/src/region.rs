//! Kemendagri region codes (`51`, `51.01`, `51.01.04`, `51.01.04.1001`) and the scope
//! rule that decides which records a team sees.

use crate::invalid::Invalid;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A well-formed Kemendagri region code: province (2 digits), then optionally regency
/// (2), district (2) and village (4), joined by dots.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

/// How deep a region code goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionLevel {
    Province,
    Regency,
    District,
    Village,
}

const SEGMENT_WIDTHS: [usize; 4] = [2, 2, 2, 4];

impl RegionCode {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let code = raw.trim();
        let mut widths = SEGMENT_WIDTHS.iter();
        let well_formed = code.split('.').all(|segment| {
            widths.next().is_some_and(|&width| {
                segment.len() == width && segment.bytes().all(|b| b.is_ascii_digit())
            })
        });
        if !well_formed {
            return Err(Invalid::Format {
                example: "51.01.04.1001",
            });
        }
        Ok(RegionCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        match self.0.split('.').count() {
            1 => RegionLevel::Province,
            2 => RegionLevel::Regency,
            3 => RegionLevel::District,
            _ => RegionLevel::Village,
        }
    }

    /// The enclosing region one level up, if any.
    pub fn parent(&self) -> Option<RegionCode> {
        self.0
            .rsplit_once('.')
            .map(|(parent, _)| RegionCode(parent.to_string()))
    }

    /// Whether this region contains `other`, matching whole segments: `51.01` covers
    /// `51.01` and `51.01.04.1001`, never `51.010`.
    pub fn covers(&self, other: &RegionCode) -> bool {
        other.0 == self.0
            || (other.0.starts_with(&self.0) && other.0.as_bytes().get(self.0.len()) == Some(&b'.'))
    }
}

impl TryFrom<String> for RegionCode {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        RegionCode::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(value: RegionCode) -> Self {
        value.0
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).expect("valid code")
    }

    #[test]
    fn accepts_every_level() {
        for s in ["51", "51.01", "51.01.04", "51.01.04.1001", " 51.71 "] {
            assert!(RegionCode::parse(s).is_ok(), "{s}");
        }
        assert_eq!(code("51.01.04.1001").level(), RegionLevel::Village);
        assert_eq!(code("51.01").parent(), Some(code("51")));
    }

    #[test]
    fn refuses_malformed_codes() {
        for s in [
            "",
            "5",
            "51.1",
            "51.01.04.100",
            "51.01.04.1001.1",
            "51-01",
            "ab.01",
            "51..01",
        ] {
            assert_eq!(
                RegionCode::parse(s),
                Err(Invalid::Format {
                    example: "51.01.04.1001"
                }),
                "{s}"
            );
        }
    }

    #[test]
    fn scope_matches_whole_segments() {
        let jembrana = code("51.01");
        assert!(jembrana.covers(&code("51.01")));
        assert!(jembrana.covers(&code("51.01.04.1001")));
        assert!(!jembrana.covers(&code("51.02")));
        assert!(!jembrana.covers(&code("51")));
        assert!(code("51").covers(&code("51.71.01")));
        assert!(!code("51.01.01").covers(&code("51.01.02.2001")));
    }
}

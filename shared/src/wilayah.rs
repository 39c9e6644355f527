//! Bali's Kemendagri regions, province down to village, shipped with the code (see
//! `docs/data-sources.md` for the source and licence). Codes elsewhere in Indonesia are
//! accepted when well formed; this table gives names to the ones it knows.

use crate::region::{RegionCode, RegionLevel};

/// The CSV as shipped: `code,name,level`, sorted by code.
pub const BALI_CSV: &str = include_str!("../data/wilayah-bali.csv");

/// One known region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
}

/// Every region in the shipped table, parents before their children.
pub fn bali_regions() -> Vec<Region> {
    BALI_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.splitn(3, ',');
            let code = RegionCode::parse(parts.next()?).ok()?;
            let name = parts.next()?.to_string();
            let level = code.level();
            Some(Region { code, name, level })
        })
        .collect()
}

/// The name of a shipped region, by its code.
pub fn name_of(code: &str) -> Option<&'static str> {
    BALI_CSV.lines().skip(1).find_map(|line| {
        let mut parts = line.splitn(3, ',');
        (parts.next()? == code).then_some(())?;
        parts.next()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_code_parses_and_levels_agree() {
        let rows = BALI_CSV.lines().skip(1).count();
        let regions = bali_regions();
        assert_eq!(regions.len(), rows, "no row was dropped");
        assert_eq!(regions.len(), 783);
        for line in BALI_CSV.lines().skip(1) {
            let level = line.rsplit(',').next().unwrap_or_default();
            let code = RegionCode::parse(line.split(',').next().unwrap_or_default()).expect("code");
            let expected = match level {
                "province" => RegionLevel::Province,
                "regency" => RegionLevel::Regency,
                "district" => RegionLevel::District,
                _ => RegionLevel::Village,
            };
            assert_eq!(code.level(), expected, "{line}");
        }
    }

    #[test]
    fn jembrana_and_gilimanuk_are_named() {
        let regions = bali_regions();
        let name = |code: &str| {
            regions
                .iter()
                .find(|r| r.code.as_str() == code)
                .map(|r| r.name.as_str())
        };
        assert_eq!(name("51.01"), Some("Kabupaten Jembrana"));
        assert_eq!(name("51.01.04.1001"), Some("Gilimanuk"));
        let jembrana = RegionCode::parse("51.01").expect("code");
        assert!(regions.iter().filter(|r| jembrana.covers(&r.code)).count() > 50);
    }
}

//! Election periods, kept as data so that each election's dates come from the team.

use crate::entity::{Entity, FieldMap, entity};
use crate::identity::{IsoDate, ShortText};
use crate::invalid::{FieldError, Invalid};
use crate::region::RegionCode;

entity! {
    /// An election period (entity `election_period`).
    pub struct ElectionPeriod = "election_period" {
        required {
            region_code: RegionCode,
            name: ShortText,
            campaign_start: IsoDate,
            campaign_end: IsoDate,
            voting_day: IsoDate,
        }
        optional {}
    }
}

impl ElectionPeriod {
    /// The campaign ends no earlier than it starts, and voting day is not before the
    /// campaign's end.
    pub fn check_dates(&self) -> Result<(), FieldError> {
        for (field, date, earliest) in [
            ("campaign_end", self.campaign_end, self.campaign_start),
            ("voting_day", self.voting_day, self.campaign_end),
        ] {
            if date < earliest {
                return Err(FieldError::new(
                    field,
                    Invalid::TooEarly {
                        earliest: earliest.to_string(),
                    },
                ));
            }
        }
        Ok(())
    }

    /// Checks a period's merged fields as a whole.
    pub fn check_merged(fields: &FieldMap) -> Result<(), FieldError> {
        ElectionPeriod::from_fields(fields)?.check_dates()
    }

    /// Whether `day` falls in the campaign or is voting day.
    pub fn is_active_on(&self, day: IsoDate) -> bool {
        (self.campaign_start <= day && day <= self.campaign_end) || day == self.voting_day
    }
}

/// A finding of political activity by a foreign national, as the office lists them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PoliticalActivityItem {
    pub region_code: Option<String>,
    /// When the inspection that found it began (RFC 3339).
    pub inspection_started_at: Option<String>,
    pub place_name: Option<String>,
    pub full_name: Option<String>,
    pub nationality: Option<String>,
    /// What was seen: a `PoliticalActivity` code.
    pub political_activity: Option<String>,
    /// Where it was seen.
    pub political_activity_place: Option<String>,
    pub recommended_action: Option<String>,
    /// The office's decision, unless it was cancelled.
    pub decided_action: Option<String>,
    pub decision_state: Option<String>,
}

/// The political-activity findings of a region, oldest inspection first within each
/// area; `more` says the list was cut at its limit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PoliticalActivityList {
    pub region: String,
    pub items: Vec<PoliticalActivityItem>,
    pub more: bool,
}

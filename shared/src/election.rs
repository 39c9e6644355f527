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

//! Election periods, kept as data so that each election's dates come from the team.

use crate::entity::entity;
use crate::identity::{IsoDate, ShortText};
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
    /// Whether `day` falls in the campaign or is voting day.
    pub fn is_active_on(&self, day: IsoDate) -> bool {
        (self.campaign_start <= day && day <= self.campaign_end) || day == self.voting_day
    }
}

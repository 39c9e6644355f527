//! Coordination meetings (Rakor) and their follow-up actions (rencana tindak lanjut).

use crate::entity::{code_enum, entity};
use crate::identity::{IsoDate, LongText, ShortText};
use crate::region::RegionCode;
use crate::team::Role;
use uuid::Uuid;

code_enum! {
    /// Where a follow-up action stands.
    pub enum ActionStatus {
        Open = "open" ("Terbuka", "Open"),
        InProgress = "in_progress" ("Dalam proses", "In progress"),
        Done = "done" ("Selesai", "Done"),
        Cancelled = "cancelled" ("Dibatalkan", "Cancelled"),
    }
}

entity! {
    /// A coordination meeting (entity `meeting`). Attendance lists the officers present
    /// (`attendee_ids`) and the agencies represented (`attending_agencies`).
    pub struct Meeting = "meeting" {
        required {
            region_code: RegionCode,
            date: IsoDate,
            place: ShortText,
            theme: ShortText,
        }
        optional {
            chair: ShortText,
            attendee_ids: Vec<Uuid>,
            attending_agencies: Vec<ShortText>,
            agenda: LongText,
            minutes: LongText,
            decisions: LongText,
        }
    }
}

entity! {
    /// A follow-up action decided in a meeting (entity `action_item`).
    pub struct ActionItem = "action_item" {
        required {
            region_code: RegionCode,
            meeting_id: Uuid,
            description: LongText,
            owner_agency: ShortText,
            due_date: IsoDate,
        }
        optional {
            status: ActionStatus,
            notes: LongText,
        }
    }
}

/// The fields of a follow-up that the officers of its owning agency may move along
/// without keeping the minutes: where it stands, and a note on it.
pub const FOLLOW_UP_PROGRESS: [&str; 2] = ["status", "notes"];

/// What an officer may write of the team's Rakor. The coordinator (the immigration
/// office, the team's secretariat) keeps the minutes: meetings and their follow-ups.
/// Everyone else reads them, and a field officer moves along the follow-ups their own
/// agency owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RakorRight {
    KeepsMinutes,
    /// The officer's agency code.
    MovesAlong(String),
    Reads,
}

impl RakorRight {
    pub fn of(role: Role, agency: &str) -> Self {
        match role {
            Role::Coordinator => RakorRight::KeepsMinutes,
            Role::Field => RakorRight::MovesAlong(agency.to_string()),
            Role::Central | Role::Admin => RakorRight::Reads,
        }
    }

    pub fn keeps_minutes(&self) -> bool {
        *self == RakorRight::KeepsMinutes
    }

    /// Whether the officer may move along a follow-up owned by `owner` (its stored
    /// `owner_agency` code).
    pub fn moves_along(&self, owner: Option<&str>) -> bool {
        match self {
            RakorRight::KeepsMinutes => true,
            RakorRight::MovesAlong(agency) => owner == Some(agency.as_str()),
            RakorRight::Reads => false,
        }
    }

    /// What bars a write setting `fields` of an existing follow-up owned by `owner`, if
    /// anything (a new follow-up, or a meeting, needs [`Self::keeps_minutes`]).
    pub fn follow_up_fault<'a>(
        &self,
        owner: Option<&str>,
        mut fields: impl Iterator<Item = &'a str>,
    ) -> Option<FollowUpFault<'a>> {
        if self.keeps_minutes() {
            None
        } else if !self.moves_along(owner) {
            Some(FollowUpFault::NotTheirs)
        } else {
            fields
                .find(|name| !FOLLOW_UP_PROGRESS.contains(name))
                .map(FollowUpFault::Field)
        }
    }
}

/// Why a write to a follow-up is not the officer's to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpFault<'a> {
    /// Another agency owns it.
    NotTheirs,
    /// The field is the coordinator's to set, not its progress.
    Field(&'a str),
}

impl ActionItem {
    /// Overdue: not done or cancelled, and past its due date on `today`.
    pub fn is_overdue(&self, today: IsoDate) -> bool {
        let closed = matches!(
            self.status,
            Some(ActionStatus::Done | ActionStatus::Cancelled)
        );
        !closed && self.due_date < today
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::IMIGRASI;

    #[test]
    fn only_the_coordinator_keeps_the_minutes() {
        assert!(RakorRight::of(Role::Coordinator, IMIGRASI).keeps_minutes());
        for role in [Role::Field, Role::Central, Role::Admin] {
            assert!(!RakorRight::of(role, IMIGRASI).keeps_minutes());
        }
    }

    #[test]
    fn a_field_officer_moves_along_only_their_agencys_follow_ups() {
        let police = RakorRight::of(Role::Field, "POLRES");
        let fault = |right: &RakorRight, owner: Option<&str>, fields: &[&'static str]| {
            right.follow_up_fault(owner, fields.iter().copied())
        };
        assert_eq!(fault(&police, Some("POLRES"), &["status", "notes"]), None);
        assert_eq!(
            fault(&police, Some("POLRES"), &["status", "due_date"]),
            Some(FollowUpFault::Field("due_date"))
        );
        assert_eq!(
            fault(&police, Some("KPU"), &["status"]),
            Some(FollowUpFault::NotTheirs)
        );
        assert_eq!(
            fault(&police, None, &["status"]),
            Some(FollowUpFault::NotTheirs)
        );
        let kanwil = RakorRight::of(Role::Central, "KANWIL");
        assert_eq!(
            fault(&kanwil, Some("KANWIL"), &["status"]),
            Some(FollowUpFault::NotTheirs)
        );
        let coordinator = RakorRight::of(Role::Coordinator, IMIGRASI);
        assert_eq!(fault(&coordinator, Some("KPU"), &["due_date"]), None);
    }
}

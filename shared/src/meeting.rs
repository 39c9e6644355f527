//! Coordination meetings (Rakor) and their follow-up actions (rencana tindak lanjut).

use crate::entity::{code_enum, entity};
use crate::identity::{IsoDate, LongText, ShortText};
use crate::region::RegionCode;
use crate::team::Agency;
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
            attending_agencies: Vec<Agency>,
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
            owner_agency: Agency,
            due_date: IsoDate,
        }
        optional {
            status: ActionStatus,
            notes: LongText,
        }
    }
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

//! Teams, officers, their roles and their agencies.

use crate::code_table::CodeTable;
use crate::entity::code_enum;
use crate::named_code::NamedCode;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_enum! {
    /// What an officer may do. Scope is always the officer's team region.
    pub enum Role {
        Field = "field" ("Petugas lapangan", "Field officer"),
        Coordinator = "coordinator" ("Koordinator tim", "Team coordinator"),
        Central = "central" ("Kanwil (pusat)", "Central office (Kanwil)"),
        Admin = "admin" ("Administrator", "Administrator"),
    }
}

impl Role {
    /// Whether the role reads the records of its region.
    pub fn reads_records(self) -> bool {
        !matches!(self, Role::Admin)
    }

    /// Whether the role writes records (central reads and reports only).
    pub fn writes_records(self) -> bool {
        matches!(self, Role::Field | Role::Coordinator)
    }
}

/// The immigration office: a team's secretariat, which keeps the Rakor minutes.
pub const IMIGRASI: &str = "IMIGRASI";

/// The fields whose agencies are chosen from the table: an inspection's or an operation's
/// agencies, a follow-up's owner.
pub const AGENCIES: &str = "agencies";
pub const OWNER_AGENCY: &str = "owner_agency";

/// The member agencies a Tim PORA draws from (IMIGRASI, POLRES, KPU, ...) as a regulation
/// code table (`code_table`): each with its name and its days in force. Which of them sit
/// on a given team is the team's own roster; an officer's agency, and the agencies a
/// record names, are judged by the table of the day they are written.
pub type Agencies = CodeTable<NamedCode>;

/// A Tim PORA and the region it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub region_code: RegionCode,
}

/// A team as the office lists it: the team, and the last time any of its devices was in
/// touch with the server (signed in or synced), which says how fresh its data is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOverview {
    #[serde(flatten)]
    pub team: Team,
    /// Unix milliseconds; `None` if no device of the team ever was.
    pub last_sync_ms: Option<i64>,
}

/// A signed-in officer as the server describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub team_id: Option<String>,
    /// A code of the agencies table.
    pub agency: String,
}

//! Teams, officers, their roles and their agencies.

use crate::entity::code_enum;
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

code_enum! {
    /// A member agency of a Tim PORA. Which of them sit on a given team is the team's own
    /// roster; this is the catalogue they are drawn from.
    pub enum Agency {
        Imigrasi = "IMIGRASI" ("Kantor Imigrasi", "Immigration office"),
        Polres = "POLRES" ("Polres", "Regency police"),
        Polsek = "POLSEK" ("Polsek", "District police"),
        Kodim = "KODIM" ("Kodim", "Military district command"),
        Koramil = "KORAMIL" ("Koramil", "Military sub-district command"),
        Lanal = "LANAL" ("Lanal", "Naval base"),
        Kejari = "KEJARI" ("Kejaksaan Negeri", "District prosecutor"),
        Bin = "BIN" ("Badan Intelijen Negara", "State intelligence agency"),
        Bnn = "BNN" ("Badan Narkotika Nasional", "National narcotics agency"),
        Kesbangpol = "KESBANGPOL" ("Kesbangpol", "National unity and politics office"),
        SatpolPp = "SATPOL_PP" ("Satpol PP", "Civil service police"),
        Disnaker = "DISNAKER" ("Dinas Tenaga Kerja", "Manpower office"),
        Dukcapil = "DUKCAPIL" ("Dukcapil", "Civil registry"),
        Dpmptsp = "DPMPTSP" ("DPMPTSP", "Investment and licensing office"),
        Dispar = "DISPAR" ("Dinas Pariwisata", "Tourism office"),
        Dinsos = "DINSOS" ("Dinas Sosial", "Social affairs office"),
        Dinkes = "DINKES" ("Dinas Kesehatan", "Health office"),
        Bapenda = "BAPENDA" ("Bapenda", "Regional revenue agency"),
        Camat = "CAMAT" ("Camat", "District head"),
        Perbekel = "PERBEKEL" ("Perbekel / Bendesa adat", "Village head"),
        Kpu = "KPU" ("KPU", "Election commission"),
        Bawaslu = "BAWASLU" ("Bawaslu", "Election supervisory board"),
        Kanwil = "KANWIL" ("Kantor Wilayah", "Regional office (Kanwil)"),
    }
}

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
    pub agency: Agency,
}

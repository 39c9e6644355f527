//! Inspections (pemeriksaan) at a place, the finding for each foreign national checked,
//! and amendments — the only way to correct an inspection once it is finalized.

use crate::entity::{Amount, code_enum, entity};
use crate::identity::{IsoDate, Latitude, LongText, Longitude, ShortText, Timestamp};
use crate::invalid::{FieldError, Invalid};
use crate::region::RegionCode;
use uuid::Uuid;

code_enum! {
    /// Whether an inspection is still being written or is final (then immutable).
    pub enum InspectionStatus {
        Draft = "draft" ("Draf", "Draft"),
        Final = "final" ("Final", "Final"),
    }
}

code_enum! {
    /// The kind of oversight operation.
    pub enum OperationType {
        Routine = "routine" ("Rutin", "Routine"),
        Special = "special" ("Khusus", "Special"),
        Incidental = "incidental" ("Insidental", "Incidental"),
        Joint = "joint" ("Operasi gabungan", "Joint operation"),
    }
}

code_enum! {
    /// Why an inspection went ahead without a written order (surat perintah).
    pub enum NoWarrantReason {
        BanList = "ban_list" ("Masuk daftar penangkalan/pencegahan", "On a ban list"),
        Wanted = "wanted" ("Dalam pencarian", "Wanted"),
        CaughtInTheAct = "caught_in_the_act" ("Tertangkap tangan", "Caught in the act"),
    }
}

code_enum! {
    /// The kind of place inspected.
    pub enum PlaceType {
        Hotel = "hotel" ("Hotel", "Hotel"),
        Villa = "villa" ("Vila", "Villa"),
        Homestay = "homestay" ("Homestay", "Homestay"),
        Kos = "kos" ("Kos", "Boarding house"),
        House = "house" ("Rumah", "House"),
        Workplace = "workplace" ("Tempat kerja", "Workplace"),
        CampaignEvent = "campaign_event" ("Kegiatan kampanye", "Campaign event"),
        PollingStation = "polling_station" ("TPS", "Polling station"),
        Other = "other" ("Lainnya", "Other"),
    }
}

code_enum! {
    /// What an officer saw of a foreigner's political activity.
    pub enum PoliticalActivity {
        CampaignEvent = "campaign_event" ("Kampanye", "Campaign event"),
        Rally = "rally" ("Pawai/rapat umum", "Rally"),
        Donation = "donation" ("Dana kampanye", "Donation"),
        SocialMedia = "social_media" ("Media sosial", "Social media"),
        Other = "other" ("Lainnya", "Other"),
    }
}

code_enum! {
    /// What the officers did on the spot.
    pub enum FieldAction {
        None = "none" ("Tidak ada", "None"),
        Advice = "advice" ("Himbauan", "Advice"),
        DocumentsSecured = "documents_secured" ("Dokumen diamankan", "Documents secured"),
        BroughtToOffice = "brought_to_office" ("Dibawa ke kantor", "Brought to the office"),
    }
}

code_enum! {
    /// Documents shown during a check.
    pub enum DocumentShown {
        Passport = "passport" ("Paspor", "Passport"),
        StayPermit = "stay_permit" ("Izin tinggal", "Stay permit"),
        Visa = "visa" ("Visa", "Visa"),
        KtpEl = "ktp_el" ("KTP-el", "Identity card (KTP-el)"),
        WorkPermit = "work_permit" ("Izin kerja (RPTKA)", "Work permit (RPTKA)"),
    }
}

code_enum! {
    /// The entities an amendment can correct.
    pub enum AmendableEntity {
        Inspection = "inspection" ("Pemeriksaan", "Inspection"),
        Finding = "finding" ("Temuan", "Finding"),
    }
}

entity! {
    /// One inspection at one place (entity `inspection`).
    pub struct Inspection = "inspection" {
        required {
            region_code: RegionCode,
            started_at: Timestamp,
            place_name: ShortText,
        }
        optional {
            status: InspectionStatus,
            place_type: PlaceType,
            address: ShortText,
            latitude: Latitude,
            longitude: Longitude,
            gps_accuracy_m: Amount,
            operation_type: OperationType,
            /// The operation whose written order the inspection was made under.
            operation_id: Uuid,
            warrant_number: ShortText,
            no_warrant_reason: NoWarrantReason,
            officer_ids: Vec<Uuid>,
            agencies: Vec<ShortText>,
            election_period_id: Uuid,
            /// Why an inspection made while an election period runs is not part of
            /// the election watch (the officer took the tag off).
            election_untag_reason: ShortText,
            photos: Vec<ShortText>,
            notes: LongText,
        }
    }
}

impl Inspection {
    pub fn is_final(&self) -> bool {
        self.status == Some(InspectionStatus::Final)
    }

    /// What a finalized inspection must have: a written order (its own number, or its
    /// operation's), or the reason there is none.
    pub fn check_finalizable(&self) -> Result<(), FieldError> {
        if self.warrant_number.is_none()
            && self.operation_id.is_none()
            && self.no_warrant_reason.is_none()
        {
            return Err(FieldError::new("warrant_number", Invalid::Required));
        }
        Ok(())
    }

    /// The date that counts for overstay: the inspection's local date.
    pub fn date(&self) -> IsoDate {
        self.started_at.local_date()
    }
}

entity! {
    /// The finding for one foreign national checked in an inspection (entity `finding`).
    /// It follows its inspection: once that is final, so is the finding.
    pub struct Finding = "finding" {
        required {
            region_code: RegionCode,
            inspection_id: Uuid,
            subject_id: Uuid,
        }
        optional {
            documents_shown: Vec<DocumentShown>,
            /// Codes of the violation table (`crate::violation_codes`).
            violations: Vec<ShortText>,
            /// With a `political_activity` violation: what was seen, and where.
            political_activity: PoliticalActivity,
            political_activity_place: ShortText,
            field_action: FieldAction,
            recommended_action: ShortText,
            decided_action: ShortText,
            photos: Vec<ShortText>,
            notes: LongText,
        }
    }
}

entity! {
    /// A correction of a finalized inspection or finding (entity `amendment`): what
    /// changed and why. Amendments are themselves immutable once written.
    pub struct Amendment = "amendment" {
        required {
            region_code: RegionCode,
            original_entity: AmendableEntity,
            original_id: Uuid,
            reason: LongText,
            changes: LongText,
        }
        optional {
            /// What the values become, field by field (`crate::correction`).
            corrections: crate::correction::Corrections,
        }
    }
}

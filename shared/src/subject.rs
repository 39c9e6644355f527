//! The foreign national (orang asing) being overseen: identity, travel document, visa,
//! stay permit, sponsor, place of stay and activity.

use crate::entity::{FieldMap, code_enum, entity};
#[cfg(doc)]
use crate::identity::PreviousDocument;
use crate::identity::{
    ForeignNationality, IsoDate, LongText, Nationality, Nik, PassportNumber, ShortText,
};
use crate::invalid::{FieldError, Invalid};
use crate::permit::DocumentType;
use crate::region::RegionCode;
use uuid::Uuid;

code_enum! {
    /// Sex as printed in the MRZ.
    pub enum Sex {
        Male = "M" ("Laki-laki", "Male"),
        Female = "F" ("Perempuan", "Female"),
        Unspecified = "X" ("Tidak disebut", "Unspecified"),
    }
}

code_enum! {
    /// Who guarantees the foreigner's stay.
    pub enum SponsorType {
        Person = "person" ("Perorangan", "Person"),
        Company = "company" ("Perusahaan", "Company"),
    }
}

code_enum! {
    /// Where the foreigner stays.
    pub enum StayType {
        Hotel = "hotel" ("Hotel", "Hotel"),
        Villa = "villa" ("Vila", "Villa"),
        Homestay = "homestay" ("Homestay", "Homestay"),
        Kos = "kos" ("Kos", "Boarding house"),
        House = "house" ("Rumah", "House"),
        StaffMess = "staff_mess" ("Mes karyawan", "Staff mess"),
        Other = "other" ("Lainnya", "Other"),
    }
}

entity! {
    /// A foreign national's record (entity `subject`).
    pub struct Subject = "subject" {
        required {
            region_code: RegionCode,
            full_name: ShortText,
        }
        optional {
            /// Unknown until a document is shown; an officer may meet someone without one.
            nationality: ForeignNationality,
            sex: Sex,
            date_of_birth: IsoDate,
            place_of_birth: ShortText,
            /// Content hash of the person's photo.
            photo: ShortText,
            /// Content hashes of photos of their documents.
            photos: Vec<ShortText>,
            document_type: DocumentType,
            passport_number: PassportNumber,
            passport_issuing_country: Nationality,
            passport_expiry: IsoDate,
            /// Documents held before the current one (`NAT:NUMBER`, see
            /// [`PreviousDocument`]): a renewed passport is the same person. The server
            /// adds the old one when the number changes, a merge adds the merged
            /// record's, and the server checks each (text here keeps the field bundle
            /// small).
            previous_documents: Vec<ShortText>,
            /// The raw MRZ as typed or scanned.
            mrz: LongText,
            /// Visa index code, e.g. `C1`, `E33G`.
            visa_code: ShortText,
            /// A code of the permit types table (`crate::permit::PermitTypes`).
            permit_type: ShortText,
            permit_number: ShortText,
            permit_start: IsoDate,
            permit_expiry: IsoDate,
            sponsor_type: SponsorType,
            sponsor_name: ShortText,
            sponsor_nik: Nik,
            /// NIB or NPWP of a sponsoring company.
            sponsor_business_id: ShortText,
            sponsor_address: ShortText,
            stay_type: StayType,
            address: ShortText,
            employer: ShortText,
            position: ShortText,
            /// Work-permit reference (RPTKA).
            work_permit_ref: ShortText,
            /// KTP-el number; only ITAP holders may have one.
            nik: Nik,
            /// Marks a voter-list match as a naturalised citizen (a known false positive).
            naturalised: bool,
            /// Why the person is recorded as naturalised (e.g. the decree); required
            /// with `naturalised`.
            naturalised_note: LongText,
            /// A foreign election observer's accreditation: its number, who issued it
            /// (KPU, Bawaslu) and until when it is valid. An observer met without a
            /// valid one is a finding (`unaccredited_observer`).
            observer_accreditation: ShortText,
            observer_accreditation_issuer: ShortText,
            observer_accreditation_valid_until: IsoDate,
            notes: LongText,
            /// Set by a reviewer's merge: this record was the same person as that one,
            /// which every screen and count shows instead. Devices never write it.
            merged_into: Uuid,
        }
    }
}

/// The field a merge sets on the record it folds into another.
pub const MERGED_INTO: &str = "merged_into";
/// The field that keeps a person's earlier documents.
pub const PREVIOUS_DOCUMENTS: &str = "previous_documents";

/// The field marking a person as naturalised, and the one saying why.
pub const NATURALISED: &str = "naturalised";
pub const NATURALISED_NOTE: &str = "naturalised_note";

/// The first and the last day of the stay permit.
pub const PERMIT_START: &str = "permit_start";
pub const PERMIT_EXPIRY: &str = "permit_expiry";

impl Subject {
    /// Foreign nationals with a NIK are flagged for the voter-list cross-check.
    pub fn has_nik(&self) -> bool {
        self.nik.is_some()
    }

    /// A stay permit ends no earlier than it starts. Checked on a write that sets either
    /// date (`sets` answers for a field name), against the two dates as merged (`value`):
    /// the field named is the one the write set, the expiry when it set both.
    pub fn check_permit_period<'a>(
        sets: impl Fn(&str) -> bool,
        value: impl Fn(&str) -> Option<&'a serde_json::Value>,
    ) -> Result<(), FieldError> {
        let (sets_start, sets_expiry) = (sets(PERMIT_START), sets(PERMIT_EXPIRY));
        if !sets_start && !sets_expiry {
            return Ok(());
        }
        let date = |name| {
            value(name)
                .and_then(serde_json::Value::as_str)
                .and_then(|text| IsoDate::parse(text).ok())
        };
        let (Some(start), Some(expiry)) = (date(PERMIT_START), date(PERMIT_EXPIRY)) else {
            return Ok(());
        };
        if expiry >= start {
            Ok(())
        } else if sets_expiry {
            Err(FieldError::new(
                PERMIT_EXPIRY,
                Invalid::TooEarly {
                    earliest: start.to_string(),
                },
            ))
        } else {
            Err(FieldError::new(
                PERMIT_START,
                Invalid::TooLate {
                    latest: expiry.to_string(),
                },
            ))
        }
    }

    /// A person recorded as naturalised needs the note saying why: it is what takes
    /// them off the voter-list concerns.
    pub fn check_naturalised(fields: &FieldMap) -> Result<(), FieldError> {
        let marked = fields.get(NATURALISED) == Some(&serde_json::Value::Bool(true));
        let noted = fields
            .get(NATURALISED_NOTE)
            .and_then(serde_json::Value::as_str)
            .is_some_and(|note| !note.trim().is_empty());
        if marked && !noted {
            return Err(FieldError::new(NATURALISED_NOTE, Invalid::Required));
        }
        Ok(())
    }
}

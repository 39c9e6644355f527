//! The label of each record field, in both languages.

use pantau_shared::lang::Label;

/// The label for a field name, if the catalogue has one.
pub fn field_label(name: &str) -> Option<Label> {
    Some(match name {
        "region_code" => Label::new("Kode wilayah", "Region code"),
        "full_name" => Label::new(
            "Nama lengkap (sesuai paspor)",
            "Full name (as in the passport)",
        ),
        "nationality" => Label::new("Kewarganegaraan (ISO alpha-3)", "Nationality (ISO alpha-3)"),
        "sex" => Label::new("Jenis kelamin", "Sex"),
        "date_of_birth" => Label::new("Tanggal lahir", "Date of birth"),
        "place_of_birth" => Label::new("Tempat lahir", "Place of birth"),
        "document_type" => Label::new("Jenis dokumen perjalanan", "Travel document type"),
        "passport_number" => Label::new("Nomor paspor", "Passport number"),
        "passport_issuing_country" => Label::new("Negara penerbit", "Issuing country"),
        "passport_expiry" => Label::new("Paspor berlaku sampai", "Passport valid until"),
        "mrz" => Label::new("MRZ", "MRZ"),
        "visa_code" => Label::new("Indeks visa", "Visa index"),
        "permit_type" => Label::new("Jenis izin tinggal", "Stay permit type"),
        "permit_number" => Label::new("Nomor izin tinggal", "Stay permit number"),
        "permit_start" => Label::new("Izin tinggal mulai", "Permit start"),
        "permit_expiry" => Label::new("Izin tinggal berakhir", "Permit end"),
        "sponsor_type" => Label::new("Jenis penjamin", "Sponsor type"),
        "sponsor_name" => Label::new("Nama penjamin", "Sponsor name"),
        "sponsor_nik" => Label::new("NIK penjamin", "Sponsor's NIK"),
        "sponsor_business_id" => Label::new("NIB/NPWP penjamin", "Sponsor's NIB/NPWP"),
        "work_permit_ref" => Label::new("Nomor RPTKA", "Work permit (RPTKA)"),
        "stay_type" => Label::new("Jenis tempat tinggal", "Place of stay"),
        "address" => Label::new("Alamat", "Address"),
        "employer" => Label::new("Pemberi kerja", "Employer"),
        "position" => Label::new("Jabatan", "Position"),
        "nik" => Label::new("NIK (KTP-el)", "NIK (ID card)"),
        "observer_accreditation" => Label::new(
            "No. akreditasi pemantau pemilu",
            "Election observer accreditation no.",
        ),
        "observer_accreditation_issuer" => Label::new(
            "Akreditasi dari (KPU/Bawaslu)",
            "Accredited by (KPU/Bawaslu)",
        ),
        "observer_accreditation_valid_until" => {
            Label::new("Akreditasi berlaku s.d.", "Accreditation valid until")
        }
        "notes" => Label::new("Catatan", "Notes"),
        "deleted" => Label::new("Dihapus", "Deleted"),
        "started_at" => Label::new("Waktu mulai", "Started at"),
        "place_name" => Label::new("Nama tempat", "Place name"),
        "place_type" => Label::new("Jenis tempat", "Place type"),
        "latitude" => Label::new("Lintang", "Latitude"),
        "longitude" => Label::new("Bujur", "Longitude"),
        "gps_accuracy_m" => Label::new("Akurasi GPS (m)", "GPS accuracy (m)"),
        "operation_type" => Label::new("Jenis operasi", "Operation type"),
        "warrant_number" => Label::new("Nomor surat perintah", "Written order number"),
        "operation_id" => Label::new("Surat perintah operasi", "Operation's written order"),
        "no_warrant_reason" => {
            Label::new("Alasan tanpa surat perintah", "Reason for no written order")
        }
        "agencies" => Label::new("Instansi yang hadir", "Agencies present"),
        "officer_ids" => Label::new("Petugas yang hadir", "Officers present"),
        "status" => Label::new("Status", "Status"),
        "photos" => Label::new("Foto", "Photos"),
        "subject_id" => Label::new("Orang asing", "Foreign national"),
        "documents_shown" => Label::new("Dokumen yang ditunjukkan", "Documents shown"),
        "violations" => Label::new("Pelanggaran", "Violations"),
        "field_action" => Label::new("Tindakan di lapangan", "Field action"),
        "recommended_action" => Label::new("Rekomendasi tindakan (TAK)", "Recommended action"),
        "political_activity" => {
            Label::new("Kegiatan politik yang terlihat", "Political activity seen")
        }
        "political_activity_place" => Label::new("Tempat kegiatan politik", "Where it was seen"),
        "decided_action" => Label::new("Keputusan tindakan (TAK)", "Decided action"),
        "date" => Label::new("Tanggal", "Date"),
        "place" => Label::new("Tempat", "Place"),
        "theme" => Label::new("Tema", "Theme"),
        "chair" => Label::new("Pimpinan rapat", "Chair"),
        "agenda" => Label::new("Agenda", "Agenda"),
        "minutes" => Label::new("Notulen", "Minutes"),
        "decisions" => Label::new("Keputusan", "Decisions"),
        "description" => Label::new("Uraian tindak lanjut", "Follow-up action"),
        "owner_agency" => Label::new("Instansi penanggung jawab", "Owning agency"),
        "due_date" => Label::new("Tenggat", "Due date"),
        "reason" => Label::new("Alasan koreksi", "Reason for the correction"),
        "changes" => Label::new("Yang dikoreksi", "What is corrected"),
        _ => return None,
    })
}

/// The field's label in `lang`, or its name where the catalogue has none.
pub fn field_name(name: &str, lang: pantau_shared::Lang) -> String {
    field_label(name).map_or_else(|| name.to_string(), |label| label.get(lang).to_string())
}

//! `GET /api/openapi.json`: the API described in OpenAPI 3.1, built from the handlers'
//! own annotations, so that clients and the API fuzzer in the test command read what
//! the server really takes.

use super::{
    admin, admin_settings, attachments, auth, case_review, duplicates, election_periods, export,
    field_operations, health, holds, review, settings,
};
use super::{
    code_tables, overstay_rules, political_activity, report, stats, sync, team, voter_list,
};
use crate::state::AppState;
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::sync::wire::{ErrorBody, ErrorDetail, LoginRequest};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// One write of a push, as `docs/sync-protocol.md` describes it.
#[derive(ToSchema)]
#[allow(dead_code)] // A schema only: pushes are read as raw JSON, mutation by mutation.
pub struct MutationSchema {
    op_id: uuid::Uuid,
    /// `subject`, `inspection`, `finding`, `meeting`, …
    entity: String,
    id: uuid::Uuid,
    /// The device's hybrid logical clock stamp: `millis-counter-device`.
    hlc: String,
    /// The fields written, by name.
    fields: serde_json::Map<String, serde_json::Value>,
    base_seq: Option<i64>,
    /// The officer's signature on a finalization or an amendment.
    signed: Option<serde_json::Value>,
    /// On a write sent again to a restored server: the epoch that acknowledged it before.
    acked_epoch: Option<uuid::Uuid>,
}

/// Every request but sign-in and health carries `Authorization: Bearer <token>`.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Pantau", description = "The sync, office and administration API of Pantau (docs/sync-protocol.md, docs/operations.md)."),
    modifiers(&BearerToken),
    components(schemas(ErrorBody, ErrorDetail, LoginRequest, pantau_shared::sync::wire::DeviceLease, crate::routes::auth::SigningKeyRequest, MutationSchema, pantau_shared::decision::ReviewQueue)),
    paths(
        admin::accounts, admin::create_account, admin::teams, admin::save_team,
        admin::disable, admin::enable, admin::password, admin::agency, admin::devices,
        admin::revoke,
        admin_settings::settings, admin_settings::change_settings,
        overstay_rules::plan_version, overstay_rules::withdraw_version,
        code_tables::add_visa_index, code_tables::retire_visa_index,
        code_tables::add_action, code_tables::retire_action,
        code_tables::add_violation_code, code_tables::retire_violation_code,
        code_tables::add_permit_type, code_tables::retire_permit_type,
        code_tables::add_agency, code_tables::retire_agency,
        attachments::upload, attachments::download,
        auth::login, auth::logout, auth::me, auth::renew_lease, auth::register_signing_key,
        case_review::queue, case_review::decide, case_review::change_decision,
        duplicates::list, duplicates::not_same, duplicates::merge, duplicates::unmerge,
        election_periods::list, election_periods::create, election_periods::change,
        export::export,
        field_operations::list, field_operations::create, field_operations::change, field_operations::report,
        health::health,
        holds::list, holds::place, holds::lift,
        political_activity::list,
        review::list, review::restore, review::dismiss, review::history,
        report::monthly,
        voter_list::check, voter_list::matches, voter_list::review, voter_list::annex, voter_list::nik_holders,
        report::monthly_xlsx,
        settings::settings,
        stats::stats,
        sync::push, sync::pull,
        team::roster,
        team::teams,
    )
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}

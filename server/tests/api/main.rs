//! The HTTP API, exercised in-process through the real router on a fresh database per
//! test — every behaviour on SQLite and on PostgreSQL.

mod helpers;

mod admin;
mod administrative_actions;
mod agencies;
mod attachments;
mod audit;
mod auth;
mod case_review;
mod device_lease;
mod duplicates;
mod durability;
mod election_periods;
mod export;
mod fuzz_push;
mod metrics;
mod migrations;
mod openapi;
mod operations;
mod permit_types;
mod political_activity;
mod postgres_tls;
mod rakor;
mod report;
mod retention;
mod review;
mod serving;
mod signed_log;
mod stats;
mod sync_pull;
mod sync_push;
mod violation_codes;
mod visa_indexes;
mod voter_list;

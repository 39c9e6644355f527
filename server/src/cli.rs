//! The `pantau` command line: `serve`, `team add`, `user add|list|disable|enable|password`,
//! `device list|revoke`, `audit device|person|verify`, `backup`, `restore`, `renew-epoch`.

use crate::admin;
use crate::auth::{generate_password, hash_password};
use crate::db::Db;
use crate::db::code_tables::{
    ActionTable, AgencyTable, PermitTable, StoredTable, ViolationTable, VisaIndexTable,
};
use crate::db::officers::{AccountError, NewAccount};
use crate::provisioning::{self, Refused};
pub use crate::provisioning::{MIN_PASSWORD_LEN, NewUser};
use crate::state::{AppState, Settings};
use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use pantau_shared::code_table::{CodeTable, TableFault};
use pantau_shared::identity::IsoDate;
use pantau_shared::team::{IMIGRASI, Role};
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "pantau",
    version,
    about = "Pantau: the Tim PORA field system's sync server"
)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// How log lines are written: `text` for people, `json` for log collectors.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "text",
        env = "PANTAU_LOG_FORMAT"
    )]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Where the data lives; every subcommand takes these.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Directory for the SQLite database (used when no database URL is given).
    #[arg(long, global = true, default_value = "./data", env = "PANTAU_DATA_DIR")]
    pub data_dir: PathBuf,
    /// A postgres:// or sqlite:// URL; without it, SQLite in the data directory.
    #[arg(long, global = true, env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server and the app.
    Serve(ServeArgs),
    /// Manage teams.
    Team {
        #[command(subcommand)]
        action: TeamAction,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// List devices and revoke a lost one.
    Device {
        #[command(subcommand)]
        action: DeviceAction,
    },
    /// The office's review of findings after the field.
    Review {
        #[command(subcommand)]
        action: ReviewAction,
    },
    /// The overstay fee and deportation threshold: their versions, each in force from
    /// its day until the next begins; plan a change, or withdraw one not yet in force.
    Overstay {
        #[command(subcommand)]
        action: OverstayAction,
    },
    /// The visa index codes: list them, add one from a day, or retire one for its
    /// successor.
    Visa {
        #[command(subcommand)]
        action: VisaAction,
    },
    /// The administrative actions the field recommends and the office decides: list
    /// them, add one from a day, or retire one for its successor.
    Actions {
        #[command(subcommand)]
        action: NamedCodeAction,
    },
    /// The violation codes the field records: list them, add one from a day, or retire
    /// one for its successor.
    Violations {
        #[command(subcommand)]
        action: NamedCodeAction,
    },
    /// The types of stay permit (ITK, ITAS, ...): list them, add one from a day, or
    /// retire one for its successor.
    Permits {
        #[command(subcommand)]
        action: NamedCodeAction,
    },
    /// The member agencies officers come from (IMIGRASI, POLRES, KPU, ...): list them, add
    /// one from a day, or retire one for its successor.
    Agencies {
        #[command(subcommand)]
        action: NamedCodeAction,
    },
    /// Who received personal data: what reached a device, or who received a person's record.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// One person's data for their request: record, findings, history, photos and trail.
    Export {
        #[command(subcommand)]
        action: ExportAction,
    },
    /// Erase what may no longer be kept: deleted records, and records past their
    /// retention period, except those under legal hold.
    Retention {
        #[command(subcommand)]
        action: RetentionAction,
    },
    /// The clearly fake demo data, at benchmark scale.
    Demo {
        #[command(subcommand)]
        action: DemoAction,
    },
    /// Possible duplicates: compute every foreign national's matching keys again.
    Duplicates {
        #[command(subcommand)]
        action: DuplicatesAction,
    },
    /// The office's counts: count every record again.
    Stats {
        #[command(subcommand)]
        action: StatsAction,
    },
    /// Write a consistent backup of a SQLite system, attachments included; the server may
    /// keep running.
    Backup {
        /// The backup file to write; it appears only once complete.
        #[arg(long)]
        out: PathBuf,
    },
    /// After restoring a PostgreSQL database with its own tools: start a new epoch, so
    /// that tablets send again what the restored data lacks (`restore` does this itself).
    RenewEpoch,
    /// Restore a backup into the data directory; refuses one that holds a database
    /// unless --force. Stop the server first.
    Restore {
        #[arg(long)]
        from: PathBuf,
        /// Replace the database the data directory holds.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeviceAction {
    /// List devices, most recently seen first.
    List {
        #[arg(long)]
        username: Option<String>,
    },
    /// Revoke a lost or stolen device: it wipes its data on its next contact.
    Revoke {
        #[arg(long)]
        id: String,
    },
    /// Show how tablets lock their data, and change it: days a tablet may unlock
    /// offline, wrong PINs that wipe it, idle minutes before it locks.
    Policy {
        #[arg(long)]
        lease_days: Option<i64>,
        #[arg(long)]
        pin_attempts: Option<i64>,
        #[arg(long)]
        idle_lock_minutes: Option<i64>,
        /// Refuse finalizations and amendments a device did not sign (true or false).
        #[arg(long)]
        require_signatures: Option<bool>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReviewAction {
    /// Show after how many days a finding awaiting the office's decision is marked
    /// overdue, and change it.
    Policy {
        /// Days after the inspection, from 1 to 365 (14 unless set).
        #[arg(long)]
        overdue_days: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OverstayAction {
    /// List every version of the rule.
    List,
    /// Plan a version from a day (today or later; a version planned for that day is
    /// replaced).
    Plan {
        /// The first day in force, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Rupiah per day past the permit's end.
        #[arg(long)]
        daily_fee: u64,
        /// Days of overstay from which deportation applies.
        #[arg(long)]
        deportation_days: i64,
    },
    /// Withdraw a version that is not in force yet.
    Withdraw {
        /// The day the version was to come into force, YYYY-MM-DD.
        #[arg(long)]
        from: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum VisaAction {
    /// List every code, retired ones included.
    List,
    /// Add a code, in force from a day (today or later).
    Add {
        #[arg(long)]
        code: String,
        /// The purpose in Bahasa Indonesia.
        #[arg(long)]
        purpose_id: String,
        /// The purpose in English.
        #[arg(long)]
        purpose_en: String,
        /// The stay permit it leads to: a code of `pantau permits list`.
        #[arg(long)]
        permit_type: Option<String>,
        /// The first day in force, YYYY-MM-DD.
        #[arg(long)]
        from: String,
    },
    /// Retire a code after its last day; a code in force then needs a successor.
    Retire(Retirement),
}

/// What `pantau actions` and `pantau violations` do with their table of named codes.
#[derive(Debug, Subcommand)]
pub enum NamedCodeAction {
    /// List every code, retired ones included.
    List,
    /// Add a code, in force from a day (today or later).
    Add {
        /// The code, spelled as the table's codes are (small letters, digits and
        /// underscores; permit types in capitals and digits; agencies in capitals, digits
        /// and underscores).
        #[arg(long)]
        code: String,
        /// Its name in Bahasa Indonesia.
        #[arg(long)]
        label_id: String,
        /// Its name in English.
        #[arg(long)]
        label_en: String,
        /// The first day in force, YYYY-MM-DD.
        #[arg(long)]
        from: String,
    },
    /// Retire a code after its last day; one in force then needs a successor.
    Retire(Retirement),
}

/// The retirement of a code after its last day.
#[derive(Debug, Args)]
pub struct Retirement {
    #[arg(long)]
    code: String,
    /// The last day in force, YYYY-MM-DD.
    #[arg(long)]
    to: String,
    /// The code in force the day after, in its place.
    #[arg(long)]
    successor: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DemoAction {
    /// Fill a demo system with generated history across Bali's nine teams: the demo
    /// first if it is not there (refused beside real data, as `serve --demo` is), then
    /// this many more foreign nationals and inspections, with findings and Rakor.
    Generate {
        #[arg(long, default_value_t = 200_000)]
        subjects: u32,
        #[arg(long, default_value_t = 500_000)]
        inspections: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum DuplicatesAction {
    /// Read every foreign national and write their keys again (the server keeps them up
    /// to date by itself; this is for after a change of how keys are computed).
    Rescan,
}

#[derive(Debug, Subcommand)]
pub enum StatsAction {
    /// Build the counted units from every record (the server keeps them current by
    /// itself, and builds them at its first start after an upgrade; building them here
    /// first spares the tablets that wait to sync meanwhile).
    Rebuild,
}

#[derive(Debug, Subcommand)]
pub enum RetentionAction {
    /// Erase every deleted record and every record past its retention period, except
    /// those under legal hold; logs what it erased.
    Run {
        /// Only list what is due; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Each kind of record's retention period, and the legal holds in place.
    Show,
    /// Set how many days a kind of record is kept after its last change.
    Set {
        /// subject, inspection, finding, amendment, meeting, action_item or election_period.
        #[arg(long)]
        entity: String,
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..))]
        days: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportAction {
    /// A ZIP of everything held about one foreign national.
    Person {
        #[arg(long)]
        subject: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Every read made from a device and every record whose data reached it.
    Device {
        #[arg(long)]
        id: String,
    },
    /// Every read and write of a foreign national's record: who, role, device, when.
    Person {
        #[arg(long)]
        subject: String,
    },
    /// Re-computes the log of signed records (signatures, change-log rows, Merkle roots,
    /// receipts) and names the first entry that does not match. Fails when one does not.
    Verify,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Seed the clearly fake demo team (Tim PORA Jembrana) if it is not there yet.
    #[arg(long)]
    pub demo: bool,
    /// Directory of the built app.
    #[arg(long, default_value = "./app/dist", env = "PANTAU_APP_DIR")]
    pub app_dir: PathBuf,
    /// Free space (MiB) the data directory's disk must keep; below it, writes are refused
    /// with 507 and reads go on.
    #[arg(long, default_value_t = 256)]
    pub storage_floor_mb: u64,
    /// The largest voter-list (DPT) extract one check takes, in MB; a larger list is
    /// checked in parts.
    #[arg(long, default_value_t = 50, env = "PANTAU_VOTER_LIST_MAX_MB",
          value_parser = clap::value_parser!(u64).range(1..=2048))]
    pub voter_list_max_mb: u64,
    /// A reverse proxy in front of Pantau (repeatable): its `X-Forwarded-For` names the
    /// client, for the per-address sign-in limit, the access log and /metrics.
    #[arg(
        long = "trusted-proxy",
        env = "PANTAU_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Lets /metrics answer beyond loopback to requests with `Authorization: Bearer TOKEN`.
    #[arg(long, env = "PANTAU_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// How soon what an officer deleted is erased (its personal data taken off the server
    /// and, at their next sync, off every tablet), unless under legal hold.
    #[arg(long, default_value = "5m", value_parser = positive_duration)]
    pub erase_deleted_every: std::time::Duration,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key. Without it Pantau
    /// speaks plain HTTP, for a reverse proxy in front that holds the certificate.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Write a backup into this directory every --backup-every (SQLite only).
    #[arg(long)]
    pub backup_dir: Option<PathBuf>,
    /// How often to back up, e.g. 6h or 30m.
    #[arg(long, default_value = "6h", value_parser = positive_duration)]
    pub backup_every: std::time::Duration,
    /// How many scheduled backups to keep.
    #[arg(long, default_value_t = 28, value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep: u32,
}

#[derive(Debug, Subcommand)]
pub enum TeamAction {
    /// Add a team, or update the one with this id.
    Add {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// Kemendagri region code the team covers, e.g. 51.01.
        #[arg(long)]
        region: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add an account; the password is read from standard input.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// field, coordinator, central or admin.
        #[arg(long)]
        role: String,
        #[arg(long)]
        team: Option<String>,
        /// Agency code, e.g. IMIGRASI, POLRES, KPU: one of `pantau agencies list` in force today.
        #[arg(long)]
        agency: String,
    },
    /// List every account.
    List,
    /// Stop an account from signing in; its sessions end at once.
    Disable {
        #[arg(long)]
        username: String,
    },
    /// Let a disabled account sign in again.
    Enable {
        #[arg(long)]
        username: String,
    },
    /// Set a new password (read from standard input); every session of the account ends.
    Password {
        #[arg(long)]
        username: String,
    },
    /// Move an account to another agency in force today (its own retired, say).
    Agency {
        #[arg(long)]
        username: String,
        /// Agency code: one of `pantau agencies list` in force today.
        #[arg(long)]
        agency: String,
    },
}

/// A period such as `6h` or `30m`; never zero, which would mean "all the time".
fn positive_duration(raw: &str) -> Result<std::time::Duration, String> {
    match humantime::parse_duration(raw) {
        Ok(period) if period.is_zero() => Err("must be longer than zero".into()),
        Ok(period) => Ok(period),
        Err(error) => Err(error.to_string()),
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(open_database(&cli.database).await?, args).await,
        Command::Team {
            action: TeamAction::Add { id, name, region },
        } => {
            let db = open_database(&cli.database).await?;
            add_team(&db, &id, &name, &region).await?;
            println!("team {id} saved");
            Ok(())
        }
        Command::User { action } => {
            let db = open_database(&cli.database).await?;
            let said = match action {
                UserAction::Add {
                    username,
                    name,
                    role,
                    team,
                    agency,
                } => {
                    let password = read_password()?;
                    let new_user = NewUser {
                        username: &username,
                        name: &name,
                        role: &role,
                        team: team.as_deref(),
                        agency: &agency,
                    };
                    add_user(&db, &new_user, password).await?;
                    format!("user {username} added")
                }
                UserAction::List => admin::list_users(&db).await?,
                UserAction::Disable { username } => {
                    admin::set_active(&db, &username, false).await?
                }
                UserAction::Enable { username } => admin::set_active(&db, &username, true).await?,
                UserAction::Password { username } => {
                    admin::set_password(&db, &username, read_password()?).await?
                }
                UserAction::Agency { username, agency } => {
                    let today = crate::clock::Clock::system().office_today().into();
                    let found = provisioning::set_agency(&db, &username, &agency, today)
                        .await
                        .map_err(Refused::for_command_line)?;
                    if !found {
                        anyhow::bail!(
                            "--username {username}: no such account (see `pantau user list`)"
                        );
                    }
                    format!("user {username} now belongs to {}", agency.trim())
                }
            };
            println!("{}", said.trim_end());
            Ok(())
        }
        Command::Device { action } => {
            let db = open_database(&cli.database).await?;
            let said = match action {
                DeviceAction::List { username } => {
                    admin::list_devices(&db, username.as_deref()).await?
                }
                DeviceAction::Revoke { id } => admin::revoke_device(&db, &id).await?,
                DeviceAction::Policy {
                    lease_days,
                    pin_attempts,
                    idle_lock_minutes,
                    require_signatures,
                } => {
                    let change = crate::lease::PolicyChange {
                        lease_days,
                        pin_attempts,
                        idle_lock_minutes,
                        require_signatures,
                    };
                    crate::lease::set_policy(&db, change).await?
                }
            };
            println!("{}", said.trim_end());
            Ok(())
        }
        Command::Review {
            action: ReviewAction::Policy { overdue_days },
        } => {
            let db = open_database(&cli.database).await?;
            let said = crate::policy::set_review_policy(&db, overdue_days).await?;
            println!("{}", said.trim_end());
            Ok(())
        }
        Command::Overstay { action } => {
            let db = open_database(&cli.database).await?;
            let said = overstay(&db, action).await?;
            print!("{said}");
            Ok(())
        }
        Command::Visa { action } => {
            let db = open_database(&cli.database).await?;
            let said = visa(&db, action).await?;
            print!("{said}");
            Ok(())
        }
        Command::Actions { action } => {
            let db = open_database(&cli.database).await?;
            let said = named_codes::<ActionTable>(&db, action).await?;
            print!("{said}");
            Ok(())
        }
        Command::Violations { action } => {
            let db = open_database(&cli.database).await?;
            let said = named_codes::<ViolationTable>(&db, action).await?;
            print!("{said}");
            Ok(())
        }
        Command::Permits { action } => {
            let db = open_database(&cli.database).await?;
            let said = named_codes::<PermitTable>(&db, action).await?;
            print!("{said}");
            Ok(())
        }
        Command::Agencies { action } => {
            let db = open_database(&cli.database).await?;
            let said = named_codes::<AgencyTable>(&db, action).await?;
            print!("{said}");
            Ok(())
        }
        Command::Audit { action } => {
            let db = open_database(&cli.database).await?;
            let said = match action {
                AuditAction::Device { id } => admin::audit_device(&db, &id).await?,
                AuditAction::Person { subject } => admin::audit_person(&db, &subject).await?,
                AuditAction::Verify => {
                    use crate::db::signed_log::LogCheck;
                    match db.verify_signed_log(db.log_key()).await? {
                        LogCheck::Sound {
                            entries,
                            erased,
                            root,
                        } => format!(
                            "the signed-record log is intact: {entries} entries ({erased} of \
                             them erased under retention), root {root}, server key {}",
                            db.log_key().public_hex()
                        ),
                        LogCheck::Broken { index, problem } => {
                            let at = index.map_or(String::new(), |i| format!("entry #{i}: "));
                            anyhow::bail!("the signed-record log does not verify: {at}{problem}")
                        }
                    }
                }
            };
            println!("{}", said.trim_end());
            Ok(())
        }
        Command::Export {
            action: ExportAction::Person { subject, out },
        } => {
            let db = open_database(&cli.database).await?;
            let export = crate::person_export::export_person(&db, &subject, &out).await?;
            println!(
                "written to {}: the record, {} finding(s), {} history entries, {} photo(s) and the access trail",
                out.display(),
                export.findings,
                export.history_entries,
                export.photos
            );
            Ok(())
        }
        Command::Demo {
            action:
                DemoAction::Generate {
                    subjects,
                    inspections,
                },
        } => {
            let db = open_database(&cli.database).await?;
            crate::demo::generate(
                &db,
                crate::demo::Scale {
                    subjects,
                    inspections,
                },
            )
            .await
        }
        Command::Duplicates {
            action: DuplicatesAction::Rescan,
        } => {
            let db = open_database(&cli.database).await?;
            let started = std::time::Instant::now();
            let done = db.rescan_duplicate_keys().await?;
            println!(
                "{} foreign nationals read, {} keys written in {:.1} s",
                done.records_read,
                done.keys_written,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Stats {
            action: StatsAction::Rebuild,
        } => {
            let db = open_database(&cli.database).await?;
            let started = std::time::Instant::now();
            let units = db.rebuild_stat_units().await?;
            println!(
                "{units} counted units written in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Retention { action } => {
            let db = open_database(&cli.database).await?;
            let said = match action {
                RetentionAction::Run { dry_run } => {
                    let report = crate::retention::run(&db, crate::db::now_ms(), dry_run).await?;
                    admin::describe_retention(&report, dry_run)
                }
                RetentionAction::Show => admin::show_retention(&db).await?,
                RetentionAction::Set { entity, days } => {
                    let kind = pantau_shared::sync::EntityKind::parse(&entity).map_err(|_| {
                        anyhow::anyhow!(
                            "--entity: {entity} is not a kind of record; one of {}",
                            pantau_shared::sync::EntityKind::ALL
                                .iter()
                                .map(|kind| kind.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })?;
                    db.set_retention_days(kind.name(), days).await?;
                    format!(
                        "{} records are kept {days} days after their last change",
                        kind.name()
                    )
                }
            };
            println!("{}", said.trim_end());
            Ok(())
        }
        Command::Backup { out } => {
            let db = open_database(&cli.database).await?;
            let facts = crate::backup::write_backup(&db, &out).await?;
            println!(
                "backup written to {} ({} records, {} attachments, schema {})",
                out.display(),
                facts.records,
                facts.attachments,
                facts.schema_version
            );
            Ok(())
        }
        Command::RenewEpoch => {
            let db = open_database(&cli.database).await?;
            let epoch = db.renew_epoch(crate::db::now_ms()).await?;
            println!(
                "new epoch {epoch}: restart the server; tablets will send again what the restored data lacks"
            );
            Ok(())
        }
        // Not through `open_database`: the restore must find the data directory as it
        // was, and opening the database would create one there.
        Command::Restore { from, force } => {
            if cli.database.database_url.is_some() {
                bail!(
                    "restore is for SQLite systems; PostgreSQL is restored with pg_restore (see docs/operations.md)"
                );
            }
            let data_dir = &cli.database.data_dir;
            let facts = crate::backup::restore(data_dir, &from, force).await?;
            // Brings an older backup's schema up to date now, not at the next start, and
            // starts a new epoch: tablets that synced after the backup was taken notice
            // and send again what it lacks.
            let restored = Db::open(None, data_dir).await?;
            restored.renew_epoch(crate::db::now_ms()).await?;
            println!(
                "restored {} ({} records, {} attachments, schema {}) into {}",
                from.display(),
                facts.records,
                facts.attachments,
                facts.schema_version,
                data_dir.display()
            );
            Ok(())
        }
    }
}

/// Opens the database, bringing its schema up to date, and creates the administrator
/// account on the first start.
async fn open_database(database: &DatabaseArgs) -> anyhow::Result<Db> {
    let db = Db::open(database.database_url.as_deref(), &database.data_dir).await?;
    if let Some(password) = ensure_admin(&db).await? {
        println!(
            "Created the administrator account.\n  username: admin\n  password: {password}\n(shown only this once)"
        );
    }
    Ok(db)
}

async fn serve(db: Db, args: ServeArgs) -> anyhow::Result<()> {
    // A certificate that cannot be used stops the start, before anything else happens.
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(crate::tls::load(cert, key).await?),
        _ => None,
    };
    let recoded = crate::sync::recode::recode_document_countries(&db, crate::db::now_ms())
        .await
        .context("rewriting stored country codes failed")?;
    if recoded > 0 {
        tracing::info!(
            records = recoded,
            "stored ICAO country spellings rewritten as ISO codes"
        );
    }
    if args.demo {
        crate::demo::seed(&db)
            .await
            .context("seeding the demo data failed")?;
    }
    let app_dir = args
        .app_dir
        .join("index.html")
        .is_file()
        .then_some(args.app_dir.clone());
    if app_dir.is_none() {
        tracing::warn!(dir = %args.app_dir.display(), "no built app found there; serving the API only");
    }
    if let Some(directory) = args.backup_dir {
        if db.backend != crate::db::Backend::Sqlite {
            bail!(
                "--backup-dir is for SQLite systems; back PostgreSQL up with pg_dump (see docs/operations.md)"
            );
        }
        std::fs::create_dir_all(&directory).with_context(|| {
            format!("cannot create the backup directory {}", directory.display())
        })?;
        crate::backup::keep_backing_up(
            db.clone(),
            crate::backup::BackupSchedule {
                directory,
                every: args.backup_every,
                keep: args.backup_keep as usize,
            },
        );
    }
    crate::retention::keep_erasing_deleted(db.clone(), args.erase_deleted_every);
    crate::routes::stats::keep_counts_current(db.clone());
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let demo = crate::demo::is_seeded(&db).await?;
    let state = AppState::new(
        db,
        Settings {
            app_dir,
            storage_floor_bytes: args.storage_floor_mb * 1024 * 1024,
            voter_list_max_mb: args.voter_list_max_mb,
            metrics_token: args.metrics_token.filter(|token| !token.is_empty()),
            trusted_proxies: args.trusted_proxies,
            demo,
            ..Settings::default()
        },
    );
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!(
        "Pantau is running at {scheme}://{}/",
        listener.local_addr()?
    );
    match tls {
        Some(config) => crate::serve_tls(listener, state, crate::shutdown_signal(), config).await?,
        None => crate::serve(listener, state, crate::shutdown_signal()).await?,
    }
    Ok(())
}

/// Creates the `admin` account on the first start and returns its generated password.
pub async fn ensure_admin(db: &Db) -> anyhow::Result<Option<String>> {
    if db.count_accounts().await? > 0 {
        return Ok(None);
    }
    let password = generate_password();
    let hash = hash_password(password.clone()).await?;
    let account = NewAccount {
        username: "admin",
        name: "Administrator",
        role: Role::Admin,
        team_id: None,
        agency: IMIGRASI,
        password_hash: &hash,
    };
    match db.create_account(&account).await {
        Ok(_) => Ok(Some(password)),
        // Another process created it first.
        Err(AccountError::UsernameTaken) => Ok(None),
        Err(AccountError::Database(error)) => Err(error.into()),
    }
}

pub async fn add_team(db: &Db, id: &str, name: &str, region: &str) -> anyhow::Result<()> {
    provisioning::add_team(db, id, name, region)
        .await
        .map(drop)
        .map_err(Refused::for_command_line)
}

pub async fn add_user(db: &Db, user: &NewUser<'_>, password: String) -> anyhow::Result<()> {
    let today = crate::clock::Clock::system().office_today().into();
    provisioning::add_user(db, user, password, today)
        .await
        .map_err(Refused::for_command_line)
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// `pantau overstay`: every version of the rule, after the change asked for if any.
async fn overstay(db: &Db, action: OverstayAction) -> anyhow::Result<String> {
    use crate::overstay_rules::{explain, listing, plan, withdraw};
    let day = |raw: &str| {
        IsoDate::parse(raw).map_err(|_| anyhow::anyhow!("--from {raw}: not a date (YYYY-MM-DD)"))
    };
    let change = crate::clock::ChangeMade::now(&crate::clock::Clock::system(), "cli");
    let changed = match action {
        OverstayAction::List => Ok(db.overstay_rules().await?),
        OverstayAction::Plan {
            from,
            daily_fee,
            deportation_days,
        } => {
            let rule = pantau_shared::permit::OverstayRule {
                valid_from: Some(day(&from)?),
                daily_fee_idr: daily_fee,
                deportation_days,
            };
            plan(db, &rule, &change).await?
        }
        OverstayAction::Withdraw { from } => withdraw(db, day(&from)?, &change).await?,
    };
    match changed {
        Ok(rules) => Ok(listing(&rules)),
        Err(fault) => anyhow::bail!("{}: {}", fault.field(), explain(fault)),
    }
}

/// A day given on the command line.
fn cli_day(flag: &str, raw: &str) -> anyhow::Result<IsoDate> {
    IsoDate::parse(raw).map_err(|_| anyhow::anyhow!("{flag} {raw}: not a date (YYYY-MM-DD)"))
}

/// A change to a code table from the command line, made by the server's machine now.
fn cli_change() -> crate::clock::ChangeMade {
    crate::clock::ChangeMade::now(&crate::clock::Clock::system(), "cli")
}

impl Retirement {
    async fn apply<T: StoredTable>(
        self,
        db: &Db,
    ) -> anyhow::Result<Result<CodeTable<T::Entry>, TableFault>> {
        let valid_to = cli_day("--to", &self.to)?;
        let successor = self.successor.as_deref();
        let change = cli_change();
        Ok(crate::code_tables::retire::<T>(db, &self.code, valid_to, successor, &change).await?)
    }
}

/// The whole table after a change, or why the change was refused.
fn table_or_refusal<T: StoredTable>(
    changed: Result<CodeTable<T::Entry>, TableFault>,
) -> anyhow::Result<String> {
    use crate::code_tables::{explain, listing};
    match changed {
        Ok(table) => Ok(listing::<T>(&table)),
        Err(fault) => anyhow::bail!("{}: {}", fault.field(), explain::<T>(fault)),
    }
}

/// `pantau visa`: every code, after the change asked for if any.
async fn visa(db: &Db, action: VisaAction) -> anyhow::Result<String> {
    use pantau_shared::visa::VisaIndex;
    let changed = match action {
        VisaAction::List => Ok(db.code_table::<VisaIndexTable>().await?),
        VisaAction::Add {
            code,
            purpose_id,
            purpose_en,
            permit_type,
            from,
        } => {
            let index = VisaIndex {
                code,
                purpose_id,
                purpose_en,
                permit_type,
                valid_from: Some(cli_day("--from", &from)?),
                valid_to: None,
                successor: None,
            };
            crate::code_tables::add::<VisaIndexTable>(db, &index, &cli_change()).await?
        }
        VisaAction::Retire(retirement) => retirement.apply::<VisaIndexTable>(db).await?,
    };
    table_or_refusal::<VisaIndexTable>(changed)
}

/// `pantau actions`, `pantau violations`, `pantau permits` and `pantau agencies`: every code of the table
/// `T`, after the change asked for if any.
async fn named_codes<T: StoredTable<Entry = pantau_shared::named_code::NamedCode>>(
    db: &Db,
    action: NamedCodeAction,
) -> anyhow::Result<String> {
    use pantau_shared::named_code::NamedCode;
    let changed = match action {
        NamedCodeAction::List => Ok(db.code_table::<T>().await?),
        NamedCodeAction::Add {
            code,
            label_id,
            label_en,
            from,
        } => {
            let entry = NamedCode {
                valid_from: Some(cli_day("--from", &from)?),
                ..NamedCode::new(code, label_id, label_en)
            };
            crate::code_tables::add::<T>(db, &entry, &cli_change()).await?
        }
        NamedCodeAction::Retire(retirement) => retirement.apply::<T>(db).await?,
    };
    table_or_refusal::<T>(changed)
}

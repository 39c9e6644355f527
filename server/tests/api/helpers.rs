//! Spawns the app on a fresh database and speaks HTTP to it.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pantau_server::auth::hash_password;
use pantau_server::clock::Clock;
use pantau_server::db::Db;
use pantau_server::db::officers::NewAccount;
use pantau_server::state::{AppState, Settings};
use pantau_shared::region::RegionCode;
use pantau_shared::sync::Hlc;
use pantau_shared::team::{IMIGRASI, Role, Team};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

/// Runs one async test body against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Engine::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Engine::Postgres).await
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the tests use; each test makes and drops its own database.
pub fn postgres_admin_url() -> String {
    std::env::var("PANTAU_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Drops a test's PostgreSQL database when the test ends, pass or fail.
struct DropDatabase(String);

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let name = self.0.clone();
        // Drop runs inside the test's runtime; use a thread with a runtime of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(async {
                    sqlx::any::install_default_drivers();
                    if let Ok(pool) = sqlx::AnyPool::connect(&postgres_admin_url()).await {
                        let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                        let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await;
                    }
                });
            }
        })
        .join();
    }
}

/// An empty database for one test: a SQLite file in `dir`, or a PostgreSQL database at
/// `url` that is dropped when the test ends.
pub struct FreshDatabase {
    pub dir: tempfile::TempDir,
    pub url: Option<String>,
    guard: Option<DropDatabase>,
}

impl FreshDatabase {
    pub async fn create(engine: Engine) -> FreshDatabase {
        let dir = tempfile::tempdir().expect("temp dir");
        if engine == Engine::Sqlite {
            return FreshDatabase {
                dir,
                url: None,
                guard: None,
            };
        }
        let name = format!("pantau_test_{}", Uuid::new_v4().simple());
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(&postgres_admin_url()).await.expect(
            "PostgreSQL must run at 127.0.0.1:5432 (user postgres); the test script starts it",
        );
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&admin)
            .await
            .expect("create test database");
        admin.close().await;
        let guard = DropDatabase(name.clone());
        let url = postgres_admin_url()
            .rsplit_once('/')
            .map(|(base, _)| format!("{base}/{name}"))
            .expect("url");
        FreshDatabase {
            dir,
            url: Some(url),
            guard: Some(guard),
        }
    }

    /// The URL to connect to it directly; the SQLite file is the one the app opens.
    pub fn connect_url(&self) -> String {
        self.url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.dir.path().join("pantau.db").display()
            )
        })
    }
}

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    /// The server's clock: a test with a hand-set one moves it and stamps by it.
    pub clock: Clock,
    last_stamp: std::sync::atomic::AtomicU64,
    /// Where the database is, for a second server on the same data.
    pub database_url: String,
    _dir: tempfile::TempDir,
    _database: Option<DropDatabase>,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

impl Response {
    pub fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// The entry of a regulation code table (as the API answers it) with the code `code`,
/// or `null`.
pub fn code_of<'a>(table: &'a Value, code: &str) -> &'a Value {
    table
        .as_array()
        .and_then(|codes| codes.iter().find(|c| c["code"] == code))
        .unwrap_or(&Value::Null)
}

/// The error code and field of each refused mutation of a push.
pub fn refused_fields(response: &Response) -> Vec<(String, String)> {
    let results = response.body["results"].as_array().cloned();
    results
        .unwrap_or_default()
        .iter()
        .filter(|r| r["status"] == "rejected")
        .map(|r| {
            let text = |v: &Value| v.as_str().unwrap_or("").to_string();
            (text(&r["error"]["code"]), text(&r["error"]["field"]))
        })
        .collect()
}

/// Each row's first key of a stats answer, with its label in `lang` (`id` or `en`).
pub async fn counted_labels(
    app: &TestApp,
    who: &Session,
    query: &str,
    lang: &str,
) -> Vec<(String, String)> {
    let path = format!("/api/stats?{query}");
    let counts = app.request("GET", &path, Some(&who.token), None).await;
    assert_eq!(counts.status, StatusCode::OK, "{:?}", counts.body);
    let rows = counts.body["rows"].as_array().cloned().unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    rows.iter()
        .map(|row| (text(&row["keys"][0]), text(&row["labels"][0][lang])))
        .collect()
}

/// A refusal as status, error code and the field it names ("" for none).
pub fn refusal(response: &Response) -> (StatusCode, &str, &str) {
    (
        response.status,
        response.error_code(),
        response.body["error"]["field"].as_str().unwrap_or(""),
    )
}

/// Credentials of a signed-in test device.
#[derive(Clone)]
pub struct Session {
    pub token: String,
    pub device_id: Uuid,
}

pub const PASSWORD: &str = "kata-sandi-uji";

impl TestApp {
    pub async fn spawn(engine: Engine) -> TestApp {
        Self::spawn_with(engine, Settings::default()).await
    }

    pub async fn spawn_with(engine: Engine, settings: Settings) -> TestApp {
        Self::spawn_on(FreshDatabase::create(engine).await, settings).await
    }

    /// Opens the app on `database`, which a test may have filled before.
    pub async fn spawn_on(database: FreshDatabase, settings: Settings) -> TestApp {
        let database_url = database.connect_url();
        let FreshDatabase { dir, url, guard } = database;
        let db = Db::open(url.as_deref(), dir.path())
            .await
            .expect("open the database");
        for (id, region) in [
            ("jembrana", "51.01"),
            ("buleleng", "51.08"),
            ("kanwil", "51"),
        ] {
            db.upsert_team(&Team {
                id: id.into(),
                name: format!("Tim uji {id}"),
                region_code: RegionCode::parse(region).expect("region"),
            })
            .await
            .expect("team");
        }
        let clock = settings.clock.clone();
        let state = AppState::new(db.clone(), settings);
        TestApp {
            router: pantau_server::app(state),
            db,
            clock,
            last_stamp: Default::default(),
            database_url,
            _dir: dir,
            _database: guard,
        }
    }

    /// The directory a SQLite database lives in.
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub async fn add_user(&self, username: &str, role: Role, team: Option<&str>) {
        self.add_user_of(username, role, team, IMIGRASI).await
    }

    /// A user of `agency` (every other test user is the immigration office's).
    pub async fn add_user_of(&self, username: &str, role: Role, team: Option<&str>, agency: &str) {
        let hash = hash_password(PASSWORD.into()).await.expect("hash");
        self.db
            .create_account(&NewAccount {
                username,
                name: &format!("Petugas Uji {username}"),
                role,
                team_id: team,
                agency,
                password_hash: &hash,
            })
            .await
            .expect("account");
    }

    pub async fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).expect("request")).await
    }

    pub async fn send(&self, request: Request<Body>) -> Response {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        Response {
            status,
            headers,
            body,
        }
    }

    /// Another server on the same database, as a second process or a restart would be.
    pub async fn second_server(&self, settings: Settings) -> Router {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(Some(&self.database_url), dir.path())
            .await
            .expect("open the same database");
        pantau_server::app(AppState::new(db, settings))
    }

    /// Signs `username` in from a new device.
    pub async fn login(&self, username: &str) -> Session {
        let device_id = Uuid::now_v7();
        let response = self
            .request(
                "POST",
                "/api/auth/login",
                None,
                Some(json!({"username": username, "password": PASSWORD, "device_id": device_id, "device_name": "Tablet uji"})),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "login {username}: {:?}",
            response.body
        );
        assert!(
            response.body["officer"]["id"]
                .as_str()
                .is_some_and(|id| Uuid::parse_str(id).is_ok())
        );
        // A new device id is the officer's own: the server keeps it.
        assert_eq!(response.body["device_id"], json!(device_id));
        Session {
            token: response.body["token"].as_str().expect("token").to_string(),
            device_id,
        }
    }

    /// A user of the given role on the given team, signed in.
    pub async fn officer(&self, username: &str, role: Role, team: &str) -> Session {
        self.add_user(username, role, Some(team)).await;
        self.login(username).await
    }

    pub async fn push(&self, session: &Session, mutations: Vec<Value>) -> Response {
        self.request(
            "POST",
            "/api/sync/push",
            Some(&session.token),
            Some(json!({"device_id": session.device_id, "mutations": mutations})),
        )
        .await
    }

    pub async fn pull(&self, session: &Session, cursor: i64, limit: u32) -> Response {
        self.request(
            "GET",
            &format!("/api/sync/pull?cursor={cursor}&limit={limit}"),
            Some(&session.token),
            None,
        )
        .await
    }

    /// Pulls every page from `cursor` and returns the changes and the final cursor.
    pub async fn pull_all(&self, session: &Session, mut cursor: i64) -> (Vec<Value>, i64) {
        let mut changes = Vec::new();
        loop {
            let page = self.pull(session, cursor, 50).await;
            assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
            changes.extend(page.body["changes"].as_array().cloned().unwrap_or_default());
            cursor = page.body["cursor"].as_i64().expect("cursor");
            if !page.body["more"].as_bool().expect("more") {
                return (changes, cursor);
            }
        }
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        let (count,): (i64,) = sqlx::query_as(sql)
            .fetch_one(&self.db.pool)
            .await
            .expect("count");
        count
    }
}

/// A timestamp for `device` at `millis` (close to now unless a test needs otherwise).
pub fn hlc_at(device: Uuid, millis: u64, counter: u32) -> String {
    Hlc {
        millis,
        counter,
        device,
    }
    .to_string()
}

impl TestApp {
    /// Now by the server's clock, as a device in step with it stamps a write: never the
    /// same millisecond twice, so writes stay ordered while a hand-set clock stands still.
    pub fn now_ms(&self) -> u64 {
        use std::sync::atomic::Ordering;
        let now = self.clock.now_ms().max(0) as u64;
        let next = |last: u64| Some(now.max(last + 1));
        let last = self
            .last_stamp
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, next)
            .unwrap_or_default();
        now.max(last + 1)
    }

    /// Moves the server's hand-set clock on by `days`.
    pub fn days_pass(&self, days: u64) {
        self.clock
            .advance(std::time::Duration::from_secs(days * 86_400));
    }
}

pub fn now_millis() -> u64 {
    pantau_server::db::now_ms() as u64
}

/// The status of every result of a push answer.
pub fn statuses(response: &crate::helpers::Response) -> Vec<String> {
    response.body["results"]
        .as_array()
        .map(|results| {
            results
                .iter()
                .map(|r| r["status"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A mutation envelope.
pub fn mutation(entity: &str, id: Uuid, hlc: String, fields: Value) -> Value {
    json!({"op_id": Uuid::now_v7(), "entity": entity, "id": id, "hlc": hlc, "fields": fields})
}

/// The fields of a valid new foreign national in `region`.
pub fn subject_fields(region: &str, name: &str) -> Value {
    json!({
        "region_code": region,
        "full_name": name,
        "nationality": "AUS",
        "sex": "F",
        "passport_number": "DM1234567",
        "permit_type": "ITK",
        "permit_expiry": "2026-12-31",
    })
}

/// Sends a request and returns the status and the raw body bytes.
pub trait OneshotBytes {
    fn oneshot_bytes(
        self,
        request: Request<Body>,
    ) -> impl std::future::Future<Output = (StatusCode, Vec<u8>)>;
}

impl OneshotBytes for Router {
    async fn oneshot_bytes(self, request: Request<Body>) -> (StatusCode, Vec<u8>) {
        let response = self.oneshot(request).await.expect("response");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, bytes.to_vec())
    }
}

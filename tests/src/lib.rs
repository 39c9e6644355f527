//! Harness for end-to-end tests: the real `pantau` binary on a fresh data directory,
//! serving the built app, and a real headless Chromium driven over WebDriver.

pub mod bench;
pub mod device;
pub mod fault_harness;
pub mod fault_proxy;
pub mod postgres;

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

/// The SHA-256 of `bytes` in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The `pantau` binary of the tree under test, or the one `PANTAU_BIN` names.
///
/// The first call in a test process runs `cargo build -p pantau` in the test's own
/// profile, which does nothing when the binary is current, so a test never runs a
/// server built from another state of the code.
pub fn pantau_binary() -> anyhow::Result<PathBuf> {
    if let Ok(path) = std::env::var("PANTAU_BIN") {
        return Ok(PathBuf::from(path));
    }
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| build_pantau().map_err(|error| format!("{error:#}")))
        .clone()
        .map_err(anyhow::Error::msg)
}

fn build_pantau() -> anyhow::Result<PathBuf> {
    // Tests run from target/<profile>/deps, benchmark binaries from target/<profile>;
    // the server sits in target/<profile>.
    let exe = std::env::current_exe()?;
    let beside = exe
        .parent()
        .context("the test binary is not inside a cargo target directory")?;
    let profile_dir = if beside.file_name().is_some_and(|name| name == "deps") {
        beside
            .parent()
            .context("the test binary is not inside a cargo target directory")?
    } else {
        beside
    };
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .current_dir(workspace_root())
        .args(["build", "--quiet", "-p", "pantau"]);
    if profile_dir
        .file_name()
        .is_some_and(|name| name == "release")
    {
        cargo.arg("--release");
    }
    let status = cargo
        .status()
        .context("cannot run cargo to build the server")?;
    if !status.success() {
        bail!("`cargo build -p pantau` failed: the server does not build");
    }
    let binary = profile_dir.join("pantau");
    if !binary.is_file() {
        bail!("cargo built no {}", binary.display());
    }
    Ok(binary)
}

/// Where the app is built from: a file here newer than the build means the build is stale.
const APP_SOURCES: &[&str] = &[
    "app/src",
    "app/index.html",
    "app/boot.js",
    "app/sw.js",
    "app/static",
    "app/Cargo.toml",
    "office",
    "signer/src",
    "signer/Cargo.toml",
    "shared/src",
    "shared/data",
    "shared/Cargo.toml",
    "style",
    "Cargo.lock",
];

/// The built app (`app/dist`, or `PANTAU_APP_DIR`), refused when a source it is built
/// from changed after it was built.
pub fn app_dir() -> anyhow::Result<PathBuf> {
    let build_command = "bash .ci/build-app";
    if let Ok(dir) = std::env::var("PANTAU_APP_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let root = workspace_root();
    let dir = root.join("app/dist");
    let built = std::fs::metadata(dir.join("index.html"))
        .and_then(|m| m.modified())
        .map_err(|_| {
            anyhow::anyhow!(
                "{} has no built app: build it with `{build_command}`",
                dir.display()
            )
        })?;
    for source in APP_SOURCES {
        if let Some(newer) = newest_file(&root.join(source))?.filter(|(time, _)| *time > built) {
            bail!(
                "the app in {} is older than {}: rebuild it with `{build_command}`",
                dir.display(),
                newer.1.display()
            );
        }
    }
    Ok(dir)
}

/// The most recently modified file at or under `path`, if any.
fn newest_file(path: &Path) -> anyhow::Result<Option<(SystemTime, PathBuf)>> {
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(None);
    };
    if !metadata.is_dir() {
        return Ok(Some((metadata.modified()?, path.to_path_buf())));
    }
    let mut newest = None;
    for entry in std::fs::read_dir(path)? {
        if let Some(found) = newest_file(&entry?.path())? {
            newest = newest.max(Some(found));
        }
    }
    Ok(newest)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A child process killed when dropped.
struct Guarded(Child);

impl Drop for Guarded {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A valid TD3 MRZ for a fictitious person: document number, nationality as ICAO writes
/// it, birth and expiry as `YYMMDD`, and the name as the MRZ spells it.
pub fn mrz(
    document: &str,
    nationality: &str,
    birth: &str,
    sex: char,
    expiry: &str,
    name: &str,
) -> String {
    use pantau_shared::mrz::check_digit;
    let pad = |text: &str, len: usize| format!("{text:<<len$}");
    let number = pad(document, 9);
    let nationality = pad(nationality, 3);
    let mut lower = format!(
        "{number}{}{nationality}{birth}{}{sex}{expiry}{}",
        check_digit(&number),
        check_digit(birth),
        check_digit(expiry)
    );
    let optional = pad("", 14);
    lower.push_str(&optional);
    lower.push_str(&check_digit(&optional).to_string().replace('0', "<"));
    let composite = format!("{}{}{}", &lower[0..10], &lower[13..20], &lower[21..43]);
    lower.push_str(&check_digit(&composite).to_string());
    format!("{}\n{lower}", pad(&format!("P<{nationality}{name}"), 44))
}

/// An uncompressed 24-bit BMP (a format browsers decode), larger than the app keeps.
pub fn bmp(width: u32, height: u32) -> Vec<u8> {
    let row = (width * 3).div_ceil(4) * 4;
    let size = 54 + row * height;
    let mut out = Vec::with_capacity(size as usize);
    out.extend_from_slice(b"BM");
    for value in [size, 0, 54, 40] {
        out.extend_from_slice(&value.to_le_bytes());
    }
    out.extend_from_slice(&width.to_le_bytes());
    out.extend_from_slice(&height.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&24u16.to_le_bytes());
    for value in [0u32, row * height, 2835, 2835, 0, 0] {
        out.extend_from_slice(&value.to_le_bytes());
    }
    for y in 0..height {
        for x in 0..row {
            out.push(((x * 7 + y * 3) % 256) as u8);
        }
    }
    out
}

/// The password of every officer made by [`Product::team`].
pub const PASSWORD: &str = "sandi-uji-123";
/// The PIN every browser test sets on its tablet.
pub const PIN: &str = "246810";

/// The published password of every account `--demo` seeds.
pub const DEMO_PASSWORD: &str = "demo-pantau";

/// A running `pantau serve`; killed when dropped.
pub struct Server {
    _process: Guarded,
    pub url: String,
    pub port: u16,
    /// What the server printed after it was ready, line by line.
    pub output: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// Ends the server as a power cut would: SIGKILL, no shutdown.
    pub fn kill(self) {
        drop(self);
    }

    /// The server process's id.
    pub fn pid(&self) -> u32 {
        self._process.0.id()
    }
}

/// Pantau on its own data directory, on SQLite there or on a PostgreSQL database.
pub struct Product {
    data_dir: tempfile::TempDir,
    database_url: Option<String>,
    server: Option<Server>,
    pub url: String,
}

impl Product {
    pub fn new() -> anyhow::Result<Product> {
        Ok(Product {
            data_dir: tempfile::tempdir()?,
            database_url: None,
            server: None,
            url: String::new(),
        })
    }

    /// Pantau on the PostgreSQL database at `url` instead of SQLite.
    pub fn on_database(url: &str) -> anyhow::Result<Product> {
        Ok(Product {
            database_url: Some(url.to_string()),
            ..Product::new()?
        })
    }

    /// The database the product keeps its data in.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.path().join("pantau.db").display()
            )
        })
    }

    fn command(&self) -> anyhow::Result<Command> {
        let mut command = Command::new(pantau_binary()?);
        command
            .arg("--data-dir")
            .arg(self.data_dir.path())
            .env_remove("DATABASE_URL");
        if let Some(url) = &self.database_url {
            command.arg("--database-url").arg(url);
        }
        Ok(command)
    }

    /// Runs `pantau ARGS` to completion, feeding `stdin`; fails with its output if it fails.
    pub fn run(&self, args: &[&str], stdin: &str) -> anyhow::Result<String> {
        let mut child = self
            .command()?
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        child
            .stdin
            .take()
            .context("stdin")?
            .write_all(stdin.as_bytes())?;
        let output = child.wait_with_output()?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if !output.status.success() {
            bail!("pantau {args:?} failed: {text}");
        }
        Ok(text)
    }

    /// Adds a team covering `region` and its officers — `(username, role, agency)`, each
    /// named "Petugas <username>" — with `pantau team add` and `pantau user add`.
    pub fn team(
        &self,
        id: &str,
        region: &str,
        officers: &[(&str, &str, &str)],
    ) -> anyhow::Result<()> {
        self.run(
            &[
                "team",
                "add",
                "--id",
                id,
                "--name",
                &format!("Tim uji {id}"),
                "--region",
                region,
            ],
            "",
        )?;
        for (username, role, agency) in officers {
            let name = format!("Petugas {username}");
            let args = [
                "user",
                "add",
                "--username",
                username,
                "--name",
                &name,
                "--role",
                role,
                "--team",
                id,
                "--agency",
                agency,
            ];
            self.run(&args, &format!("{PASSWORD}\n"))?;
        }
        Ok(())
    }

    /// The HTTP status a sign-in with `password` gets from the running server.
    pub async fn sign_in_status(&self, username: &str, password: &str) -> anyhow::Result<u16> {
        let response = reqwest::Client::new()
            .post(format!("{}/api/auth/login", self.url))
            .json(
                &serde_json::json!({"username": username, "password": password,
                "device_id": uuid::Uuid::now_v7(), "device_name": "uji"}),
            )
            .send()
            .await?;
        Ok(response.status().as_u16())
    }

    /// Starts `pantau serve` on a free port with the built app and waits until it answers.
    pub fn serve(&mut self) -> anyhow::Result<()> {
        let server = self.start_server(0)?;
        self.url = server.url.clone();
        self.server = Some(server);
        Ok(())
    }

    /// Starts `pantau serve --demo` on a free port: the demo seeded, then served.
    pub fn serve_demo(&mut self) -> anyhow::Result<()> {
        self.serve_with(&["--demo"])
    }

    /// Starts `pantau serve EXTRA…` on a free port and waits until it answers.
    pub fn serve_with(&mut self, extra: &[&str]) -> anyhow::Result<()> {
        let server = self.start_server_with(0, extra)?;
        self.url = server.url.clone();
        self.server = Some(server);
        Ok(())
    }

    /// Stops the server (SIGKILL, as a power cut would); its port stays the product's.
    pub fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.kill();
        }
    }

    /// Restores `backup` over the data with `pantau restore --force`, as an office does
    /// after losing its server: the server must be stopped first.
    pub fn restore_from(&self, backup: &std::path::Path) -> anyhow::Result<String> {
        self.run(
            &[
                "restore",
                "--from",
                &backup.display().to_string(),
                "--force",
            ],
            "",
        )
    }

    /// Starts the server again on the port it had, where the tablets expect it.
    pub fn start_again(&mut self) -> anyhow::Result<()> {
        let port = self
            .url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .context("the product was never served")?;
        self.stop();
        let server = self.start_server(port)?;
        self.server = Some(server);
        Ok(())
    }

    /// The lines the running server printed since it was ready.
    pub fn server_output(&self) -> Vec<String> {
        self.server
            .as_ref()
            .and_then(|server| server.output.lock().ok().map(|lines| lines.clone()))
            .unwrap_or_default()
    }

    /// The directory the product keeps its files in.
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// The id of the server process [`Product::serve`] started, while it runs.
    pub fn server_pid(&self) -> Option<u32> {
        self.server.as_ref().map(Server::pid)
    }

    /// Starts a server on `port` (0: any free one) and waits until it is ready.
    pub fn start_server(&self, port: u16) -> anyhow::Result<Server> {
        self.start_server_with(port, &[])
    }

    /// Starts `pantau serve EXTRA…` on `port` (0: any free one) and waits until it is ready.
    pub fn start_server_with(&self, port: u16, extra: &[&str]) -> anyhow::Result<Server> {
        let mut child = self
            .command()?
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--app-dir",
            ])
            .arg(app_dir()?)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().context("stdout")?;
        let guard = Guarded(child);
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .context("the server exited before it was ready")??;
            if let Some(url) = line.strip_prefix("Pantau is running at ") {
                break url.trim_end_matches('/').to_string();
            }
        };
        // Keep reading so the server never blocks on a full pipe.
        let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = output.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if let Ok(mut kept) = kept.lock() {
                    kept.push(line);
                }
            }
        });
        let port = url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .context("the server printed no port")?;
        Ok(Server {
            _process: guard,
            url,
            port,
            output,
        })
    }
}

/// Headless Chromium behind chromedriver, with a fresh profile.
pub struct Browser {
    pub client: Client,
    _driver: Guarded,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> anyhow::Result<Browser> {
        let port = free_port()?;
        let driver = Guarded(
            Command::new("chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context(
                    "chromedriver is not installed (the test command installs chromium-driver)",
                )?,
        );
        let profile = tempfile::tempdir()?;
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1024,768", format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => {
                    bail!("chromedriver did not start: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Ok(Browser {
            client,
            _driver: driver,
            _profile: profile,
        })
    }

    /// Saves what the page shows into `PANTAU_E2E_SCREENSHOTS`, when that is set, so a
    /// failure can be looked at.
    pub async fn keep_screenshot(&self, label: &str) {
        let Ok(dir) = std::env::var("PANTAU_E2E_SCREENSHOTS") else {
            return;
        };
        if let Ok(png) = self.client.screenshot().await {
            let name: String = label.chars().filter(char::is_ascii_alphanumeric).collect();
            let _ = std::fs::write(Path::new(&dir).join(format!("{name}.png")), png);
        }
    }

    /// Opens the app at `url` and signs `username` in, waiting for the home screen.
    pub async fn sign_in(&self, url: &str, username: &str, password: &str) -> anyhow::Result<()> {
        self.client.goto(&format!("{url}/")).await?;
        self.find("#username").await?.send_keys(username).await?;
        self.find("#password").await?.send_keys(password).await?;
        self.click("#login-submit").await?;
        self.pass_lock().await?;
        self.find("#welcome").await?;
        Ok(())
    }

    /// Gets past the lock screen with [`PIN`]: sets it on a tablet's first sign-in,
    /// enters it after that.
    pub async fn pass_lock(&self) -> anyhow::Result<()> {
        self.wait_until(
            "document.querySelector('#pin-submit') && !document.querySelector('#pin-submit').disabled",
            30,
        )
        .await?;
        let setting = !self
            .client
            .find_all(fantoccini::Locator::Css("#pin-again"))
            .await?
            .is_empty();
        self.find("#pin").await?.send_keys(PIN).await?;
        if setting {
            self.find("#pin-again").await?.send_keys(PIN).await?;
        }
        self.click("#pin-submit").await
    }

    /// Opens `page` (an address under `url`, such as `/kantor/`) and signs in on the
    /// form it shows, with the demo password; the caller waits for what comes next.
    pub async fn sign_in_at(&self, url: &str, page: &str, username: &str) -> anyhow::Result<()> {
        self.client.goto(&format!("{url}{page}")).await?;
        self.find("#username").await?.send_keys(username).await?;
        self.find("#password").await?.send_keys(PASSWORD).await?;
        self.click("#login-submit").await
    }

    /// Picks `image` (written to `path`) as the page's first photo and waits for its
    /// thumbnail.
    pub async fn take_photo(&self, path: &Path, image: Vec<u8>) -> anyhow::Result<()> {
        std::fs::write(path, image)?;
        self.find(".photo-input")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        self.wait_until(
            "document.querySelectorAll('#photo-thumbnails img').length === 1",
            15,
        )
        .await
    }

    /// Registers a foreign national through the form, as an officer would, and waits
    /// for the saved record's page.
    pub async fn register_subject(&self, name: &str, region: &str) -> anyhow::Result<()> {
        self.click("#nav-subjects").await?;
        self.click("#register-subject").await?;
        self.find("#full_name").await?.send_keys(name).await?;
        self.find("#region_code").await?.send_keys(region).await?;
        self.click("#subject-save").await?;
        self.wait_for_text("#detail-name", name).await?;
        Ok(())
    }

    /// Sets an input's value as a person picking it (a date, say) does: the value, then
    /// an `input` event.
    pub async fn set_value(&self, css: &str, value: &str) -> anyhow::Result<()> {
        self.client
            .execute(
                "const input = document.querySelector(arguments[0]); input.value = arguments[1]; \
                 input.dispatchEvent(new Event('input', {bubbles: true}));",
                vec![serde_json::json!(css), serde_json::json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Opens the registry and types `text` into its search.
    pub async fn search_subjects(&self, text: &str) -> anyhow::Result<()> {
        self.click("#nav-subjects").await?;
        self.find("#subject-search").await?.send_keys(text).await?;
        Ok(())
    }

    /// A JSON string the app keeps in localStorage under `key`.
    pub async fn stored_text(&self, key: &str) -> anyhow::Result<Option<String>> {
        let value = self
            .client
            .execute(
                "return JSON.parse(localStorage.getItem(arguments[0]));",
                vec![serde_json::json!(key)],
            )
            .await?;
        Ok(serde_json::from_value(value)?)
    }

    /// Waits until the tablet can work with no signal: the app shell cached by the
    /// service worker, and the first sync (the team's roster with it) done.
    pub async fn ready_for_offline(&self) -> anyhow::Result<()> {
        self.wait_until(
            "navigator.serviceWorker && navigator.serviceWorker.controller",
            20,
        )
        .await?;
        self.wait_until(
            "/\\d\\d[:.]\\d\\d/.test(document.querySelector('#last-sync').textContent)",
            30,
        )
        .await
    }

    /// What the page's IndexedDB holds in `store` (under `key`, or all of it), as text:
    /// strings as they are, bytes as Latin-1, arrays item by item.
    pub async fn indexed_db(
        &self,
        store: &str,
        key: Option<&str>,
    ) -> anyhow::Result<serde_json::Value> {
        Ok(self
            .client
            .execute_async(
                "const [store, key, done] = arguments;
                 const opening = indexedDB.open('pantau');
                 opening.onsuccess = () => {
                   const db = opening.result;
                   const objects = db.transaction([store], 'readonly').objectStore(store);
                   const reading = key === null ? objects.getAll() : objects.get(key);
                   const text = (v) => v === undefined ? null
                     : typeof v === 'string' ? v : new TextDecoder('latin1').decode(v);
                   reading.onsuccess = () => {
                     const value = reading.result;
                     db.close();
                     done(Array.isArray(value) ? value.map(text) : text(value));
                   };
                 };",
                vec![serde_json::json!(store), serde_json::json!(key)],
            )
            .await?)
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(
        &self,
        cmd: &str,
        params: serde_json::Value,
    ) -> anyhow::Result<serde_json::Value> {
        Ok(self
            .client
            .issue_cmd(Cdp {
                cmd: cmd.into(),
                params,
            })
            .await?)
    }

    /// Cuts the page off the network (or restores it), as a tablet losing signal.
    pub async fn set_offline(&self, offline: bool) -> anyhow::Result<()> {
        self.cdp("Network.enable", serde_json::json!({})).await?;
        self.cdp(
            "Network.emulateNetworkConditions",
            serde_json::json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
        )
        .await?;
        Ok(())
    }

    /// Evaluates a JavaScript expression until it is truthy, for up to `seconds`.
    pub async fn wait_until(&self, expression: &str, seconds: u64) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let value = self
                .client
                .execute(&format!("return !!({expression});"), vec![])
                .await?;
            if value == serde_json::Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("{expression} did not become true within {seconds} s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The current value of a form control.
    pub async fn value_of(&self, css: &str) -> anyhow::Result<String> {
        Ok(self
            .find(css)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Waits up to ten seconds for an element matching `css`.
    pub async fn find(&self, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(fantoccini::Locator::Css(css))
            .await
            .with_context(|| format!("no element {css} appeared"))
    }

    /// Clicks an element the way a finger would: scrolled to the middle of the screen
    /// first, clear of the fixed status and navigation bars.
    pub async fn tap(&self, element: &fantoccini::elements::Element) -> anyhow::Result<()> {
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(element)?],
            )
            .await?;
        element.click().await?;
        Ok(())
    }

    /// Waits for the element matching `css` and taps it. An element the page drew again
    /// between finding and tapping (the data arriving after an unlock, say) is found
    /// again.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let mut redrawn = 0;
        loop {
            let element = self.find(css).await?;
            match self.tap(&element).await {
                Err(error) if redrawn < 5 && error.to_string().contains("stale element") => {
                    redrawn += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                tapped => return tapped,
            }
        }
    }

    /// Waits until the first number in the text of the element matching `css` is exactly
    /// `expected` (so that waiting for 0 is not satisfied by 10, nor 1 by 12).
    pub async fn wait_for_number(&self, css: &str, expected: u64) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = match self.client.find(fantoccini::Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if first_number(&text) == Some(expected) {
                return Ok(());
            }
            if Instant::now() > deadline {
                self.keep_screenshot(css).await;
                bail!("{css} shows {text:?}, expected the number {expected}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until exactly `expected` elements match `css`, once the element matching
    /// `drawn` shows `marker` — so an empty list is told apart from one not drawn yet.
    pub async fn wait_for_element_count(
        &self,
        css: &str,
        expected: usize,
        drawn: &str,
        marker: &str,
    ) -> anyhow::Result<()> {
        self.wait_for_text(drawn, marker).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self
                .client
                .find_all(fantoccini::Locator::Css(css))
                .await?
                .len();
            if found == expected {
                return Ok(());
            }
            if Instant::now() > deadline {
                self.keep_screenshot(css).await;
                bail!("{found} elements match {css}, expected {expected}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element matching `css` has text containing `expected`.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = match self.client.find(fantoccini::Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                self.keep_screenshot(css).await;
                bail!("{css} shows {text:?}, expected it to contain {expected:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The first whole number in `text`.
fn first_number(text: &str) -> Option<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|part| !part.is_empty())
        .and_then(|digits| digits.parse().ok())
}

/// A Chrome DevTools Protocol command sent through chromedriver's vendor endpoint.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({"cmd": self.cmd, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::first_number;

    #[test]
    fn the_first_number_is_read_whole() {
        assert_eq!(first_number("10 belum terkirim"), Some(10));
        assert_eq!(first_number("Tersinkron: 0"), Some(0));
        assert_eq!(first_number("belum pernah"), None);
    }
}

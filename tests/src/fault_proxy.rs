//! An HTTP proxy that sits between devices and the server and breaks the network on
//! purpose: it drops a connection before the request reaches the server or after the
//! server answered, sends a request twice, holds it back, or cuts the answer short.
//!
//! One request per connection: the proxy asks the server to close after answering, reads
//! the whole answer, and only then decides what the device gets. Fault choices come from
//! a seeded generator, so a run's sequence of faults can be replayed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// What the proxy does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Pass,
    /// Close the device's connection; the server never sees the request.
    DropBefore,
    /// The server applies the request; the device never hears back.
    DropAfter,
    /// The server gets the request twice; the device hears the second answer.
    Duplicate,
    /// Hold the request back a while, then pass it.
    Delay(Duration),
    /// Pass only part of the answer, then close.
    Truncate,
    /// Forward the request, then ask for the server to be killed before it answers.
    KillServer,
}

/// Counts of what the proxy did.
#[derive(Debug, Default)]
pub struct FaultCounts {
    pub requests: AtomicU64,
    pub dropped_before: AtomicU64,
    pub dropped_after: AtomicU64,
    pub duplicated: AtomicU64,
    pub delayed: AtomicU64,
    pub truncated: AtomicU64,
    pub kills: AtomicU64,
    pub upstream_down: AtomicU64,
    /// Push requests seen, and push answers sent with a result missing.
    pub pushes: AtomicU64,
    pub tampered: AtomicU64,
}

impl FaultCounts {
    pub fn summary(&self) -> String {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "{} requests: {} dropped before, {} dropped after, {} duplicated, {} delayed, \
             {} truncated, {} server kills mid-push, {} met a server that was down",
            get(&self.requests),
            get(&self.dropped_before),
            get(&self.dropped_after),
            get(&self.duplicated),
            get(&self.delayed),
            get(&self.truncated),
            get(&self.kills),
            get(&self.upstream_down),
        )
    }
}

struct Shared {
    upstream_port: AtomicU16,
    faults_on: AtomicBool,
    tamper_push_answers: AtomicBool,
    rng: Mutex<StdRng>,
    counts: FaultCounts,
    kill_requests: mpsc::UnboundedSender<()>,
}

pub struct FaultProxy {
    pub url: String,
    shared: Arc<Shared>,
}

/// How often each fault is chosen while faults are on, per request.
const FAULT_CHANCE: f64 = 0.35;

impl FaultProxy {
    /// Starts the proxy in front of the server on `upstream_port`. The receiver hears
    /// each time a push was forwarded and the server should be killed now.
    pub async fn start(
        upstream_port: u16,
        seed: u64,
    ) -> anyhow::Result<(FaultProxy, mpsc::UnboundedReceiver<()>)> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let (kill_requests, kills) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            upstream_port: AtomicU16::new(upstream_port),
            faults_on: AtomicBool::new(false),
            tamper_push_answers: AtomicBool::new(false),
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
            counts: FaultCounts::default(),
            kill_requests,
        });
        let accepting = shared.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let shared = accepting.clone();
                tokio::spawn(async move {
                    let _ = handle(client, &shared).await;
                });
            }
        });
        Ok((FaultProxy { url, shared }, kills))
    }

    /// Points the proxy at a server restarted on another port.
    pub fn set_upstream(&self, port: u16) {
        self.shared.upstream_port.store(port, Ordering::SeqCst);
    }

    pub fn set_faults(&self, on: bool) {
        self.shared.faults_on.store(on, Ordering::SeqCst);
    }

    /// While on, every push answer reaches the device with its last result removed: an
    /// answer the device's sync engine must refuse.
    pub fn set_tamper_push_answers(&self, on: bool) {
        self.shared.tamper_push_answers.store(on, Ordering::SeqCst);
    }

    pub fn counts(&self) -> &FaultCounts {
        &self.shared.counts
    }
}

fn choose(shared: &Shared, is_push: bool) -> Fault {
    if !shared.faults_on.load(Ordering::SeqCst) {
        return Fault::Pass;
    }
    let mut rng = shared.rng.lock().unwrap_or_else(|p| p.into_inner());
    if !rng.random_bool(FAULT_CHANCE) {
        return Fault::Pass;
    }
    match rng.random_range(0..if is_push { 6 } else { 5 }) {
        0 => Fault::DropBefore,
        1 => Fault::DropAfter,
        2 => Fault::Duplicate,
        3 => Fault::Delay(Duration::from_millis(rng.random_range(20..300))),
        4 => Fault::Truncate,
        _ => Fault::KillServer,
    }
}

/// Reads one HTTP request: its head (up to the blank line) and a `Content-Length` body.
async fn read_request(client: &mut TcpStream) -> anyhow::Result<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = client.read(&mut chunk).await?;
        anyhow::ensure!(read > 0, "the device closed before sending a request");
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())
                .flatten()
        })
        .unwrap_or(0);
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let read = client.read(&mut chunk).await?;
        anyhow::ensure!(read > 0, "the device closed in the middle of a request");
        body.extend_from_slice(&chunk[..read]);
    }
    Ok((head, body))
}

/// The request head with `Connection: close`, so the server ends its answer with EOF.
fn closing_head(head: &str) -> String {
    let mut lines: Vec<&str> = head
        .trim_end_matches("\r\n")
        .split("\r\n")
        .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    lines.push("Connection: close");
    format!("{}\r\n\r\n", lines.join("\r\n"))
}

/// Sends the request to the server and reads its whole answer; `kill` asks for the
/// server to be killed once the request is on its way.
async fn forward(shared: &Shared, head: &str, body: &[u8], kill: bool) -> anyhow::Result<Vec<u8>> {
    let port = shared.upstream_port.load(Ordering::SeqCst);
    let mut upstream = TcpStream::connect(("127.0.0.1", port)).await?;
    upstream.write_all(closing_head(head).as_bytes()).await?;
    upstream.write_all(body).await?;
    if kill {
        shared.counts.kills.fetch_add(1, Ordering::Relaxed);
        let _ = shared.kill_requests.send(());
    }
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer).await?;
    Ok(answer)
}

/// The request head without `Accept-Encoding`, so the answer comes back as plain JSON.
fn without_compression(head: &str) -> String {
    head.split("\r\n")
        .filter(|line| !line.to_ascii_lowercase().starts_with("accept-encoding:"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// A whole HTTP answer with a push response's last result removed and the length fixed.
fn short_of_one_result(answer: &[u8]) -> anyhow::Result<Vec<u8>> {
    let head_end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4)
        .ok_or_else(|| anyhow::anyhow!("an answer without a head"))?;
    let mut json: serde_json::Value = serde_json::from_slice(&answer[head_end..])?;
    if let Some(results) = json["results"].as_array_mut() {
        results.pop();
    }
    let body = serde_json::to_vec(&json)?;
    let head: Vec<String> = String::from_utf8_lossy(&answer[..head_end])
        .trim_end()
        .split("\r\n")
        .filter(|line| !line.to_ascii_lowercase().starts_with("content-length:"))
        .map(str::to_string)
        .chain([format!("content-length: {}", body.len())])
        .collect();
    let mut rewritten = format!("{}\r\n\r\n", head.join("\r\n")).into_bytes();
    rewritten.extend_from_slice(&body);
    Ok(rewritten)
}

async fn handle(mut client: TcpStream, shared: &Shared) -> anyhow::Result<()> {
    let (head, body) = read_request(&mut client).await?;
    shared.counts.requests.fetch_add(1, Ordering::Relaxed);
    let is_push = head.starts_with("POST /api/sync/push");
    let counts = &shared.counts;
    if is_push {
        counts.pushes.fetch_add(1, Ordering::Relaxed);
        if shared.tamper_push_answers.load(Ordering::SeqCst) {
            let answer = forward(shared, &without_compression(&head), &body, false).await?;
            client.write_all(&short_of_one_result(&answer)?).await?;
            counts.tampered.fetch_add(1, Ordering::Relaxed);
            client.shutdown().await?;
            return Ok(());
        }
    }
    let fault = choose(shared, is_push);
    let answer = match fault {
        Fault::DropBefore => {
            counts.dropped_before.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        Fault::Delay(wait) => {
            counts.delayed.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(wait).await;
            forward(shared, &head, &body, false).await
        }
        Fault::Duplicate => {
            counts.duplicated.fetch_add(1, Ordering::Relaxed);
            let _ = forward(shared, &head, &body, false).await;
            forward(shared, &head, &body, false).await
        }
        Fault::KillServer => forward(shared, &head, &body, true).await,
        Fault::Pass | Fault::DropAfter | Fault::Truncate => {
            forward(shared, &head, &body, false).await
        }
    };
    let Ok(answer) = answer else {
        counts.upstream_down.fetch_add(1, Ordering::Relaxed);
        return Ok(());
    };
    match fault {
        Fault::DropAfter => {
            counts.dropped_after.fetch_add(1, Ordering::Relaxed);
        }
        Fault::Truncate => {
            counts.truncated.fetch_add(1, Ordering::Relaxed);
            let cut = answer.len() / 2;
            client.write_all(&answer[..cut]).await?;
        }
        _ => client.write_all(&answer).await?,
    }
    client.shutdown().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tampered_answer_lacks_one_result_and_says_its_new_length() {
        let body = r#"{"results":[{"op_id":"a"},{"op_id":"b"}],"server_time_ms":1}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        let tampered = short_of_one_result(answer.as_bytes()).expect("rewritten");
        let text = String::from_utf8(tampered).expect("text");
        let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
        assert_eq!(body, r#"{"results":[{"op_id":"a"}],"server_time_ms":1}"#);
        assert!(head.ends_with(&format!("content-length: {}", body.len())));
        assert!(
            !without_compression("GET / HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n")
                .contains("gzip")
        );
    }

    #[test]
    fn the_server_is_asked_to_close_after_answering() {
        let head = "POST /api/sync/push HTTP/1.1\r\nhost: x\r\nConnection: keep-alive\r\ncontent-length: 2\r\n\r\n";
        let rewritten = closing_head(head);
        assert!(rewritten.ends_with("Connection: close\r\n\r\n"));
        assert!(!rewritten.contains("keep-alive"));
        assert!(rewritten.contains("content-length: 2\r\n"));
    }
}

//! Helpers for the end-to-end tests: run the real binary on a real store.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `parallax --data-dir DATA ARGS...`.
pub fn parallax(data: &Path, args: &[&str]) -> Output {
    parallax_with_stdin(data, args, None)
}

/// Runs `parallax` with `stdin` piped in.
pub fn parallax_with_stdin(data: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command.arg("--data-dir").arg(data).args(args).env_remove("PARALLAX_DATA");
    command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("start parallax");
    if let Some(bytes) = stdin {
        child.stdin.take().expect("stdin").write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("wait for parallax")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The stored articles, as `parallax articles --json` prints them.
pub fn articles(data: &Path) -> Vec<serde_json::Value> {
    let output = parallax(data, &["articles", "--json"]);
    assert!(output.status.success(), "articles --json failed: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("articles --json prints JSON")
}

/// The copy groups, as `parallax duplicates --json` prints them, and each group's article ids.
pub fn duplicate_groups(data: &Path) -> Vec<(serde_json::Value, Vec<serde_json::Value>)> {
    let output = parallax(data, &["duplicates", "--json"]);
    assert!(output.status.success(), "duplicates --json failed: {}", stderr(&output));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("duplicates --json");
    let groups = json["groups"].as_array().expect("groups").clone();
    groups
        .into_iter()
        .map(|group| {
            let ids = group["articles"].as_array().expect("ids").clone();
            (group, ids)
        })
        .collect()
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the checkout, when it is there; tests that need it skip without it.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = repo_root().join("../shared").join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// Markdown link and emphasis markup removed and whitespace collapsed, as extraction renders it.
pub fn plain(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find("](").and_then(|mid| after[mid..].find(')').map(|end| (mid, mid + end))) {
            Some((mid, end)) => {
                out.push_str(&after[..mid]);
                rest = &after[end + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("**", "").replace('*', "");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks an extracted article against its source text, line by line: each line that starts
/// with one of `must_go` (or equals it, for entries of three characters or fewer) is not in
/// the body; every other line is, whole (a dateline lifted out of it aside).
pub fn check_lines(name: &str, source: &str, article: &serde_json::Value, must_go: &[&str]) {
    let paragraphs: Vec<String> = article["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| p["text"].as_str().unwrap_or_default().to_string())
        .collect();
    let body = paragraphs.join(" ");
    let dateline = article["dateline"].as_str();
    let mut matched = vec![false; must_go.len()];
    for line in source.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let text = plain(line);
        let rule = must_go.iter().position(|prefix| {
            let prefix = plain(prefix);
            if prefix.chars().count() <= 3 { text == prefix } else { text.starts_with(&prefix) }
        });
        if let Some(rule) = rule {
            matched[rule] = true;
            assert!(
                !paragraphs.contains(&text),
                "{name}: boilerplate kept as a paragraph: {line:?}"
            );
            if text.chars().count() >= 12 {
                assert!(!body.contains(&text), "{name}: boilerplate kept: {line:?}");
            }
        } else {
            let undated = dateline
                .and_then(|d| text.strip_prefix(d))
                .map(|rest| rest.trim_start_matches([' ', ':', '-', '–', '—']).to_string());
            let kept = body.contains(&text) || undated.is_some_and(|rest| body.contains(&rest));
            assert!(kept, "{name}: reporting lost: {line:?}");
        }
    }
    for (rule, seen) in must_go.iter().zip(matched) {
        assert!(seen, "{name}: rule {rule:?} matched no line (the test is out of date)");
    }
}

/// A free loopback port.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.local_addr().expect("an address").port()
}

/// One HTTP/1.1 exchange over a plain socket: `(status, body)`.
pub fn http(addr: SocketAddr, request: &str) -> Option<(u16, String)> {
    http_with_head(addr, request).map(|(status, _, body)| (status, body))
}

/// One HTTP/1.1 exchange over a plain socket: `(status, header lines, body)`.
pub fn http_with_head(addr: SocketAddr, request: &str) -> Option<(u16, String, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split(' ').nth(1)?.parse().ok()?;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((answer.as_str(), ""));
    Some((status, head.to_string(), body.to_string()))
}

/// `parallax serve` on a free port with a token, once it answers `/healthz`.
pub fn serve(data: &std::path::Path) -> (Child, SocketAddr) {
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().expect("an address");
    let child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .arg("--data-dir")
        .arg(data)
        .args(["serve", "--addr", &addr.to_string(), "--token", "paths-token"])
        .env("PARALLAX_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start parallax serve");
    let started = Instant::now();
    let health = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    while http(addr, health).is_none_or(|(status, _)| status != 200) {
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, addr)
}

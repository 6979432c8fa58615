//! A stand-in HTTP server on loopback for what Canal calls out to (a Bot
//! API and its files, a webhook receiver): it records every request and
//! answers with the status and body the test chose for that path.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::wait::until;

/// A request the stand-in received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The path (with the query).
    pub path: String,
    /// Headers, names in lower case.
    pub headers: BTreeMap<String, String>,
    /// The body.
    pub body: String,
}

impl Recorded {
    /// The body as JSON (`Null` if it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_default()
    }
}

/// An answer: its status and body.
type Answer = (u16, Vec<u8>);

#[derive(Default)]
struct Shared {
    calls: Vec<Recorded>,
    /// Answers to give, by path suffix, in order; the last one repeats.
    answers: Vec<(String, Vec<Answer>)>,
}

/// The running stand-in (stops with the test process).
pub struct StandIn {
    port: u16,
    shared: Arc<Mutex<Shared>>,
}

impl StandIn {
    /// Starts listening on a free loopback port.
    pub fn start() -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the stand-in");
        let port = listener.local_addr().expect("its address").port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let s = Arc::clone(&shared);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = Arc::clone(&s);
                thread::spawn(move || serve(stream, &s));
            }
        });
        StandIn { port, shared }
    }

    /// Its base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Answers requests whose path ends with `suffix` with these, in order
    /// (the last one repeats). Unset paths get `200 {"ok":true,"result":true}`.
    pub fn answer(&self, suffix: &str, answers: &[(u16, &str)]) {
        let answers: Vec<(u16, &[u8])> = answers.iter().map(|(c, b)| (*c, b.as_bytes())).collect();
        self.answer_bytes(suffix, &answers);
    }

    /// Like [`StandIn::answer`], with bodies of any bytes (a file to
    /// download).
    pub fn answer_bytes(&self, suffix: &str, answers: &[(u16, &[u8])]) {
        let mut s = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        s.answers.retain(|(p, _)| p != suffix);
        s.answers.push((
            suffix.to_owned(),
            answers.iter().map(|(c, b)| (*c, b.to_vec())).collect(),
        ));
    }

    /// Every request so far whose path ends with `suffix`.
    pub fn calls(&self, suffix: &str) -> Vec<Recorded> {
        let s = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        s.calls
            .iter()
            .filter(|c| c.path.ends_with(suffix))
            .cloned()
            .collect()
    }

    /// Waits until `n` requests whose path ends with `suffix` came.
    pub fn wait_calls(&self, suffix: &str, n: usize) -> Vec<Recorded> {
        until(&format!("{n} calls to …{suffix}"), || {
            let calls = self.calls(suffix);
            (calls.len() >= n).then_some(calls)
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }
}

fn serve(stream: TcpStream, shared: &Mutex<Shared>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let (status, answer) = {
        let mut s = shared.lock().unwrap_or_else(|p| p.into_inner());
        s.calls.push(Recorded {
            path: path.clone(),
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        match s
            .answers
            .iter_mut()
            .find(|(p, _)| path.ends_with(p.as_str()))
        {
            Some((_, list)) if list.len() > 1 => list.remove(0),
            Some((_, list)) if !list.is_empty() => list[0].clone(),
            _ => (200, br#"{"ok":true,"result":true}"#.to_vec()),
        }
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        answer.len()
    );
    let _ = stream.write_all(&answer);
    let _ = stream.flush();
}

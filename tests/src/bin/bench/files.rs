//! `cargo xtask bench files` (#21, item 8): a 10 MB upload through Canal
//! (`PUT /api/files`: authorized by the conversation, its type read from
//! its first bytes, streamed into R2, recorded once) beside the same bytes
//! streamed into R2 by a bare route of the same worker (`PUT
//! /api/bench/r2`), alternated in one run; and a message that carries a
//! stored file beside a text one, from the visitor to the operator.

use std::time::{Duration, Instant};

use canal_shared::ids::{ClientMsgId, Seq};
use canal_shared::protocol::{ClientFrame, ServerFrame, PROTOCOL_VERSION};
use canal_tests::api::{login, put_bytes, visitor};
use canal_tests::files::{upload, PNG};
use canal_tests::socket::{connect, Socket};
use canal_tests::worker::Worker;

use crate::summarize;

/// The size of the large file: the account's default limit.
const BIG: usize = 10 * 1024 * 1024;
/// Timed uploads of each kind (visitors may upload 10 files a minute, so
/// they are spread over several visitors).
const UPLOADS: usize = 12;
/// Messages of each kind timed from the visitor to the operator.
const MESSAGES: usize = 24;

/// The report's section.
pub fn report(w: &Worker, password: &str) -> String {
    let body = pdf(BIG);
    let mut bare = Vec::new();
    let mut canal = Vec::new();
    let mut session = visitor(w, "demo");
    let mut used = 0;
    // One of each first, untimed.
    for i in 0..=UPLOADS {
        if used == 9 {
            session = visitor(w, "demo");
            used = 0;
        }
        let t = Instant::now();
        let (status, _) = put_bytes(w, &format!("/api/bench/r2?key=big{i}"), None, &body);
        let b = t.elapsed();
        assert_eq!(status, 201, "the bare upload");
        let t = Instant::now();
        let (status, answer) = upload(
            w,
            &session.token,
            &session.conversation,
            &format!("big{i}"),
            "big.pdf",
            &body,
        );
        let c = t.elapsed();
        used += 1;
        assert_eq!(status, 201, "Canal's upload: {answer}");
        if i > 0 {
            bare.push(ms(b));
            canal.push(ms(c));
        }
    }
    let (b50, b99) = summarize(bare);
    let (c50, c99) = summarize(canal);
    let (text, file) = messages(w, password);
    let (t50, t99) = summarize(text);
    let (f50, f99) = summarize(file);
    format!(
        "### Files: a {mb} MB upload ({UPLOADS} each, alternated, after one of each) and a message with a file ({MESSAGES} each, alternated)\n\n\
         | path | p50 | max |\n|---|---:|---:|\n\
         | bare worker: `PUT` streamed into R2 | {b50:.1} ms | {b99:.1} ms |\n\
         | Canal: `PUT /api/files` (authorized, type read, streamed into R2, recorded) | {c50:.1} ms | {c99:.1} ms |\n\
         | **ratio Canal / bare** (target ≤ 1.5×) | **{:.2}×** | {:.2}× |\n\
         | visitor → operator, a text message | {t50:.2} ms | {t99:.2} ms |\n\
         | visitor → operator, a message with a stored file | {f50:.2} ms | {f99:.2} ms |\n\
         | **ratio file / text** | **{:.2}×** | {:.2}× |\n",
        c50 / b50,
        c99 / b99,
        f50 / t50,
        f99 / t99,
        mb = BIG / (1024 * 1024),
    )
}

/// Visitor → operator times of text messages and of messages that carry
/// a file stored before, alternated.
fn messages(w: &Worker, password: &str) -> (Vec<f64>, Vec<f64>) {
    let ana = login(w, "ana@example.com", password);
    let (mut text, mut file) = (Vec::new(), Vec::new());
    // Nine files a visitor, one conversation each.
    for round in 0..MESSAGES.div_ceil(9) {
        let v = visitor(w, "demo");
        let ids: Vec<String> = (0..9)
            .map(|i| {
                let id = format!("f{round}x{i}");
                let (status, answer) = upload(w, &v.token, &v.conversation, &id, "a.png", PNG);
                assert_eq!(status, 201, "a small file: {answer}");
                id
            })
            .collect();
        let mut vs = socket(
            w,
            &format!(
                "/ws/visitor?conversation={}&token={}",
                v.conversation, v.token
            ),
        );
        let mut os = socket(
            w,
            &format!(
                "/ws/operator?conversation={}&token={}",
                v.conversation, ana.token
            ),
        );
        for (i, id) in ids.iter().enumerate() {
            if text.len() >= MESSAGES {
                break;
            }
            // Alternated, each kind first in turn.
            let (t, m) = (format!("t{round}x{i}"), format!("m{round}x{i}"));
            if i % 2 == 0 {
                text.push(deliver(&mut vs, &mut os, &t, None));
                file.push(deliver(&mut vs, &mut os, &m, Some(id)));
            } else {
                file.push(deliver(&mut vs, &mut os, &m, Some(id)));
                text.push(deliver(&mut vs, &mut os, &t, None));
            }
        }
    }
    (text, file)
}

/// A conversation's socket, welcomed.
fn socket(w: &Worker, path: &str) -> Socket {
    let mut s = connect(&w.ws_url(path)).expect("a socket");
    s.spin();
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(0),
    });
    s.until("the welcome", |f| {
        matches!(f, ServerFrame::Welcome { .. }).then_some(())
    });
    s
}

/// Sends message `id` (with `file`) from `vs` and times it until `os`
/// has it.
fn deliver(vs: &mut Socket, os: &mut Socket, id: &str, file: Option<&str>) -> f64 {
    let id = ClientMsgId::parse(id).expect("an id");
    let file = file.map(|f| ClientMsgId::parse(f).expect("a file id"));
    let t = Instant::now();
    vs.send(&ClientFrame::Send {
        id: id.clone(),
        text: "benchmark".into(),
        file,
    });
    os.until("the message at the operator", |f| match f {
        ServerFrame::Message { message } if message.id == id => Some(()),
        _ => None,
    });
    let took = ms(t.elapsed());
    vs.until("the ack", |f| match f {
        ServerFrame::Ack { id: got, .. } if *got == id => Some(()),
        _ => None,
    });
    took
}

/// A PDF of `size` bytes (its header, then filler).
fn pdf(size: usize) -> Vec<u8> {
    let mut body = b"%PDF-1.4\n".to_vec();
    body.resize(size, b'.');
    body
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

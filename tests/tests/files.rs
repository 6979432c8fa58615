//! Issue #21 against a real `wrangler dev` (R2 as it simulates it), as raw
//! clients: a file goes both ways and is stored once; every limit refuses
//! with its reason and status before anything is stored; links are signed,
//! per file and short-lived; files crafted to run script are refused or
//! served so that they cannot run.

use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, ErrorCode, FileRef, Message, ServerFrame, VisitorSessionResponse,
};
use canal_tests::api::{get, post, visitor};
use canal_tests::cases;
use canal_tests::scenario::{hello, take, Team};
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use serde_json::{json, Value};

fn main() {
    suite::run(
        // Links in frames work for 3 seconds (a test-only setting).
        || Team::start_with(&[("CANAL_FILE_LINK_MS", LINK_MS)]),
        cases![
            files_21_a_file_goes_both_ways_and_is_stored_once,
            files_21_every_limit_refuses_with_its_reason_before_storing,
            files_21_only_the_conversations_people_upload_and_links_are_per_file,
            files_21_files_crafted_to_run_script_never_run,
            files_21_r_s_3_a_visitor_uploading_fast_is_told_when_to_try_again,
            files_21_links_expire_and_an_open_client_gets_fresh_ones,
        ],
    )
}

/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// An upload's status, its JSON answer and its `Retry-After`.
struct Put {
    status: u16,
    body: Value,
    retry_after: Option<String>,
}

/// `PUT /api/files` of `bytes` as `name`, file id `id`.
fn put(
    team: &Team,
    token: &str,
    conversation: &ConversationId,
    id: &str,
    name: &str,
    bytes: &[u8],
) -> Put {
    let url = team.w.url(&format!(
        "/api/files?conversation={conversation}&id={id}&name={}",
        urlencode(name)
    ));
    let res = ureq::put(&url)
        .set("authorization", &format!("Bearer {token}"))
        .send_bytes(bytes);
    answer(res)
}

fn answer(res: Result<ureq::Response, ureq::Error>) -> Put {
    match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => Put {
            status: r.status(),
            retry_after: r.header("retry-after").map(str::to_owned),
            body: r.into_json().unwrap_or(Value::Null),
        },
        Err(e) => panic!("upload failed: {e}"),
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A GET of a file link (a path on the team's worker): status, headers
/// asked for, body.
fn fetch(team: &Team, url: &str, headers: &[&str]) -> (u16, Vec<Option<String>>, Vec<u8>) {
    canal_tests::files::fetch(&team.w.url(url), headers)
}

/// A visitor's socket, said hello, with the welcome read.
fn visitor_socket(team: &Team, v: &VisitorSessionResponse) -> Socket {
    let mut s = connect(&team.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    hello(&mut s);
    s.until("the welcome", |f| {
        matches!(f, ServerFrame::Welcome { .. }).then_some(())
    });
    s
}

/// Sends message `id` with `file` and `caption`; its ack or error.
fn send_file(s: &mut Socket, id: &str, file: &str, caption: &str) -> Result<Seq, ErrorCode> {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: caption.into(),
        file: Some(ClientMsgId::parse(file).unwrap()),
    });
    s.until("the ack", |f| match f {
        ServerFrame::Ack { seq, .. } => Some(Ok(*seq)),
        ServerFrame::Error { code, .. } => Some(Err(*code)),
        _ => None,
    })
}

/// The file of the message that arrives on `s` next with one.
fn file_arrives(s: &mut Socket) -> FileRef {
    s.until("a message with a file", |f| match f {
        ServerFrame::Message { message } => message.file.clone(),
        _ => None,
    })
}

fn file_ref(body: &Value) -> FileRef {
    serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("a file: {e}: {body}"))
}

fn files_21_a_file_goes_both_ways_and_is_stored_once(team: &Team) {
    let mut inbox = connect(
        &team
            .w
            .ws_url(&format!("/ws/inbox?token={}", team.ana.token)),
    )
    .expect("Ana's inbox");
    let v = visitor(&team.w, team.demo.channel.id.as_str());
    let mut vs = visitor_socket(team, &v);
    // The visitor's screenshot, stored once: the resend gets the same file.
    let first = put(team, &v.token, &v.conversation, "f1", "tela.png", PNG);
    assert_eq!(first.status, 201, "{}", first.body);
    let shot = file_ref(&first.body);
    assert_eq!(
        (shot.mime.as_str(), shot.size),
        ("image/png", PNG.len() as u64)
    );
    assert_eq!((shot.width, shot.height), (Some(1), Some(1)));
    let again = put(team, &v.token, &v.conversation, "f1", "tela.png", PNG);
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(
        FileRef {
            url: None,
            ..file_ref(&again.body)
        },
        FileRef {
            url: None,
            ..shot.clone()
        }
    );
    // The message that carries it, with an empty caption.
    send_file(&mut vs, "m1", "f1", "").expect("the ack");
    let relayed = file_arrives(&mut vs);
    assert_eq!(relayed.name, "tela.png");
    // Ana takes the conversation and sees it, on replay, with a link.
    take(
        &team.w,
        &team.demo.channel.id,
        &team.ana,
        &mut inbox,
        &v.conversation,
    );
    let mut os = connect(&team.w.ws_url(&format!(
        "/ws/operator?conversation={}&token={}",
        v.conversation, team.ana.token
    )))
    .expect("operator socket");
    hello(&mut os);
    let seen = file_arrives(&mut os);
    let url = seen.url.clone().expect("a link");
    let (status, headers, body) = fetch(
        team,
        &url,
        &[
            "content-type",
            "content-disposition",
            "x-content-type-options",
        ],
    );
    assert_eq!(status, 200);
    assert_eq!(body, PNG, "the bytes as sent");
    assert_eq!(headers[0].as_deref(), Some("image/png"));
    assert!(
        headers[1].as_deref().unwrap_or("").starts_with("inline"),
        "{headers:?}"
    );
    assert_eq!(headers[2].as_deref(), Some("nosniff"));
    // Ana answers with a PDF and a caption; the visitor downloads it.
    let pdf = put(
        team,
        &team.ana.token,
        &v.conversation,
        "f1",
        "orçamento.pdf",
        PDF,
    );
    assert_eq!(pdf.status, 201, "{}", pdf.body);
    send_file(&mut os, "o1", "f1", "Segue o orçamento").expect("the ack");
    let got = file_arrives(&mut vs);
    assert_eq!(
        (got.name.as_str(), got.mime.as_str()),
        ("orçamento.pdf", "application/pdf")
    );
    let (status, headers, body) = fetch(team, &got.url.expect("a link"), &["content-disposition"]);
    assert_eq!((status, body.as_slice()), (200, PDF));
    let disposition = headers[0].clone().unwrap_or_default();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("UTF-8''or%C3%A7amento.pdf"),
        "{disposition}"
    );
}

fn files_21_every_limit_refuses_with_its_reason_before_storing(team: &Team) {
    let v = visitor(&team.w, team.demo.channel.id.as_str());
    let c = &v.conversation;
    let refused = |p: Put, status: u16, words: &str| {
        assert_eq!(p.status, status, "{}", p.body);
        let message = p.body["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains(words), "{message:?} should say {words:?}");
    };
    // Over the default 10 MB.
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    refused(
        put(team, &v.token, c, "big", "big.txt", &big),
        413,
        "limit of 10 MB",
    );
    // Types read from the bytes: an executable, a ZIP named as a picture.
    refused(
        put(team, &v.token, c, "exe", "setup.exe", b"MZ\x90\0\x03"),
        415,
        "allowed: image, pdf, text, csv, office",
    );
    refused(
        put(team, &v.token, c, "zip", "cat.png", b"PK\x03\x04\x14\0"),
        415,
        "cannot be sent",
    );
    // Empty, a path, control characters, text-direction tricks.
    refused(put(team, &v.token, c, "e", "empty.txt", b""), 400, "empty");
    refused(
        put(team, &v.token, c, "p", "../../etc/passwd", b"x"),
        400,
        "path separator",
    );
    refused(
        put(team, &v.token, c, "n", "a\nb.txt", b"x"),
        400,
        "control",
    );
    refused(
        put(team, &v.token, c, "r", "photo\u{202e}gnp.exe", b"x"),
        400,
        "text-direction",
    );
    // No length said up front.
    let url = team
        .w
        .url(&format!("/api/files?conversation={c}&id=len&name=a.txt"));
    let chunked = ureq::put(&url)
        .set("authorization", &format!("Bearer {}", v.token))
        .send(std::io::Cursor::new(b"hello".to_vec()));
    refused(answer(chunked), 411, "Content-Length");
    // Nothing of those was stored: a message cannot carry one.
    let mut vs = visitor_socket(team, &v);
    assert_eq!(
        send_file(&mut vs, "m1", "exe", "x"),
        Err(ErrorCode::NotFound)
    );
    // An admin's own limits: 1 KB, pictures only; only admins set them.
    let set = |token: &str, limits: Value| post(&team.w, "/api/files/limits", Some(token), &limits);
    assert_eq!(
        set(
            &team.ana.token,
            json!({"max_bytes": 1024, "allowed": ["image"]})
        )
        .0,
        403
    );
    let (status, body) = set(
        &team.admin.token,
        json!({"max_bytes": 0, "allowed": ["image"]}),
    );
    assert_eq!(status, 400, "{body}");
    let (status, body) = set(
        &team.admin.token,
        json!({"max_bytes": 1024, "allowed": ["image"]}),
    );
    assert_eq!(status, 200, "{body}");
    let _reset = Reset(team);
    let (status, body) = get(&team.w, "/api/files/limits", Some(&team.admin.token));
    assert_eq!((status, body["max_bytes"].as_u64()), (200, Some(1024)));
    refused(
        put(team, &v.token, c, "pdf", "a.pdf", PDF),
        415,
        "allowed: image",
    );
    refused(
        put(team, &v.token, c, "kb", "a.txt", &[b'a'; 2048]),
        413,
        "limit of 1 KB",
    );
    assert_eq!(put(team, &v.token, c, "ok", "ok.png", PNG).status, 201);
}

/// Puts the account's file limits back to the defaults when dropped.
struct Reset<'a>(&'a Team);

impl Drop for Reset<'_> {
    fn drop(&mut self) {
        let defaults = canal_shared::files::FileLimits::default();
        post(
            &self.0.w,
            "/api/files/limits",
            Some(&self.0.admin.token),
            &defaults,
        );
    }
}

fn files_21_only_the_conversations_people_upload_and_links_are_per_file(team: &Team) {
    let v = visitor(&team.w, team.demo.channel.id.as_str());
    let other = visitor(&team.w, team.demo.channel.id.as_str());
    // Another visitor, nobody, a forged token; an operator who does not
    // answer it; Bruno, who supervises Ana, only reads.
    assert_eq!(
        put(team, &other.token, &v.conversation, "f", "a.png", PNG).status,
        403
    );
    let url = team.w.url(&format!(
        "/api/files?conversation={}&id=f&name=a.png",
        v.conversation
    ));
    assert_eq!(answer(ureq::put(&url).send_bytes(PNG)).status, 401);
    assert_eq!(
        put(team, "forged.token", &v.conversation, "f", "a.png", PNG).status,
        401
    );
    assert_eq!(
        put(team, &team.ana.token, &v.conversation, "f", "a.png", PNG).status,
        403
    );
    // Two files of this conversation; each link reads its own only.
    let a = file_ref(&put(team, &v.token, &v.conversation, "fa", "a.png", PNG).body);
    let b = file_ref(&put(team, &v.token, &v.conversation, "fb", "b.txt", b"hello").body);
    let (a_url, b_url) = (a.url.unwrap(), b.url.unwrap());
    let token_of = |u: &str| u.split_once("?t=").unwrap().1.to_owned();
    let (path_b, _) = b_url.split_once('?').unwrap();
    let crossed = format!("{path_b}?t={}", token_of(&a_url));
    assert_eq!(fetch(team, &crossed, &[]).0, 403, "a link of another file");
    let mut tampered = token_of(&b_url);
    tampered.pop();
    assert_eq!(fetch(team, &format!("{path_b}?t={tampered}"), &[]).0, 403);
    assert_eq!(fetch(team, path_b, &[]).0, 401, "no signature");
    // A visitor token is not a link.
    assert_eq!(fetch(team, &format!("{path_b}?t={}", v.token), &[]).0, 403);
    let (status, _, body) = fetch(team, &b_url, &[]);
    assert_eq!((status, body.as_slice()), (200, b"hello".as_slice()));
}

fn files_21_files_crafted_to_run_script_never_run(team: &Team) {
    let v = visitor(&team.w, team.demo.channel.id.as_str());
    let c = &v.conversation;
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    assert_eq!(put(team, &v.token, c, "svg", "logo.svg", svg).status, 415);
    let html = b"<html><script>alert(1)</script></html>";
    assert_eq!(put(team, &v.token, c, "html", "cat.png", html).status, 415);
    assert_eq!(
        put(team, &v.token, c, "page", "page.html", html).status,
        415
    );
    // A polyglot: a picture whose bytes also read as a page. It is a
    // picture, served as one, in a sandbox, never sniffed.
    let mut polyglot = PNG.to_vec();
    polyglot.extend(html);
    let stored = put(team, &v.token, c, "poly", "poly.html", &polyglot);
    assert_eq!(stored.status, 201, "{}", stored.body);
    let f = file_ref(&stored.body);
    let (status, headers, _) = fetch(
        team,
        &f.url.unwrap(),
        &[
            "content-type",
            "x-content-type-options",
            "content-security-policy",
        ],
    );
    assert_eq!(status, 200);
    assert_eq!(headers[0].as_deref(), Some("image/png"));
    assert_eq!(headers[1].as_deref(), Some("nosniff"));
    let csp = headers[2].clone().unwrap_or_default();
    assert!(
        csp.contains("sandbox") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    // HTML named as text is text, downloaded.
    let text = file_ref(&put(team, &v.token, c, "txt", "page.txt", html).body);
    let (_, headers, _) = fetch(
        team,
        &text.url.unwrap(),
        &["content-type", "content-disposition"],
    );
    assert_eq!(headers[0].as_deref(), Some("text/plain; charset=utf-8"));
    assert!(headers[1]
        .as_deref()
        .unwrap_or("")
        .starts_with("attachment"));
}

fn files_21_r_s_3_a_visitor_uploading_fast_is_told_when_to_try_again(team: &Team) {
    // 10 a minute by default; the 11th is refused before its bytes count.
    let v = visitor(&team.w, team.demo.channel.id.as_str());
    for i in 0..10 {
        let p = put(
            team,
            &v.token,
            &v.conversation,
            &format!("r{i}"),
            "a.png",
            PNG,
        );
        assert_eq!(p.status, 201, "upload {i}: {}", p.body);
    }
    let refused = put(team, &v.token, &v.conversation, "r10", "a.png", PNG);
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.retry_after.is_some(), "a Retry-After");
    // A resend of a stored file is not a new upload.
    assert_eq!(
        put(team, &v.token, &v.conversation, "r0", "a.png", PNG).status,
        200
    );
}

/// How long links in frames work in this suite (`CANAL_FILE_LINK_MS`).
const LINK_MS: &str = "3000";

/// The messages that arrive on `s` within `wait`.
fn messages_within(s: &mut Socket, wait: std::time::Duration) -> Vec<Message> {
    let until = std::time::Instant::now() + wait;
    let mut got = Vec::new();
    while let Some(left) = until.checked_duration_since(std::time::Instant::now()) {
        match s.next_within::<ServerFrame>(left) {
            Some(ServerFrame::Message { message }) => got.push(message),
            Some(_) => {}
            None => break,
        }
    }
    got
}

// #21 (item 5): links in frames are short-lived; a client that stays
// open asks for fresh ones (`relink`), and gets every message that
// carries a file again, with a link that works, and nothing else. The
// welcome says how long links work.
fn files_21_links_expire_and_an_open_client_gets_fresh_ones(team: &Team) {
    let v = visitor(&team.w, team.demo.channel.id.as_str());
    let c = &v.conversation;
    assert_eq!(put(team, &v.token, c, "shot", "tela.png", PNG).status, 201);
    let mut vs = connect(
        &team
            .w
            .ws_url(&format!("/ws/visitor?conversation={c}&token={}", v.token)),
    )
    .expect("visitor socket");
    hello(&mut vs);
    let links_ms = vs.until("the welcome", |f| match f {
        ServerFrame::Welcome { conversation, .. } => Some(conversation.links_ms),
        _ => None,
    });
    assert_eq!(links_ms.to_string(), LINK_MS, "the welcome says how long");
    send_text(&mut vs, "before");
    send_file(&mut vs, "m-shot", "shot", "").expect("sent");
    let first = file_arrives(&mut vs).url.expect("a link");
    send_text(&mut vs, "after");
    assert_eq!(fetch(team, &first, &[]).0, 200, "the link works at first");

    std::thread::sleep(std::time::Duration::from_millis(3200));
    assert_eq!(fetch(team, &first, &[]).0, 403, "and no longer after");
    let _ = messages_within(&mut vs, std::time::Duration::from_millis(100));
    vs.send(&ClientFrame::Relink);
    let again = messages_within(&mut vs, std::time::Duration::from_millis(800));
    let files: Vec<_> = again
        .iter()
        .map(|m| (m.id.as_str(), m.file.is_some()))
        .collect();
    assert_eq!(
        files,
        [("m-shot", true)],
        "only the message with the file comes again"
    );
    let fresh = again[0]
        .file
        .as_ref()
        .and_then(|f| f.url.clone())
        .expect("a link");
    assert_ne!(fresh, first);
    assert_eq!(fetch(team, &fresh, &[]).0, 200, "the fresh link works");

    // The admin's console, reading it, asks too, and gets the same message
    // with a link of its own.
    let mut os = connect(&team.w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        team.admin.token
    )))
    .expect("the admin's socket");
    hello(&mut os);
    let _ = messages_within(&mut os, std::time::Duration::from_millis(500));
    os.send(&ClientFrame::Relink);
    let again = messages_within(&mut os, std::time::Duration::from_millis(800));
    let ids: Vec<_> = again.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m-shot"]);
    let url = again[0]
        .file
        .as_ref()
        .and_then(|f| f.url.clone())
        .expect("a link");
    assert_eq!(fetch(team, &url, &[]).0, 200);
}

/// Sends a text message and waits for its ack.
fn send_text(s: &mut Socket, text: &str) {
    let id = ClientMsgId::parse(&format!("m-{text}")).unwrap();
    s.send(&ClientFrame::Send {
        id: id.clone(),
        text: text.into(),
        file: None,
    });
    s.until("the ack", |f| match f {
        ServerFrame::Ack { id: got, .. } if *got == id => Some(()),
        _ => None,
    });
}

//! Files in conversations (#21) for the suites that carry them elsewhere
//! (the ledger, connectors, bots, emails): small valid files and an upload.

use canal_shared::ids::ConversationId;
use serde_json::Value;

use crate::api::put_bytes;
use crate::worker::Worker;

/// A 1×1 PNG.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";
/// A minimal PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// `PUT /api/files` of `bytes` named `name` as file `id` of `conversation`,
/// by the holder of `token` (a visitor's token or an operator's session):
/// the status and the stored file's JSON.
pub fn upload(
    w: &Worker,
    token: &str,
    conversation: &ConversationId,
    id: &str,
    name: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let name: String = name
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    put_bytes(
        w,
        &format!("/api/files?conversation={conversation}&id={id}&name={name}"),
        Some(token),
        bytes,
    )
}

/// A GET of an absolute link to a file: its status and bytes.
pub fn download(url: &str) -> (u16, Vec<u8>) {
    match ureq::get(url).call() {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut r.into_reader(), &mut body).expect("the body");
            (status, body)
        }
        Err(e) => panic!("GET {url}: {e}"),
    }
}

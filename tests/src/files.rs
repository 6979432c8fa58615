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
    let (status, _, body) = fetch(url, &[]);
    (status, body)
}

/// A GET of an absolute link to a file: its status, the `headers` asked
/// for, and its bytes.
pub fn fetch(url: &str, headers: &[&str]) -> (u16, Vec<Option<String>>, Vec<u8>) {
    match ureq::get(url).call() {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            let got = headers
                .iter()
                .map(|h| r.header(h).map(str::to_owned))
                .collect();
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut r.into_reader(), &mut body).expect("the body");
            (status, got, body)
        }
        Err(e) => panic!("GET {url}: {e}"),
    }
}

/// A `width` × `height` PNG of one colour (uncompressed: deflate's stored
/// blocks), for a picture a person can see in a screenshot.
pub fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let row: Vec<u8> = std::iter::once(0) // filter: none
        .chain((0..width).flat_map(|_| rgb))
        .collect();
    let raw: Vec<u8> = (0..height).flat_map(|_| row.iter().copied()).collect();
    // zlib: a header, stored blocks of at most 65,535 bytes, Adler-32.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        z.extend(len.to_le_bytes());
        z.extend((!len).to_le_bytes());
        z.extend_from_slice(block);
    }
    let (a, b) = raw.iter().fold((1u32, 0u32), |(a, b), &x| {
        let a = (a + u32::from(x)) % 65_521;
        (a, (b + a) % 65_521)
    });
    z.extend(((b << 16) | a).to_be_bytes());

    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", header), (b"IDAT", z), (b"IEND", Vec::new())] {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(&data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    out
}

/// CRC-32 (ISO-HDLC), as PNG's chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |c, _| {
            if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            }
        })
    })
}

#[cfg(test)]
mod tests {
    /// PNG's chunk checksum gives the standard's check value, and the one
    /// every PNG's end chunk carries.
    #[test]
    fn crc32_matches_the_known_value() {
        assert_eq!(super::crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(super::crc32(b"IEND"), 0xAE42_6082);
    }
}

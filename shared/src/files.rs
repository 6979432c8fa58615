//! Files in conversations (#21): which may be stored, what they are, and
//! how they are served.
//!
//! A file's type is read from its first bytes ([`sniff`]), never taken from
//! its name or from what the browser said; the name only tells apart the
//! formats that share a container (office documents are ZIP or OLE files,
//! CSV is plain text). What is not recognised is refused: that is how an
//! HTML page named `.png`, an SVG or an executable never gets stored. Only
//! raster images are ever shown inline ([`FileType::inline`]); everything
//! else is served as a download.

use serde::{Deserialize, Serialize};

use crate::protocol::FileRef;
use crate::time::Timestamp;

/// How many of a file's first bytes [`sniff`] and [`image_size`] look at.
pub const SNIFF_BYTES: usize = 64 * 1024;
/// The default largest file: 10 MB.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The largest limit an account may set: 100 MB, what one request to a
/// worker may carry.
pub const MAX_LIMIT_BYTES: u64 = 100 * 1024 * 1024;
/// The longest file name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// The kinds of file an account may allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// PNG, JPEG, GIF and WebP pictures.
    Image,
    /// PDF documents.
    Pdf,
    /// Plain text.
    Text,
    /// Comma-separated values.
    Csv,
    /// Word processor, spreadsheet and presentation documents (Microsoft
    /// Office and OpenDocument).
    Office,
}

impl FileKind {
    /// Every kind, in a fixed order.
    pub const ALL: [FileKind; 5] = [
        FileKind::Image,
        FileKind::Pdf,
        FileKind::Text,
        FileKind::Csv,
        FileKind::Office,
    ];

    /// Its name in settings and errors.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Image => "image",
            FileKind::Pdf => "pdf",
            FileKind::Text => "text",
            FileKind::Csv => "csv",
            FileKind::Office => "office",
        }
    }
}

/// What a file is, as read from its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileType {
    /// Its kind, which the account's limits allow or not.
    pub kind: FileKind,
    /// The media type it is served with.
    pub mime: &'static str,
}

impl FileType {
    /// Whether it may be shown in a page: raster images only (never SVG,
    /// which can carry script, and never anything that is not a picture).
    pub fn inline(self) -> bool {
        self.kind == FileKind::Image
    }

    /// The type a stored media type names, if it is one [`sniff`] gives.
    pub fn from_mime(mime: &str) -> Option<FileType> {
        KNOWN.iter().copied().find(|t| t.mime == mime)
    }
}

const fn ty(kind: FileKind, mime: &'static str) -> FileType {
    FileType { kind, mime }
}

const PNG: FileType = ty(FileKind::Image, "image/png");
const JPEG: FileType = ty(FileKind::Image, "image/jpeg");
const GIF: FileType = ty(FileKind::Image, "image/gif");
const WEBP: FileType = ty(FileKind::Image, "image/webp");
const PDF: FileType = ty(FileKind::Pdf, "application/pdf");
const TEXT: FileType = ty(FileKind::Text, "text/plain; charset=utf-8");
const CSV: FileType = ty(FileKind::Csv, "text/csv; charset=utf-8");

/// Office formats: extension, container, media type.
const OFFICE: [(&str, Container, &str); 9] = [
    (
        "docx",
        Container::Zip,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        Container::Zip,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "pptx",
        Container::Zip,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        "odt",
        Container::Zip,
        "application/vnd.oasis.opendocument.text",
    ),
    (
        "ods",
        Container::Zip,
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        "odp",
        Container::Zip,
        "application/vnd.oasis.opendocument.presentation",
    ),
    ("doc", Container::Ole, "application/msword"),
    ("xls", Container::Ole, "application/vnd.ms-excel"),
    ("ppt", Container::Ole, "application/vnd.ms-powerpoint"),
];

const KNOWN: [FileType; 16] = [
    PNG,
    JPEG,
    GIF,
    WEBP,
    PDF,
    TEXT,
    CSV,
    ty(FileKind::Office, OFFICE[0].2),
    ty(FileKind::Office, OFFICE[1].2),
    ty(FileKind::Office, OFFICE[2].2),
    ty(FileKind::Office, OFFICE[3].2),
    ty(FileKind::Office, OFFICE[4].2),
    ty(FileKind::Office, OFFICE[5].2),
    ty(FileKind::Office, OFFICE[6].2),
    ty(FileKind::Office, OFFICE[7].2),
    ty(FileKind::Office, OFFICE[8].2),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Zip,
    Ole,
}

/// Extensions of plain text files.
const TEXT_EXTENSIONS: [&str; 4] = ["txt", "log", "md", ""];

/// What the file whose first bytes are `head` (up to [`SNIFF_BYTES`]) and
/// whose (cleaned) name is `name` is, or `None` when Canal does not store
/// files like it.
pub fn sniff(head: &[u8], name: &str) -> Option<FileType> {
    let ext = extension(name);
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(PNG);
    }
    if head.starts_with(b"\xff\xd8\xff") {
        return Some(JPEG);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(GIF);
    }
    if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        return Some(WEBP);
    }
    if head.starts_with(b"%PDF-") {
        return Some(PDF);
    }
    let container = if head.starts_with(b"PK\x03\x04") {
        Some(Container::Zip)
    } else if head.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        Some(Container::Ole)
    } else {
        None
    };
    if let Some(container) = container {
        return OFFICE
            .iter()
            .find(|(e, c, _)| *e == ext && *c == container)
            .map(|(_, _, mime)| ty(FileKind::Office, mime));
    }
    if !is_text(head) {
        return None;
    }
    if ext == "csv" {
        Some(CSV)
    } else if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        Some(TEXT)
    } else {
        None
    }
}

/// The lowercased extension of `name` (`""` for none).
fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// UTF-8 without NUL or other control characters than tab, line feed,
/// form feed and carriage return. A character cut by the end of `head` is
/// fine.
fn is_text(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            // Invariant: valid up to `valid_up_to`.
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    text.chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0c'))
}

/// A picture's width and height in pixels, read from its first bytes when
/// they say it (so a page can reserve its room before it arrives).
pub fn image_size(head: &[u8], ty: FileType) -> Option<(u32, u32)> {
    let be16 = |i: usize| {
        Some(u32::from(u16::from_be_bytes([
            *head.get(i)?,
            *head.get(i + 1)?,
        ])))
    };
    let le16 = |i: usize| {
        Some(u32::from(u16::from_le_bytes([
            *head.get(i)?,
            *head.get(i + 1)?,
        ])))
    };
    let be32 = |i: usize| Some(u32::from_be_bytes(head.get(i..i + 4)?.try_into().ok()?));
    let le24 = |i: usize| {
        let b = head.get(i..i + 3)?;
        Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
    };
    let size = match ty.mime {
        "image/png" if head.get(12..16) == Some(b"IHDR") => (be32(16)?, be32(20)?),
        "image/gif" => (le16(6)?, le16(8)?),
        "image/webp" => match head.get(12..16)? {
            b"VP8 " => (le16(26)? & 0x3fff, le16(28)? & 0x3fff),
            b"VP8L" => {
                let bits = u32::from_le_bytes(head.get(21..25)?.try_into().ok()?);
                ((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1)
            }
            b"VP8X" => (le24(24)? + 1, le24(27)? + 1),
            _ => return None,
        },
        "image/jpeg" => {
            // Walk the markers up to a start of frame.
            let mut i = 2;
            loop {
                if *head.get(i)? != 0xff {
                    return None;
                }
                let marker = *head.get(i + 1)?;
                let len = be16(i + 2)? as usize;
                let sof = (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
                if sof {
                    break (be16(i + 7)?, be16(i + 5)?);
                }
                i += 2 + len;
            }
        }
        _ => return None,
    };
    (size.0 > 0 && size.1 > 0).then_some(size)
}

/// Why a file name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    /// Nothing but spaces.
    #[error("the file has no name")]
    Empty,
    /// Over [`MAX_NAME_CHARS`].
    #[error("the file name is longer than {MAX_NAME_CHARS} characters")]
    TooLong,
    /// `/` or `\`, or a name of `.` or `..`.
    #[error("the file name contains a path separator")]
    Path,
    /// Control characters, or the invisible characters that reorder text
    /// (an "exe.png" that reads "png.exe").
    #[error("the file name contains control or text-direction characters")]
    Control,
}

/// `name` trimmed, or why it cannot name a file.
pub fn clean_name(name: &str) -> Result<String, NameProblem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NameProblem::TooLong);
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(NameProblem::Path);
    }
    let reorders = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if name.chars().any(|c| c.is_control() || reorders(c)) {
        return Err(NameProblem::Control);
    }
    Ok(name.to_owned())
}

/// An account's rules for files, set by its admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLimits {
    /// The largest file, in bytes.
    pub max_bytes: u64,
    /// The kinds that may be sent; none turns files off.
    pub allowed: Vec<FileKind>,
}

impl Default for FileLimits {
    /// 10 MB; pictures, PDF, plain text, CSV and office documents.
    fn default() -> Self {
        FileLimits {
            max_bytes: DEFAULT_MAX_BYTES,
            allowed: FileKind::ALL.to_vec(),
        }
    }
}

impl FileLimits {
    /// The limits with `allowed` sorted and without repeats, or why they
    /// cannot be kept.
    pub fn validate(mut self) -> Result<FileLimits, String> {
        if self.max_bytes == 0 || self.max_bytes > MAX_LIMIT_BYTES {
            return Err(format!(
                "the largest file must be between 1 byte and {} MB",
                MAX_LIMIT_BYTES / (1024 * 1024)
            ));
        }
        self.allowed.sort();
        self.allowed.dedup();
        Ok(self)
    }

    /// Whether a file of `size` bytes and type `ty` may be stored.
    pub fn check(&self, size: u64, ty: Option<FileType>) -> Result<FileType, Refusal> {
        if size == 0 {
            return Err(Refusal::Empty);
        }
        if size > self.max_bytes {
            return Err(Refusal::TooLarge {
                limit: self.max_bytes,
            });
        }
        match ty {
            Some(ty) if self.allowed.contains(&ty.kind) => Ok(ty),
            _ => Err(Refusal::NotAllowed {
                allowed: self.allowed.clone(),
            }),
        }
    }

    /// Whether a file that says it has `size` bytes may start to upload:
    /// what can be told before any byte is read.
    pub fn check_size(&self, size: u64) -> Result<(), Refusal> {
        match size {
            0 => Err(Refusal::Empty),
            s if s > self.max_bytes => Err(Refusal::TooLarge {
                limit: self.max_bytes,
            }),
            _ if self.allowed.is_empty() => Err(Refusal::NotAllowed {
                allowed: Vec::new(),
            }),
            _ => Ok(()),
        }
    }
}

/// Why a file was not stored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// No bytes.
    #[error("the file is empty")]
    Empty,
    /// Over the account's limit.
    #[error("the file is larger than the limit of {}", size_text(*limit))]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// Not a kind the account allows, or not a kind Canal recognises.
    #[error("this type of file cannot be sent; allowed: {}", kinds(allowed))]
    NotAllowed {
        /// What may be sent.
        allowed: Vec<FileKind>,
    },
    /// A bad name.
    #[error("{0}")]
    Name(NameProblem),
    /// The upload did not say its length up front.
    #[error("the upload must say its length (Content-Length)")]
    LengthRequired,
    /// Fewer bytes arrived than announced, or more.
    #[error("the upload's length was not what it announced")]
    Truncated,
}

impl Refusal {
    /// The HTTP status that says it.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::TooLarge { .. } => 413,
            Refusal::NotAllowed { .. } => 415,
            Refusal::LengthRequired => 411,
            Refusal::Empty | Refusal::Name(_) | Refusal::Truncated => 400,
        }
    }
}

/// The largest a picture is shown in a conversation, in CSS pixels.
pub const PREVIEW_BOX: (u32, u32) = (360, 320);

/// The size a picture of `width` × `height` is shown at within `bounds`:
/// scaled down to fit, never up, its proportions kept, so the space is
/// reserved before it loads.
pub fn preview_size(width: u32, height: u32, bounds: (u32, u32)) -> (u32, u32) {
    if width == 0 || height == 0 {
        return bounds;
    }
    let (w, h) = (u64::from(width), u64::from(height));
    let (bw, bh) = (u64::from(bounds.0), u64::from(bounds.1));
    let (w, h) = if w <= bw && h <= bh {
        (w, h)
    } else if w * bh >= h * bw {
        // The width binds.
        (bw, (h * bw + w / 2) / w)
    } else {
        ((w * bh + h / 2) / h, bh)
    };
    // Integers (no floats: the widget links no float code for this).
    let fit = |n: u64| u32::try_from(n.max(1)).unwrap_or(u32::MAX);
    (fit(w), fit(h))
}

/// The bytes of a size in megabytes as an admin types it (`10`, `2.5`,
/// `2,5`), or why it is not one.
pub fn parse_megabytes(text: &str) -> Result<u64, String> {
    let text = text.trim().replace(',', ".");
    let mb: f64 = text
        .parse()
        .ok()
        .filter(|mb: &f64| mb.is_finite() && *mb > 0.0)
        .ok_or_else(|| "the largest file must be a number of megabytes, such as 10".to_owned())?;
    Ok((mb * 1024.0 * 1024.0).round() as u64)
}

impl FileKind {
    /// What admins choose: the kind as people name it, with its formats.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Image => "Pictures (PNG, JPEG, GIF, WebP)",
            FileKind::Pdf => "PDF documents",
            FileKind::Text => "Plain text",
            FileKind::Csv => "CSV tables",
            FileKind::Office => "Office documents (Word, Excel, PowerPoint, OpenDocument)",
        }
    }
}

/// A size as people read it: `512 bytes`, `340 KB`, `1.2 MB`.
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    if bytes >= MB {
        format!("{} MB", (bytes as f64 / MB as f64 * 10.0).round() / 10.0)
    } else if bytes >= KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{bytes} bytes")
    }
}

/// Whether a stored file may be shown in a page as a picture: its media
/// type is one [`sniff`] gives for a raster image. Everything else is a
/// card with a download link.
pub fn shows_inline(mime: &str) -> bool {
    FileType::from_mime(mime).is_some_and(FileType::inline)
}

fn kinds(allowed: &[FileKind]) -> String {
    if allowed.is_empty() {
        return "none (files are turned off)".to_owned();
    }
    allowed
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `Content-Disposition` header: `inline` for what may be shown in a
/// page, `attachment` for everything else, with the name both as plain
/// ASCII and in full (RFC 6266, RFC 8187).
pub fn content_disposition(name: &str, ty: FileType) -> String {
    let how = if ty.inline() { "inline" } else { "attachment" };
    let ascii: String = name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' && c != '%' => c,
            _ => '_',
        })
        .collect();
    let mut full = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            full.push(char::from(b));
        } else {
            full.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{full}")
}

/// A file as the world outside the conversation's sockets gets it: a
/// webhook's receiver, a bot, an email (#21). The link is signed for that
/// file alone and reads it until `expires`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLink {
    /// Its name, as cleaned by [`clean_name`].
    pub name: String,
    /// Its media type, read from its bytes ([`sniff`]).
    #[serde(rename = "type")]
    pub mime: String,
    /// Its size in bytes.
    pub size: u64,
    /// The signed link that reads it.
    pub url: String,
    /// When the link stops working (milliseconds since 1970).
    pub expires: Timestamp,
}

impl FileLink {
    /// `file` read through `url` until `expires`.
    pub fn new(file: &FileRef, url: String, expires: Timestamp) -> Self {
        Self {
            name: file.name.clone(),
            mime: file.mime.clone(),
            size: file.size,
            url,
            expires,
        }
    }
}

#[cfg(test)]
mod tests;

use super::*;

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    b.extend([8, 6, 0, 0, 0]);
    b
}

#[test]
fn pictures_are_known_by_their_bytes_not_their_names() {
    assert_eq!(sniff(&png(1, 1), "shot.txt"), Some(PNG));
    assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF", "a"), Some(JPEG));
    assert_eq!(sniff(b"GIF89a\x02\0\x03\0", "a.gif"), Some(GIF));
    assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ", "a.webp"), Some(WEBP));
    assert_eq!(sniff(b"%PDF-1.7\n", "invoice.pdf"), Some(PDF));
}

#[test]
fn pages_and_scripts_are_never_stored_whatever_their_name() {
    // An HTML page named as a picture, an SVG with script, a script.
    assert_eq!(sniff(b"<html><script>alert(1)</script>", "cat.png"), None);
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    assert_eq!(sniff(svg, "logo.svg"), None);
    assert_eq!(sniff(b"<html></html>", "page.html"), None);
    assert_eq!(sniff(b"MZ\x90\0", "setup.exe"), None);
    assert_eq!(sniff(b"PK\x03\x04", "archive.zip"), None);
    assert_eq!(sniff(b"PK\x03\x04", "cat.png"), None);
    // A polyglot (a picture that is also a page) is a picture: served as
    // one, with nosniff, it never runs.
    let mut polyglot = png(1, 1);
    polyglot.extend(b"<html><script>alert(1)</script>");
    assert_eq!(sniff(&polyglot, "x.html"), Some(PNG));
}

#[test]
fn text_is_text_only_without_control_characters() {
    assert_eq!(sniff("olá, mundo\n".as_bytes(), "notes.txt"), Some(TEXT));
    assert_eq!(sniff(b"a,b\n1,2\n", "data.CSV"), Some(CSV));
    assert_eq!(sniff(b"plain", "README"), Some(TEXT));
    assert_eq!(sniff(b"a\0b", "notes.txt"), None);
    assert_eq!(sniff(b"\x1b[31m", "notes.txt"), None);
    assert_eq!(sniff(b"\xff\xfe", "notes.txt"), None);
    // A character cut by the end of what was read is still text.
    assert_eq!(sniff(&"ação".as_bytes()[..4], "a.txt"), Some(TEXT));
}

#[test]
fn office_documents_are_told_apart_by_their_container_and_name() {
    assert_eq!(
        sniff(b"PK\x03\x04\x14\0", "report.docx").map(|t| t.kind),
        Some(FileKind::Office)
    );
    assert_eq!(
        sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls").map(|t| t.mime),
        Some("application/vnd.ms-excel")
    );
    // A ZIP named as an OLE format, and the other way round.
    assert_eq!(sniff(b"PK\x03\x04", "old.doc"), None);
    assert_eq!(sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "new.docx"), None);
}

#[test]
fn a_stored_media_type_names_its_type_again() {
    for ty in KNOWN {
        assert_eq!(FileType::from_mime(ty.mime), Some(ty));
    }
    assert_eq!(FileType::from_mime("image/svg+xml"), None);
    assert!(PNG.inline() && !PDF.inline() && !TEXT.inline());
}

#[test]
fn picture_sizes_are_read_from_their_headers() {
    assert_eq!(image_size(&png(640, 480), PNG), Some((640, 480)));
    assert_eq!(image_size(b"GIF89a\x02\x01\x03\0", GIF), Some((258, 3)));
    // JPEG: an APP0 segment, then a baseline start of frame.
    let jpeg = b"\xff\xd8\xff\xe0\0\x04ab\xff\xc0\0\x11\x08\x01\xe0\x02\x80\x03";
    assert_eq!(image_size(jpeg, JPEG), Some((640, 480)));
    let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
    vp8x.extend([0x7f, 0x02, 0, 0xdf, 0x01, 0]);
    assert_eq!(image_size(&vp8x, WEBP), Some((640, 480)));
    // Cut short, or a zero side: no size rather than a wrong one.
    assert_eq!(image_size(&png(640, 480)[..18], PNG), None);
    assert_eq!(image_size(&png(0, 480), PNG), None);
    assert_eq!(image_size(b"\xff\xd8\xff\xe0\0\x04ab", JPEG), None);
    assert_eq!(image_size(b"%PDF-", PDF), None);
}

#[test]
fn names_with_paths_controls_or_reordering_are_refused() {
    assert_eq!(clean_name("  tela.png "), Ok("tela.png".to_owned()));
    assert_eq!(
        clean_name("relatório final.pdf"),
        Ok("relatório final.pdf".to_owned())
    );
    assert_eq!(clean_name("   "), Err(NameProblem::Empty));
    assert_eq!(clean_name(&"a".repeat(201)), Err(NameProblem::TooLong));
    assert_eq!(clean_name("../etc/passwd"), Err(NameProblem::Path));
    assert_eq!(clean_name("c:\\boot.ini"), Err(NameProblem::Path));
    assert_eq!(clean_name(".."), Err(NameProblem::Path));
    assert_eq!(clean_name("a\nb.txt"), Err(NameProblem::Control));
    assert_eq!(clean_name("a\0.png"), Err(NameProblem::Control));
    assert_eq!(
        clean_name("photo\u{202e}gnp.exe"),
        Err(NameProblem::Control)
    );
}

#[test]
fn limits_refuse_with_a_reason_and_the_status_that_says_it() {
    let limits = FileLimits::default();
    assert_eq!(limits.check(1, Some(PNG)), Ok(PNG));
    assert_eq!(limits.check(0, Some(PNG)), Err(Refusal::Empty));
    let big = limits.check(DEFAULT_MAX_BYTES + 1, Some(PNG)).unwrap_err();
    assert_eq!(big.status(), 413);
    assert_eq!(
        big.to_string(),
        "the file is larger than the limit of 10 MB"
    );
    let unknown = limits.check(10, None).unwrap_err();
    assert_eq!(unknown.status(), 415);
    assert_eq!(
        unknown.to_string(),
        "this type of file cannot be sent; allowed: image, pdf, text, csv, office"
    );
    let pictures = FileLimits {
        max_bytes: 1000,
        allowed: vec![FileKind::Image],
    };
    assert!(matches!(
        pictures.check(10, Some(PDF)),
        Err(Refusal::NotAllowed { .. })
    ));
    assert_eq!(
        pictures.check_size(1001),
        Err(Refusal::TooLarge { limit: 1000 })
    );
    assert_eq!(
        Refusal::TooLarge { limit: 1000 }.to_string(),
        "the file is larger than the limit of 1000 bytes"
    );
    let off = FileLimits {
        max_bytes: 1000,
        allowed: vec![],
    };
    assert_eq!(
        off.check_size(10).unwrap_err().to_string(),
        "this type of file cannot be sent; allowed: none (files are turned off)"
    );
}

#[test]
fn limits_are_validated() {
    let mut l = FileLimits {
        max_bytes: 0,
        allowed: vec![FileKind::Pdf, FileKind::Image, FileKind::Pdf],
    };
    assert!(l.clone().validate().is_err());
    l.max_bytes = MAX_LIMIT_BYTES + 1;
    assert!(l.clone().validate().is_err());
    l.max_bytes = 5;
    assert_eq!(
        l.validate().unwrap().allowed,
        vec![FileKind::Image, FileKind::Pdf]
    );
    let json = r#"{"max_bytes":5,"allowed":["image"],"extra":1}"#;
    assert!(serde_json::from_str::<FileLimits>(json).is_err());
}

#[test]
fn only_pictures_are_served_inline_and_names_are_quoted_safely() {
    assert_eq!(
        content_disposition("tela.png", PNG),
        "inline; filename=\"tela.png\"; filename*=UTF-8''tela.png"
    );
    assert_eq!(
        content_disposition("relatório \"final\".pdf", PDF),
        "attachment; filename=\"relat_rio _final_.pdf\"; filename*=UTF-8''relat%C3%B3rio%20%22final%22.pdf"
    );
}

#[test]
fn sizes_read_as_people_say_them() {
    assert_eq!(size_text(0), "0 bytes");
    assert_eq!(size_text(1023), "1023 bytes");
    assert_eq!(size_text(1024), "1 KB");
    assert_eq!(size_text(340 * 1024 + 1), "341 KB");
    assert_eq!(size_text(1024 * 1024), "1 MB");
    assert_eq!(size_text(1_258_291), "1.2 MB");
    assert_eq!(size_text(DEFAULT_MAX_BYTES), "10 MB");
}

#[test]
fn only_stored_raster_pictures_show_inline() {
    assert!(shows_inline("image/png"));
    assert!(shows_inline("image/webp"));
    assert!(!shows_inline("image/svg+xml"));
    assert!(!shows_inline("application/pdf"));
    assert!(!shows_inline("text/html"));
    assert!(!shows_inline(""));
}

#[test]
fn previews_fit_their_box_and_keep_their_proportions() {
    assert_eq!(preview_size(100, 50, PREVIEW_BOX), (100, 50));
    assert_eq!(preview_size(1440, 900, PREVIEW_BOX), (360, 225));
    assert_eq!(preview_size(900, 1800, PREVIEW_BOX), (160, 320));
    assert_eq!(preview_size(10_000, 1, PREVIEW_BOX), (360, 1));
    assert_eq!(preview_size(0, 0, PREVIEW_BOX), PREVIEW_BOX);
}

#[test]
fn megabytes_read_as_admins_type_them() {
    assert_eq!(parse_megabytes("10"), Ok(DEFAULT_MAX_BYTES));
    assert_eq!(parse_megabytes(" 2,5 "), Ok(2_621_440));
    assert_eq!(parse_megabytes("0.5"), Ok(524_288));
    for bad in ["", "0", "-1", "ten", "NaN", "inf"] {
        assert!(parse_megabytes(bad).is_err(), "{bad:?}");
    }
}

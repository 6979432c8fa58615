use super::*;

fn decode(s: &str) -> String {
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(s).unwrap()).unwrap()
}

fn header<'a>(mime: &'a str, name: &str) -> &'a str {
    mime.split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_default()
}

fn email(subject: &str, text: &str) -> Email {
    Email {
        from: "chat@example.com".into(),
        from_name: "Loja \"Sol\"".into(),
        to: "ana@example.com".into(),
        subject: subject.into(),
        text: text.into(),
    }
}

#[test]
fn the_message_is_crlf_short_lined_and_its_body_base64() {
    let text = "Olá, Ana!\nSeu pedido chega amanhã. ".repeat(20);
    let mime = email("Sua conversa com a Loja Sol — obrigado pelo contato", &text)
        .to_mime("abc@example.com", Timestamp(1_796_083_200_000));
    assert!(
        !mime.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    assert!(mime.split("\r\n").all(|l| l.len() <= 78), "{mime}");
    assert_eq!(
        header(&mime, "From"),
        "\"Loja \\\"Sol\\\"\" <chat@example.com>"
    );
    assert_eq!(header(&mime, "Date"), "Tue, 01 Dec 2026 00:00:00 +0000");
    assert_eq!(header(&mime, "Message-ID"), "<abc@example.com>");
    let (head, body) = mime.split_once("\r\n\r\n").unwrap();
    let subject: String = head
        .replace("\r\n ", " ")
        .split("\r\n")
        .find_map(|l| l.strip_prefix("Subject: "))
        .unwrap()
        .split(' ')
        .map(|w| decode(w.trim_start_matches("=?UTF-8?B?").trim_end_matches("?=")))
        .collect();
    assert_eq!(
        subject,
        "Sua conversa com a Loja Sol — obrigado pelo contato"
    );
    assert_eq!(decode(&body.replace("\r\n", "")), text);
}

#[test]
fn no_header_can_be_injected() {
    let mut e = email("Hi\r\nBcc: everyone@example.com", "x");
    e.to = "ana@example.com\r\nBcc: all@example.com".into();
    e.from_name = "Shop\nX-Evil: 1".into();
    let mime = e.to_mime("id@example.com\r\nX-Evil: 2", Timestamp(0));
    let (head, _) = mime.split_once("\r\n\r\n").unwrap();
    for line in head.split("\r\n") {
        assert!(
            !line.starts_with("Bcc") && !line.starts_with("X-Evil"),
            "{head}"
        );
    }
}

fn line(side: Side, author: &str, text: &str, at: i64) -> HistoryLine {
    HistoryLine {
        author: author.into(),
        side,
        text: text.into(),
        at: Timestamp(at),
    }
}

#[test]
fn r_ch_7_the_history_is_in_the_channels_language_and_zone() {
    let noon_utc = 1_796_126_400_000; // 2026-12-01T12:00Z
    let lines = [
        line(Side::Visitor, "Visitor 1", "Where is my order?", noon_utc),
        line(
            Side::Operator,
            "Ana",
            "It arrives tomorrow.",
            noon_utc + 60_000,
        ),
    ];
    let (subject, text) = history(Lang::PtBr, "Loja", chrono_tz::America::Sao_Paulo, &lines);
    assert_eq!(subject, "Sua conversa com Loja");
    assert!(
        text.contains("[2026-12-01 09:00] Você:\nWhere is my order?"),
        "{text}"
    );
    assert!(
        text.contains("[2026-12-01 09:01] Ana:\nIt arrives tomorrow."),
        "{text}"
    );
    assert!(text.contains("America/Sao_Paulo"), "{text}");
    let (subject, text) = history(Lang::Es, "Tienda", chrono_tz::UTC, &lines);
    assert_eq!(subject, "Tu conversación con Tienda");
    assert!(text.contains("[2026-12-01 12:00] Tú:"), "{text}");
    let (_, text) = history(Lang::En, "Shop", chrono_tz::UTC, &lines);
    assert!(text.contains("] You:"), "{text}");
    assert!(!text.contains("left out"));
}

#[test]
fn r_ch_7_a_history_too_long_keeps_the_newest_messages() {
    let lines: Vec<HistoryLine> = (0..MAX_HISTORY_MESSAGES as i64 + 5)
        .map(|i| line(Side::Visitor, "V", &format!("message {i}"), i))
        .collect();
    let (_, text) = history(Lang::En, "Shop", chrono_tz::UTC, &lines);
    assert!(
        text.contains("its oldest 5 messages are left out"),
        "{}",
        &text[..300]
    );
    assert!(!text.contains("message 4\n"));
    assert!(text.contains("message 5\n"));
    assert!(text.contains(&format!("message {}\n", MAX_HISTORY_MESSAGES + 4)));
}

#[test]
fn r_kpi_3_the_late_notice_has_the_text_and_the_link() {
    let (subject, text) = late_notice(
        Lang::En,
        "Ana is late on c1",
        "https://chat.example.com/console/?conversation=c1",
    );
    assert_eq!(subject, "A client is waiting for an answer");
    assert!(text.starts_with("Ana is late on c1\n"));
    assert!(text.contains("https://chat.example.com/console/?conversation=c1"));
}

#[test]
fn r_ch_7_three_history_emails_an_hour() {
    let sent = [Timestamp(0), Timestamp(10), Timestamp(20)];
    assert_eq!(history_allowed(&sent[..2], Timestamp(30)), Ok(()));
    let refused = history_allowed(&sent, Timestamp(30)).unwrap_err();
    assert!(refused.to_string().contains("last hour"));
    assert_eq!(history_allowed(&sent, Timestamp(HISTORY_WINDOW_MS)), Ok(()));
}

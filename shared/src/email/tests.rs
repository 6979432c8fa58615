use super::*;

fn decode(s: &str) -> String {
    String::from_utf8(STANDARD.decode(s).unwrap()).unwrap()
}

/// The header block and the body of a raw message.
fn split(mime: &str) -> (&str, &str) {
    mime.split_once("\r\n\r\n")
        .expect("a blank line ends the headers")
}

/// A header's value, unfolded, with its encoded words decoded (adjacent
/// words join without the space between them, as RFC 2047 says).
fn header_value(mime: &str, name: &str) -> String {
    let (head, _) = split(mime);
    let unfolded = head.replace("\r\n ", " ");
    let raw = unfolded
        .split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in {head}"));
    let mut out = String::new();
    let mut after_word = false;
    for (i, token) in raw.split(' ').enumerate() {
        match token
            .strip_prefix("=?UTF-8?B?")
            .and_then(|t| t.strip_suffix("?="))
        {
            Some(b64) => {
                if i > 0 && !after_word {
                    out.push(' ');
                }
                out.push_str(&decode(b64));
                after_word = true;
            }
            None => {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(token);
                after_word = false;
            }
        }
    }
    out
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

/// Every line of `mime` ends with CRLF and none is longer than 78.
fn assert_well_formed(mime: &str) {
    assert!(mime.ends_with("\r\n"), "{mime}");
    assert!(
        !mime.replace("\r\n", "").contains(['\r', '\n']),
        "only CRLF line ends: {mime:?}"
    );
    for line in mime.split("\r\n") {
        assert!(line.len() <= 78, "{} characters: {line}", line.len());
    }
}

const DEC_1_2026: i64 = 1_796_083_200_000;

#[test]
fn the_message_is_crlf_short_lined_and_its_body_base64() {
    let text = "Olá, Ana!\nSeu pedido chega amanhã. ".repeat(20);
    let subject = "Sua conversa com a Loja Sol — obrigado pelo contato, até logo!";
    let mime = email(subject, &text).to_mime("abc@example.com", Timestamp(DEC_1_2026 + 1_234));
    assert_well_formed(&mime);
    let (head, body) = split(&mime);
    let names: Vec<&str> = head
        .split("\r\n")
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split_once(':').unwrap().0)
        .collect();
    assert_eq!(
        names,
        [
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding"
        ]
    );
    assert_eq!(
        header_value(&mime, "From"),
        "\"Loja \\\"Sol\\\"\" <chat@example.com>"
    );
    assert_eq!(header_value(&mime, "To"), "ana@example.com");
    assert_eq!(
        header_value(&mime, "Date"),
        "Tue, 01 Dec 2026 00:00:01 +0000"
    );
    assert_eq!(header_value(&mime, "Message-ID"), "<abc@example.com>");
    assert_eq!(header_value(&mime, "MIME-Version"), "1.0");
    assert_eq!(
        header_value(&mime, "Content-Type"),
        "text/plain; charset=utf-8"
    );
    assert_eq!(header_value(&mime, "Content-Transfer-Encoding"), "base64");
    // Non-ASCII: encoded words, folded, that decode to the subject.
    assert!(head.contains("Subject: =?UTF-8?B?"), "{head}");
    assert!(head.contains("\r\n =?UTF-8?B?"), "folded: {head}");
    assert_eq!(header_value(&mime, "Subject"), subject);
    // The body: base64 lines of 76, the text with CRLF line ends (MIME's
    // canonical form of text).
    let lines: Vec<&str> = body.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(lines[..lines.len() - 1].iter().all(|l| l.len() == 76));
    assert_eq!(decode(&lines.concat()), text.replace('\n', "\r\n"));
}

#[test]
fn a_short_ascii_subject_stays_plain_a_long_one_is_encoded() {
    let mime = email("Your conversation with Shop", "x").to_mime("a@b", Timestamp(0));
    assert!(mime.contains("\r\nSubject: Your conversation with Shop\r\n"));
    let long = "A very long subject that says a lot about the shop, ".repeat(3);
    let mime = email(&long, "x").to_mime("a@b", Timestamp(0));
    assert_well_formed(&mime);
    assert_eq!(header_value(&mime, "Subject"), long.trim());
    // What looks like an encoded word is encoded, so it reads as written.
    let tricky = "=?UTF-8?B?SGk=?= and more";
    let mime = email(tricky, "x").to_mime("a@b", Timestamp(0));
    assert!(!mime.contains(&format!("Subject: {tricky}")));
    assert_eq!(header_value(&mime, "Subject"), tricky);
}

#[test]
fn the_senders_name_is_quoted_or_encoded_and_folded() {
    let mut e = email("Hi", "x");
    e.from_name = "Loja São João".into();
    e.from = "atendimento-ao-cliente.loja-sao-joao@mail.example.com.br".into();
    let mime = e.to_mime("a@b", Timestamp(0));
    assert_well_formed(&mime);
    assert!(mime.starts_with("From: =?UTF-8?B?"), "{mime}");
    assert_eq!(
        header_value(&mime, "From"),
        "Loja São João <atendimento-ao-cliente.loja-sao-joao@mail.example.com.br>"
    );
    e.from_name = "A plain name, but a long one: ".repeat(4);
    let mime = e.to_mime("a@b", Timestamp(0));
    assert_well_formed(&mime);
    assert!(header_value(&mime, "From").starts_with("A plain name, but a long one: A plain"));
    e.from_name = " \r\n".into();
    let mime = e.to_mime("a@b", Timestamp(0));
    assert!(
        mime.starts_with("From: <atendimento-ao-cliente.loja-sao-joao@mail.example.com.br>\r\n")
    );
}

#[test]
fn no_header_can_be_injected() {
    let evil = [
        "Hi\r\nBcc: everyone@example.com",
        "Olá\r\nBcc: everyone@example.com",
        "Hi\nBcc: x@example.com\r\n\r\nforged body",
        "Hi\u{2028}Bcc: x@example.com",
    ];
    for subject in evil {
        let mut e = email(subject, "x");
        e.to = "ana@example.com\r\nBcc: all@example.com".into();
        e.from = "chat@example.com\nX-Evil: 0".into();
        e.from_name = "Shop\nX-Evil: 1".into();
        let mime = e.to_mime("id@example.com\r\nX-Evil: 2", Timestamp(0));
        assert_well_formed(&mime);
        let (head, body) = split(&mime);
        for line in head.split("\r\n") {
            assert!(
                line.starts_with(' ')
                    || [
                        "From: ",
                        "To: ",
                        "Subject: ",
                        "Date: ",
                        "Message-ID: ",
                        "MIME-Version: ",
                        "Content-Type: ",
                        "Content-Transfer-Encoding: "
                    ]
                    .iter()
                    .any(|h| line.starts_with(h)),
                "{head}"
            );
        }
        assert_eq!(head.matches("\r\nContent-Type: ").count(), 1);
        assert_eq!(decode(&body.replace("\r\n", "")), "x");
        // The values keep their words, on one line.
        assert!(header_value(&mime, "Subject").contains("Bcc:"));
        assert!(!header_value(&mime, "Subject").contains(['\r', '\n', '\u{2028}']));
    }
}

#[test]
fn a_date_out_of_range_does_not_panic() {
    let mime = email("Hi", "x").to_mime("a@b", Timestamp(i64::MAX));
    assert_eq!(
        header_value(&mime, "Date"),
        "Thu, 01 Jan 1970 00:00:00 +0000"
    );
}

fn line(side: Side, author: &str, text: &str, at: i64) -> HistoryLine {
    HistoryLine {
        author: author.into(),
        side,
        text: text.into(),
        at: Timestamp(at),
        file: None,
    }
}

const NOON_UTC: i64 = 1_796_126_400_000; // 2026-12-01T12:00Z

fn chat() -> [HistoryLine; 3] {
    [
        line(Side::System, "Loja", "Welcome!", NOON_UTC - 1_000),
        line(Side::Visitor, "Visitor 1", "Where is my order?", NOON_UTC),
        line(
            Side::Operator,
            "Ana",
            "It arrives tomorrow.\nAnything else?",
            NOON_UTC + 60_000,
        ),
    ]
}

#[test]
fn r_ch_7_the_history_is_in_the_channels_language_and_zone() {
    let lines = chat();
    let (subject, text) = history(Lang::PtBr, "Loja", chrono_tz::America::Sao_Paulo, &lines);
    assert_eq!(subject, "Sua conversa com Loja");
    assert!(
        text.starts_with("Olá,\n\nAqui está a sua conversa com Loja"),
        "{text}"
    );
    assert!(
        text.contains("[2026-12-01 08:59 -03] Loja:\nWelcome!\n"),
        "{text}"
    );
    assert!(
        text.contains("[2026-12-01 09:00 -03] Você:\nWhere is my order?\n"),
        "{text}"
    );
    assert!(
        text.contains("[2026-12-01 09:01 -03] Ana:\nIt arrives tomorrow.\nAnything else?\n"),
        "{text}"
    );
    assert!(text.contains("America/Sao_Paulo"), "{text}");
    assert!(text.trim_end().ends_with("Obrigado por falar com a gente."));
    assert!(!text.contains("Visitor 1"), "the visitor is \"you\"");

    let (subject, text) = history(Lang::Es, "Tienda", chrono_tz::UTC, &lines);
    assert_eq!(subject, "Tu conversación con Tienda");
    assert!(text.starts_with("Hola:"), "{text}");
    assert!(text.contains("[2026-12-01 12:00 UTC] Tú:"), "{text}");
    assert!(text.contains("Gracias por escribirnos."), "{text}");

    let (subject, text) = history(Lang::En, "Shop", chrono_tz::UTC, &lines);
    assert_eq!(subject, "Your conversation with Shop");
    assert!(
        text.contains("Here is your conversation with Shop"),
        "{text}"
    );
    assert!(text.contains("[2026-12-01 12:00 UTC] You:"), "{text}");
    assert!(!text.contains("left out"));
}

#[test]
fn r_ch_7_times_follow_the_zones_summer_time() {
    let july = NOON_UTC - 150 * 86_400_000; // 2026-07-04T12:00Z
    let lines = [
        line(Side::Visitor, "V", "summer", july),
        line(Side::Visitor, "V", "winter", NOON_UTC),
    ];
    let (_, text) = history(Lang::En, "Shop", chrono_tz::America::New_York, &lines);
    assert!(
        text.contains("[2026-07-04 08:00 EDT] You:\nsummer"),
        "{text}"
    );
    assert!(
        text.contains("[2026-12-01 07:00 EST] You:\nwinter"),
        "{text}"
    );
}

#[test]
fn r_ch_7_names_and_the_channel_stay_on_their_line() {
    let lines = [line(
        Side::Operator,
        "Ana\n[2026-01-01 00:00 UTC] You:",
        "hi",
        0,
    )];
    let (subject, text) = history(Lang::En, "Shop\r\nBcc: x", chrono_tz::UTC, &lines);
    assert!(!subject.contains(['\r', '\n']), "{subject}");
    assert!(
        text.contains("[1970-01-01 00:00 UTC] Ana [2026-01-01 00:00 UTC] You::\nhi"),
        "{text}"
    );
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
    assert_eq!(text.matches("] You:\n").count(), MAX_HISTORY_MESSAGES);

    let one = &lines[..MAX_HISTORY_MESSAGES + 1];
    let (_, text) = history(Lang::PtBr, "Loja", chrono_tz::UTC, one);
    assert!(
        text.contains("a mensagem mais antiga ficou de fora"),
        "{}",
        &text[..300]
    );
    let (_, text) = history(Lang::Es, "Tienda", chrono_tz::UTC, one);
    assert!(
        text.contains("el mensaje más antiguo quedó fuera"),
        "{}",
        &text[..300]
    );
}

#[test]
fn r_ch_7_a_history_too_big_is_cut_to_500_kb() {
    let long = "ç".repeat(5_000); // 10 KB
    let lines: Vec<HistoryLine> = (0..100)
        .map(|i| line(Side::Operator, "Ana", &format!("{i:03}{long}"), i))
        .collect();
    let (_, text) = history(Lang::En, "Shop", chrono_tz::UTC, &lines);
    assert!(text.len() <= MAX_HISTORY_BYTES + 1_000, "{}", text.len());
    assert!(text.len() > MAX_HISTORY_BYTES - 11_000, "{}", text.len());
    let kept = text.matches("] Ana:\n").count();
    assert!(kept < 50, "{kept}");
    let cut = 100 - kept;
    assert!(
        text.contains(&format!("its oldest {cut} messages are left out")),
        "{}",
        &text[..300]
    );
    assert!(text.contains("099ç"), "the newest stays");
    assert!(!text.contains("000ç"), "the oldest goes");
    // The email as sent stays within what the binding takes.
    let mime = email("Hi", &text).to_mime("a@b", Timestamp(0));
    assert_well_formed(&mime);
    assert!(mime.len() < 800_000, "{}", mime.len());
}

#[test]
fn r_kpi_3_the_late_notice_has_the_text_and_the_link() {
    let link = "https://chat.example.com/console/?conversation=c1";
    let (subject, text) = late_notice(Lang::En, "Ana is late on c1", link);
    assert_eq!(subject, "A client is waiting for an answer");
    assert!(text.starts_with("Ana is late on c1\n"));
    assert!(text.contains(link));
    let (subject, text) = late_notice(Lang::PtBr, "Ana está atrasada em c1", link);
    assert_eq!(subject, "Um cliente está esperando resposta");
    assert!(text.contains(&format!("Abra a conversa: {link}")), "{text}");
    let (subject, text) = late_notice(Lang::Es, "Ana llega tarde en c1", link);
    assert_eq!(subject, "Un cliente está esperando respuesta");
    assert!(text.contains(link), "{text}");
}

#[test]
fn r_ch_7_three_history_emails_an_hour() {
    const MIN: i64 = 60_000;
    let mut sent = Vec::new();
    for at in [0, 10 * MIN, 20 * MIN] {
        assert_eq!(history_allowed(&sent, Timestamp(at)), Ok(()));
        sent.push(Timestamp(at));
    }
    let refused = history_allowed(&sent, Timestamp(30 * MIN)).unwrap_err();
    assert_eq!(refused, HistoryRefusal::TooMany { minutes: 30 });
    assert_eq!(
        refused.to_string(),
        "you asked for this conversation by email 3 times in the last hour; try again in 30 min"
    );
    let refused = history_allowed(&sent, Timestamp(60 * MIN - 1)).unwrap_err();
    assert_eq!(refused, HistoryRefusal::TooMany { minutes: 1 });
    // An hour after the first, one more may go; then the window moves on.
    assert_eq!(history_allowed(&sent, Timestamp(60 * MIN)), Ok(()));
    sent.push(Timestamp(60 * MIN));
    assert_eq!(
        history_allowed(&sent, Timestamp(61 * MIN)),
        Err(HistoryRefusal::TooMany { minutes: 9 })
    );
    // Odd clocks do not break the rule.
    let future = [Timestamp(i64::MAX); 3];
    assert_eq!(
        history_allowed(&future, Timestamp(0)),
        Err(HistoryRefusal::TooMany { minutes: 60 })
    );
}

#[test]
fn r_ch_7_the_history_email_round_trips() {
    let (subject, text) = history(Lang::PtBr, "Loja São João", chrono_tz::UTC, &chat());
    let e = Email {
        subject: subject.clone(),
        text: text.clone(),
        ..email("", "")
    };
    let mime = e.to_mime("x@example.com", Timestamp(NOON_UTC));
    assert_well_formed(&mime);
    assert_eq!(header_value(&mime, "Subject"), subject);
    let (_, body) = split(&mime);
    assert_eq!(
        decode(&body.replace("\r\n", "")),
        text.replace('\n', "\r\n")
    );
}

#[test]
fn emails_21_each_file_is_a_link_with_its_expiry() {
    let file = |name: &str, size: u64| FileLink {
        name: name.into(),
        mime: "application/pdf".into(),
        size,
        url: format!("https://chat.example/api/files/c_1/operator/{name}?t=sig"),
        expires: Timestamp(NOON_UTC + crate::token::EMAILED_FILE_LINK_MS),
    };
    let lines = [
        HistoryLine {
            file: Some(file("fatura.pdf", 2048)),
            ..line(Side::Operator, "Ana", "", NOON_UTC)
        },
        HistoryLine {
            file: Some(file("recibo\n.pdf", 10)),
            ..line(Side::Visitor, "V", "Segue o recibo", NOON_UTC + 60_000)
        },
    ];
    let (_, text) = history(Lang::PtBr, "Loja", chrono_tz::America::Sao_Paulo, &lines);
    assert!(
        text.contains(
            "[2026-12-01 09:00 -03] Ana:\nArquivo fatura.pdf (2 KB): https://chat.example/api/files/c_1/operator/fatura.pdf?t=sig (o link funciona até 2026-12-08 09:00 -03)\n"
        ),
        "{text}"
    );
    // After the caption; a name stays on its line.
    assert!(
        text.contains("Você:\nSegue o recibo\nArquivo recibo .pdf (10 bytes): "),
        "{text}"
    );
    let (_, text) = history(Lang::En, "Shop", chrono_tz::UTC, &lines);
    assert!(
        text.contains("File fatura.pdf (2 KB): https://chat.example/api/files/c_1/operator/fatura.pdf?t=sig (the link works until 2026-12-08 12:00 UTC)"),
        "{text}"
    );
    let (_, text) = history(Lang::Es, "Tienda", chrono_tz::UTC, &lines);
    assert!(
        text.contains("Archivo fatura.pdf (2 KB): https://"),
        "{text}"
    );
    assert!(
        text.contains("(el enlace funciona hasta 2026-12-08 12:00 UTC)"),
        "{text}"
    );
}

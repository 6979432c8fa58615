use super::*;
use crate::connectors::InboundRequest;

fn response(title: &str, text: &str, shortcut: Option<&str>) -> CannedResponse {
    CannedResponse {
        title: title.into(),
        text: text.into(),
        shortcut: shortcut.map(str::to_owned),
    }
}

fn faq() -> Vec<CannedResponse> {
    vec![
        response(
            "Opening hours",
            "We are open Monday to Friday, 9:00 to 18:00.",
            Some("hours"),
        ),
        response(
            "Shipping prices",
            "Shipping is free over 50 euros; otherwise it costs 5 euros.",
            Some("shipping"),
        ),
        response(
            "Horário de atendimento",
            "Atendemos de segunda a sexta, das 9h às 18h.",
            None,
        ),
        response(
            "Devoluciones",
            "Puedes devolver un pedido en los 30 días siguientes a la entrega.",
            None,
        ),
    ]
}

#[test]
fn r_bot_1_faq_answers_from_the_predefined_response_that_matches() {
    let a = faq_answer(&faq(), "What are your opening hours?", Lang::En);
    assert_eq!(a.action, BotAction::Continue);
    assert_eq!(a.replies[0], "We are open Monday to Friday, 9:00 to 18:00.");
    assert_eq!(a.replies.len(), 2, "and asks whether there is more");

    // Plurals, case and accents do not matter; the text counts too.
    let a = faq_answer(&faq(), "how much is SHIPPING, is it free?", Lang::En);
    assert!(a.replies[0].starts_with("Shipping is free"), "{a:?}");
    let a = faq_answer(&faq(), "qual o horario de atendimento?", Lang::PtBr);
    assert!(a.replies[0].starts_with("Atendemos"), "{a:?}");
    assert_eq!(a.replies[1], Lang::PtBr.server_text(ServerMsg::BotMore));
    let a = faq_answer(&faq(), "¿Cómo funcionan las devoluciones?", Lang::Es);
    assert!(a.replies[0].starts_with("Puedes devolver"), "{a:?}");
}

#[test]
fn r_bot_1_faq_hands_over_when_nothing_matches() {
    let a = faq_answer(&faq(), "My parcel arrived broken, what now?", Lang::En);
    assert_eq!(a.action, BotAction::Handover);
    assert_eq!(
        a.replies,
        vec![Lang::En.server_text(ServerMsg::BotNotFound).into_owned()]
    );
    // One word of four found in a text is not an answer.
    let a = faq_answer(&faq(), "do you sell friday gift cards online", Lang::En);
    assert_eq!(a.action, BotAction::Handover, "{a:?}");
    // No list at all: every question goes to a person.
    assert_eq!(
        faq_answer(&[], "opening hours", Lang::En).action,
        BotAction::Handover
    );
}

#[test]
fn r_bot_1_faq_hands_over_when_the_client_asks_for_a_person() {
    for (q, lang) in [
        ("I want to talk to a person", Lang::En),
        ("operator please", Lang::En),
        ("Quero falar com um atendente", Lang::PtBr),
        ("¿Puedo hablar con una persona?", Lang::Es),
        ("alguém humano?", Lang::PtBr),
    ] {
        let a = faq_answer(&faq(), q, lang);
        assert_eq!(a.action, BotAction::Handover, "{q}");
        assert_eq!(
            a.replies,
            vec![lang.server_text(ServerMsg::BotHandover).into_owned()]
        );
    }
    // Even when the question would match an answer.
    let a = faq_answer(&faq(), "opening hours? or a person", Lang::En);
    assert_eq!(a.action, BotAction::Handover);
}

#[test]
fn r_bot_1_faq_asks_for_a_question_when_there_is_none() {
    for q in ["hi", "Hello!", "olá", "?"] {
        let a = faq_answer(&faq(), q, Lang::En);
        assert_eq!(a.action, BotAction::Continue, "{q}");
        assert_eq!(
            a.replies,
            vec![Lang::En.server_text(ServerMsg::BotAsk).into_owned()]
        );
    }
}

#[test]
fn r_bot_1_the_best_match_wins_and_ties_keep_the_list_order() {
    let list = vec![
        response("Prices", "Our prices are on the website.", None),
        response("Shipping prices", "Shipping costs 5 euros.", None),
        response("Prices again", "Same words, later in the list.", None),
    ];
    let a = faq_answer(&list, "shipping prices", Lang::En);
    assert_eq!(a.replies[0], "Shipping costs 5 euros.");
    let a = faq_answer(&list, "prices", Lang::En);
    assert_eq!(a.replies[0], "Our prices are on the website.");
}

#[test]
fn r_bot_1_a_bot_that_cannot_serve_open_channels_is_not_assigned() {
    assert_eq!(may_assign(&BotInfo::faq()), Ok(()));
    let mut bot = BotInfo {
        id: BotId::parse("b_sales").unwrap(),
        name: "Sales bot".into(),
        kind: BotKind::Http {
            url: "https://bot.example.com/canal".into(),
        },
        open_channels: false,
    };
    let e = may_assign(&bot).unwrap_err();
    assert!(e
        .to_string()
        .contains("Sales bot declared that it cannot serve open channels"));
    bot.open_channels = true;
    assert_eq!(may_assign(&bot), Ok(()));
}

#[test]
fn a_manifest_that_says_nothing_cannot_serve_open_channels() {
    let m = parse_manifest(200, "{}").unwrap();
    assert!(!m.open_channels);
    let m = parse_manifest(200, r#"{"name":"Helper","open_channels":true}"#).unwrap();
    assert!(m.open_channels);
    assert_eq!(m.name.as_deref(), Some("Helper"));
    assert_eq!(parse_manifest(404, "{}"), Err(BotError::Status(404)));
    assert!(matches!(
        parse_manifest(200, "not json"),
        Err(BotError::BadAnswer(_))
    ));
    assert_eq!(
        parse_manifest(200, r#"{"name":""}"#),
        Err(BotError::BadName)
    );
}

#[test]
fn answers_are_bounded_and_checked() {
    let a = parse_answer(200, r#"{"replies":["Hi"],"action":"handover"}"#).unwrap();
    assert_eq!(a.action, BotAction::Handover);
    assert_eq!(a.replies, vec!["Hi".to_string()]);
    // Nothing said: keep going, say nothing.
    assert_eq!(parse_answer(200, "{}").unwrap(), BotAnswer::default());
    assert_eq!(parse_answer(500, "{}"), Err(BotError::Status(500)));
    let six = serde_json::json!({ "replies": ["a", "b", "c", "d", "e", "f"] }).to_string();
    assert!(parse_answer(200, &six)
        .unwrap_err()
        .to_string()
        .contains("at most 5"));
    let blank = r#"{"replies":["   "]}"#;
    assert!(matches!(
        parse_answer(200, blank),
        Err(BotError::BadAnswer(_))
    ));
    let unknown = r#"{"action":"dance"}"#;
    assert!(matches!(
        parse_answer(200, unknown),
        Err(BotError::BadAnswer(_))
    ));
    let huge = format!(r#"{{"replies":["{}"]}}"#, "x".repeat(MAX_ANSWER_BYTES));
    assert!(parse_answer(200, &huge)
        .unwrap_err()
        .to_string()
        .contains("bytes"));
}

#[test]
fn requests_are_signed_like_the_webhook_connector() {
    let now = Timestamp(1_700_000_000_000);
    let request = BotRequest::Message {
        conversation: ConversationId::parse("c_1").unwrap(),
        channel: ChannelId::parse("main").unwrap(),
        client: "Visitor 1234".into(),
        lang: "en".into(),
        message: BotQuestion {
            seq: Seq(1),
            text: "opening hours?".into(),
            at: now,
            file: None,
        },
    };
    let c = call("https://bot.example.com/canal", "s3cret", now, &request);
    assert_eq!(c.url, "https://bot.example.com/canal");
    let body: serde_json::Value = serde_json::from_str(&c.body).unwrap();
    assert_eq!(body["type"], "message");
    assert_eq!(body["message"]["text"], "opening hours?");
    // The webhook connector's own check accepts it with the same secret.
    let inbound = InboundRequest {
        headers: c.headers.iter().cloned().collect(),
        body: c.body.clone(),
    };
    assert_eq!(webhook::verify("s3cret", now, &inbound), Ok(()));
    assert!(webhook::verify("other", now, &inbound).is_err());
    let hello = call(
        "https://bot.example.com/canal",
        "s3cret",
        now,
        &BotRequest::Hello,
    );
    assert_eq!(hello.body, r#"{"type":"hello"}"#);
}

#[test]
fn bot_urls_and_names_are_checked() {
    let input = |url: &str| BotInput {
        url: url.into(),
        name: None,
    };
    assert_eq!(
        input(" https://bot.example.com/x/ ").url().unwrap(),
        "https://bot.example.com/x"
    );
    assert!(input("http://127.0.0.1:9000/bot").url().is_ok());
    assert!(input("http://bot.example.com").url().is_err());
    assert!(input("javascript:alert(1)").url().is_err());
    assert_eq!(parse_name("  Helper "), Ok("Helper".into()));
    assert_eq!(parse_name(""), Err(BotError::BadName));
    assert_eq!(parse_name(&"x".repeat(61)), Err(BotError::BadName));
    assert_eq!(parse_name("a\u{7}b"), Err(BotError::BadName));
}

//! Decoding of what the server sends: socket frames and API answers, read
//! with [`crate::json`] into the shared protocol types.
//!
//! Each decoder builds its type field by field, so a change of a shared type
//! does not compile until it is reflected here; the tests check every
//! decoder against the JSON the shared types' `Serialize` writes. Where the
//! derived decoders would refuse a frame (a missing field, an invalid id),
//! these do too.

use canal_shared::client::Pending;
use canal_shared::ids::{ChannelId, ClientMsgId, ConversationId, Seq, UserId, VisitorId};
use canal_shared::protocol::{
    ApiError, ChannelInfo, ChatEvent, ConversationView, ErrorCode, FileRef, Message, OperatorInfo,
    Rating, ServerFrame, Side, Status, Verdict, VisitorSessionResponse,
};
use canal_shared::time::Timestamp;
use canal_shared::widget_settings::OperatorCard;

use crate::json::Json;

fn seq(j: &Json, key: &str) -> Option<Seq> {
    u64::try_from(j.get(key)?.int()?).ok().map(Seq)
}

fn time(j: &Json, key: &str) -> Option<Timestamp> {
    j.get(key)?.int().map(Timestamp)
}

fn id<T>(
    j: &Json,
    key: &str,
    parse: fn(&str) -> Result<T, canal_shared::ids::IdError>,
) -> Option<T> {
    parse(j.get(key)?.str()?).ok()
}

/// An optional member: absent or `null` is `Some(None)`, anything `read`
/// refuses is `None`.
fn opt<T>(j: &Json, key: &str, read: fn(&Json) -> Option<T>) -> Option<Option<T>> {
    match j.get(key) {
        None => Some(None),
        Some(v) => read(v).map(Some),
    }
}

fn text(j: &Json) -> Option<String> {
    j.str().map(str::to_owned)
}

fn side(j: &Json, key: &str) -> Option<Side> {
    match j.get(key)?.str()? {
        "visitor" => Some(Side::Visitor),
        "operator" => Some(Side::Operator),
        "system" => Some(Side::System),
        _ => None,
    }
}

fn status(j: &Json) -> Option<Status> {
    match j.get("status")?.str()? {
        "new" => Some(Status::New),
        "waiting" => Some(Status::Waiting),
        "active" => Some(Status::Active),
        "closed" => Some(Status::Closed),
        _ => None,
    }
}

/// An error code; one this build does not know reads as `internal`, so
/// that its message is still shown.
fn code(j: &Json) -> Option<ErrorCode> {
    Some(match j.get("code")?.str()? {
        "bad_frame" => ErrorCode::BadFrame,
        "bad_handshake" => ErrorCode::BadHandshake,
        "unsupported_version" => ErrorCode::UnsupportedVersion,
        "invalid" => ErrorCode::Invalid,
        "too_large" => ErrorCode::TooLarge,
        "forbidden" => ErrorCode::Forbidden,
        "unauthorized" => ErrorCode::Unauthorized,
        "not_found" => ErrorCode::NotFound,
        "conflict" => ErrorCode::Conflict,
        "consent_required" => ErrorCode::ConsentRequired,
        "channel_disabled" => ErrorCode::ChannelDisabled,
        "too_many" => ErrorCode::TooMany,
        _ => ErrorCode::Internal,
    })
}

fn channel(j: &Json) -> Option<ChannelInfo> {
    Some(ChannelInfo {
        id: id(j, "id", ChannelId::parse)?,
        name: j.string("name")?,
    })
}

/// An optional operator: absent or `null` is `None`, anything else must be
/// a valid operator.
fn operator(j: &Json) -> Result<Option<OperatorInfo>, ()> {
    let Some(o) = j.get("operator") else {
        return Ok(None);
    };
    let info = OperatorInfo {
        id: id(o, "id", UserId::parse).ok_or(())?,
        name: o.string("name").ok_or(())?,
    };
    Ok(Some(info))
}

/// What the visitor sees of who answers (R-A-1).
fn card(j: &Json) -> Option<OperatorCard> {
    Some(OperatorCard {
        name: j.string("name")?,
        position: opt(j, "position", text)?,
        avatar: opt(j, "avatar", text)?,
    })
}

fn rating(j: &Json) -> Option<Rating> {
    Some(Rating {
        verdict: match j.get("verdict")?.str()? {
            "like" => Verdict::Like,
            "dislike" => Verdict::Dislike,
            _ => return None,
        },
        comment: opt(j, "comment", text)?,
    })
}

fn conversation(j: &Json) -> Option<ConversationView> {
    Some(ConversationView {
        id: id(j, "id", ConversationId::parse)?,
        channel: channel(j.get("channel")?)?,
        visitor_name: j.string("visitor_name")?,
        status: status(j)?,
        operator: operator(j).ok()?,
        last_seq: seq(j, "last_seq")?,
        visitor_read: seq(j, "visitor_read")?,
        operator_read: seq(j, "operator_read")?,
        visitor_draft: opt(j, "visitor_draft", text)?,
        // Absent from older servers' frames.
        rating_open: opt(j, "rating_open", Json::bool)?.unwrap_or(false),
        rating: opt(j, "rating", rating)?,
        card: opt(j, "card", card)?,
        contact: opt(j, "contact", text)?,
        consent_needed: opt(j, "consent_needed", Json::bool)?.unwrap_or(false),
        // On unless the channel turned it off (#20), and from older servers.
        live_typing: opt(j, "live_typing", Json::bool)?.unwrap_or(true),
        // 0 from older servers: links are not renewed.
        links_ms: opt(j, "links_ms", Json::int)?.map_or(0, |n| n.unsigned_abs()),
        supervisor_rating: None,
        reading: false,
        // Operators only (issue #20).
        visitor: None,
    })
}

fn message(j: &Json) -> Option<Message> {
    Some(Message {
        seq: seq(j, "seq")?,
        id: id(j, "id", ClientMsgId::parse)?,
        side: side(j, "side")?,
        author: j.string("author")?,
        text: j.string("text")?,
        at: time(j, "at")?,
        // Notes never reach visitors (#20); an event line is worded here.
        note: opt(j, "note", Json::bool)?.unwrap_or(false),
        event: opt(j, "event", |e| ChatEvent::parse(e.str()?))?,
        file: opt(j, "file", file)?,
    })
}

/// The file a message carries (#21): shown as a picture or a card, its
/// name always as text.
fn file(j: &Json) -> Option<FileRef> {
    let size = |key: &str| opt(j, key, |n| u32::try_from(n.int()?).ok());
    Some(FileRef {
        id: id(j, "id", ClientMsgId::parse)?,
        side: side(j, "side")?,
        name: j.string("name")?,
        size: u64::try_from(j.get("size")?.int()?).ok()?,
        mime: j.string("mime")?,
        width: size("width")?,
        height: size("height")?,
        url: opt(j, "url", text)?,
    })
}

/// Decodes one text frame from the server; `None` if it is not one (not
/// JSON, an unknown `type`, a missing or invalid field).
pub fn server_frame(raw: &str) -> Option<ServerFrame> {
    let j = Json::parse(raw)?;
    Some(match j.get("type")?.str()? {
        "welcome" => ServerFrame::Welcome {
            version: u32::try_from(j.get("version")?.int()?).ok()?,
            you: side(&j, "you")?,
            conversation: conversation(j.get("conversation")?)?,
        },
        "message" => ServerFrame::Message {
            message: message(j.get("message")?)?,
        },
        "ack" => ServerFrame::Ack {
            id: id(&j, "id", ClientMsgId::parse)?,
            seq: seq(&j, "seq")?,
            at: time(&j, "at")?,
        },
        "typing" => ServerFrame::Typing {
            side: side(&j, "side")?,
            active: j.get("active")?.bool()?,
            draft: opt(&j, "draft", text)?,
        },
        "read" => ServerFrame::Read {
            side: side(&j, "side")?,
            seq: seq(&j, "seq")?,
        },
        "assigned" => ServerFrame::Assigned {
            operator: operator(&j).ok()?,
            card: opt(&j, "card", card)?,
        },
        "status" => ServerFrame::Status {
            status: status(&j)?,
            rating_open: j.get("rating_open")?.bool()?,
        },
        "rated" => ServerFrame::Rated {
            rating: rating(j.get("rating")?)?,
        },
        "error" => ServerFrame::Error {
            code: code(&j)?,
            message: j.string("message")?,
            id: match j.get("id") {
                None => None,
                Some(_) => Some(id(&j, "id", ClientMsgId::parse)?),
            },
            retry_ms: j.get("retry_ms").and_then(Json::int),
        },
        _ => return None,
    })
}

/// Decodes the answer to `POST /api/visitor/session`.
pub fn visitor_session(raw: &str) -> Option<VisitorSessionResponse> {
    let j = Json::parse(raw)?;
    Some(VisitorSessionResponse {
        visitor: id(&j, "visitor", VisitorId::parse)?,
        token: j.string("token")?,
        conversation: id(&j, "conversation", ConversationId::parse)?,
        visitor_name: j.string("visitor_name")?,
        channel: channel(j.get("channel")?)?,
        identity: None,
        identity_error: j.string("identity_error"),
    })
}

/// Decodes an HTTP error body.
pub fn api_error(raw: &str) -> Option<ApiError> {
    let j = Json::parse(raw)?;
    Some(ApiError {
        code: code(&j)?,
        message: j.string("message")?,
        detail: None,
    })
}

/// Decodes a saved outbox message.
pub fn pending(j: &Json) -> Option<Pending> {
    Some(Pending {
        id: id(j, "id", ClientMsgId::parse)?,
        text: j.string("text")?,
        written: time(j, "written")?,
        // The widget writes no notes.
        note: false,
        // A file stored already, sent again with its message after a reload.
        file: opt(j, "file", |f| ClientMsgId::parse(f.str()?).ok())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(frame: ServerFrame) {
        let raw = serde_json::to_string(&frame).unwrap();
        assert_eq!(server_frame(&raw), Some(frame.clone()), "{raw}");
        // The derived decoder agrees.
        assert_eq!(serde_json::from_str::<ServerFrame>(&raw).ok(), Some(frame));
    }

    fn ana() -> OperatorInfo {
        OperatorInfo {
            id: UserId::parse("u_1").unwrap(),
            name: "Ana".into(),
        }
    }

    fn view(operator: Option<OperatorInfo>, draft: Option<String>) -> ConversationView {
        ConversationView {
            id: ConversationId::parse("c_1").unwrap(),
            channel: ChannelInfo {
                id: ChannelId::parse("demo").unwrap(),
                name: "Open Channel 1".into(),
            },
            visitor_name: "Visitor 1".into(),
            status: Status::Active,
            operator,
            last_seq: Seq(4),
            visitor_read: Seq(3),
            operator_read: Seq(2),
            visitor_draft: draft,
            rating_open: false,
            rating: None,
            card: Some(card()),
            contact: None,
            consent_needed: true,
            supervisor_rating: None,
            reading: false,
            visitor: None,
            live_typing: false,
            links_ms: 0,
        }
    }

    fn card() -> OperatorCard {
        OperatorCard {
            name: "Ana".into(),
            position: Some("Support".into()),
            avatar: Some("https://cdn.example/ana.png".into()),
        }
    }

    fn liked(comment: Option<&str>) -> Rating {
        Rating {
            verdict: Verdict::Like,
            comment: comment.map(str::to_owned),
        }
    }

    #[test]
    fn every_frame_decodes_like_the_derived_decoder() {
        let id = ClientMsgId::parse("m_1").unwrap();
        for you in [Side::Visitor, Side::Operator] {
            round_trip(ServerFrame::Welcome {
                version: 1,
                you,
                conversation: view(Some(ana()), Some("dr\"aft".into())),
            });
        }
        for status in [Status::New, Status::Waiting, Status::Active, Status::Closed] {
            round_trip(ServerFrame::Welcome {
                version: 1,
                you: Side::Visitor,
                conversation: ConversationView {
                    status,
                    ..view(None, None)
                },
            });
        }
        for (rating_open, rating) in [
            (true, None),
            (false, Some(liked(Some("thanks, \"great\"\n😀")))),
            (
                true,
                Some(Rating {
                    verdict: Verdict::Dislike,
                    comment: None,
                }),
            ),
        ] {
            round_trip(ServerFrame::Welcome {
                version: 1,
                you: Side::Visitor,
                conversation: ConversationView {
                    status: Status::Closed,
                    rating_open,
                    rating,
                    ..view(None, None)
                },
            });
        }
        round_trip(ServerFrame::Message {
            message: Message {
                seq: Seq(3),
                id: ClientMsgId::parse("auto-3").unwrap(),
                side: Side::System,
                author: "Open Channel 1".into(),
                text: "Hello! <i>We</i> answer soon.".into(),
                at: Timestamp(1_764_000_000_000),
                note: false,
                event: None,
                file: None,
            },
        });
        // #20: the event lines.
        for event in [
            ChatEvent::Transferred,
            ChatEvent::Closed,
            ChatEvent::Reopened,
            ChatEvent::HandedOver,
        ] {
            round_trip(ServerFrame::Message {
                message: Message {
                    seq: Seq(5),
                    id: ClientMsgId::parse("event-5").unwrap(),
                    side: Side::System,
                    author: "Bruno".into(),
                    text: String::new(),
                    at: Timestamp(1_764_000_000_000),
                    note: false,
                    event: Some(event),
                    file: None,
                },
            });
        }
        round_trip(ServerFrame::Message {
            message: Message {
                seq: Seq(1),
                id: id.clone(),
                side: Side::Operator,
                author: "Ana".into(),
                text: "<b>hi</b>\n😀".into(),
                at: Timestamp(1_764_000_000_000),
                note: false,
                event: None,
                file: None,
            },
        });
        round_trip(ServerFrame::Ack {
            id: id.clone(),
            seq: Seq(2),
            at: Timestamp(6),
        });
        round_trip(ServerFrame::Typing {
            side: Side::Operator,
            active: true,
            draft: None,
        });
        round_trip(ServerFrame::Typing {
            side: Side::Visitor,
            active: false,
            draft: Some("x".into()),
        });
        round_trip(ServerFrame::Read {
            side: Side::Operator,
            seq: Seq(2),
        });
        round_trip(ServerFrame::Assigned {
            operator: Some(ana()),
            card: None,
        });
        round_trip(ServerFrame::Assigned {
            operator: None,
            card: Some(card()),
        });
        round_trip(ServerFrame::Assigned {
            operator: None,
            card: None,
        });
        for status in [Status::New, Status::Waiting, Status::Active, Status::Closed] {
            for rating_open in [true, false] {
                round_trip(ServerFrame::Status {
                    status,
                    rating_open,
                });
            }
        }
        round_trip(ServerFrame::Rated {
            rating: liked(Some("quick <b>and</b> kind")),
        });
        round_trip(ServerFrame::Rated {
            rating: Rating {
                verdict: Verdict::Dislike,
                comment: None,
            },
        });
        for code in [
            ErrorCode::BadFrame,
            ErrorCode::BadHandshake,
            ErrorCode::UnsupportedVersion,
            ErrorCode::Invalid,
            ErrorCode::TooLarge,
            ErrorCode::Forbidden,
            ErrorCode::Unauthorized,
            ErrorCode::NotFound,
            ErrorCode::Conflict,
            ErrorCode::ConsentRequired,
            ErrorCode::ChannelDisabled,
            ErrorCode::Internal,
        ] {
            round_trip(ServerFrame::Error {
                code,
                message: "too long".into(),
                id: Some(id.clone()),
                retry_ms: None,
            });
        }
        round_trip(ServerFrame::Error {
            code: ErrorCode::Invalid,
            message: "no".into(),
            id: None,
            retry_ms: None,
        });
        round_trip(ServerFrame::Error {
            code: ErrorCode::TooMany,
            message: "slow down".into(),
            id: Some(id.clone()),
            retry_ms: Some(1_500),
        });
    }

    #[test]
    fn missing_optional_fields_are_none() {
        assert_eq!(
            server_frame(r#"{"type":"assigned"}"#),
            Some(ServerFrame::Assigned {
                operator: None,
                card: None
            })
        );
        assert_eq!(
            server_frame(r#"{"type":"typing","side":"operator","active":false}"#),
            Some(ServerFrame::Typing {
                side: Side::Operator,
                active: false,
                draft: None
            })
        );
        assert_eq!(
            server_frame(r#"{"type":"rated","rating":{"verdict":"like"}}"#),
            Some(ServerFrame::Rated {
                rating: liked(None)
            })
        );
    }

    #[test]
    fn welcome_of_an_older_server_has_no_rating() {
        let frame = ServerFrame::Welcome {
            version: 1,
            you: Side::Visitor,
            conversation: ConversationView {
                live_typing: true,
                ..view(Some(ana()), None)
            },
        };
        let mut raw = serde_json::to_value(&frame).unwrap();
        let conversation = raw["conversation"].as_object_mut().unwrap();
        assert!(conversation.remove("rating_open").is_some());
        assert!(conversation.remove("rating").is_some());
        // Real-time typing was always on then (#20).
        assert!(conversation.remove("live_typing").is_some());
        let raw = raw.to_string();
        assert_eq!(server_frame(&raw), Some(frame.clone()), "{raw}");
        assert_eq!(serde_json::from_str::<ServerFrame>(&raw).ok(), Some(frame));
    }

    #[test]
    fn junk_is_refused() {
        for raw in [
            "",
            "null",
            "[]",
            r#"{"type":"nope"}"#,
            r#"{"type":"ack","id":"bad id","seq":1,"at":1}"#,
            r#"{"type":"ack","id":"m1","seq":-1,"at":1}"#,
            r#"{"type":"read","side":"visitor"}"#,
            r#"{"type":"read","side":"robot","seq":1}"#,
            r#"{"type":"assigned","operator":{"id":"u 1","name":"x"}}"#,
            r#"{"type":"error","code":"invalid","message":"x","id":"bad id"}"#,
            r#"{"type":"status","status":"closed"}"#,
            r#"{"type":"status","status":"gone","rating_open":true}"#,
            r#"{"type":"status","status":"closed","rating_open":"yes"}"#,
            r#"{"type":"rated"}"#,
            r#"{"type":"rated","rating":{"verdict":"meh"}}"#,
            r#"{"type":"rated","rating":{"verdict":"like","comment":5}}"#,
        ] {
            assert_eq!(server_frame(raw), None, "{raw}");
        }
    }

    #[test]
    fn api_answers_decode() {
        let r = VisitorSessionResponse {
            visitor: VisitorId::parse("v_1").unwrap(),
            token: "t.o.k".into(),
            conversation: ConversationId::parse("c_1").unwrap(),
            visitor_name: "Visitor 7".into(),
            channel: ChannelInfo {
                id: ChannelId::parse("demo").unwrap(),
                name: "Open Channel 1".into(),
            },
            identity: None,
            identity_error: Some("the identity token expired".into()),
        };
        assert_eq!(
            visitor_session(&serde_json::to_string(&r).unwrap()),
            Some(r)
        );
        let e = ApiError {
            code: ErrorCode::NotFound,
            message: "no such channel".into(),
            detail: None,
        };
        assert_eq!(api_error(&serde_json::to_string(&e).unwrap()), Some(e));
        assert_eq!(
            api_error(r#"{"code":"brand_new","message":"m"}"#).map(|e| e.code),
            Some(ErrorCode::Internal)
        );
    }

    // #21: a message's file decodes like the derived decoder, a picture's
    // size with it.
    #[test]
    fn a_message_with_a_file_decodes() {
        for (mime, size, url) in [
            (
                "image/png",
                Some(640),
                Some("/api/files/c/operator/f1?t=x".to_owned()),
            ),
            ("application/pdf", None, None),
        ] {
            round_trip(ServerFrame::Message {
                message: Message {
                    seq: Seq(3),
                    id: ClientMsgId::parse("o1").unwrap(),
                    side: Side::Operator,
                    author: "Ana".into(),
                    text: "Here".into(),
                    at: Timestamp(5),
                    note: false,
                    event: None,
                    file: Some(FileRef {
                        id: ClientMsgId::parse("f1").unwrap(),
                        side: Side::Operator,
                        name: "<b>a</b>.pdf".into(),
                        size: 9,
                        mime: mime.into(),
                        width: size,
                        height: size.map(|s| s / 2),
                        url,
                    }),
                },
            });
        }
    }

    #[test]
    fn pending_decodes() {
        for file in [None, Some(ClientMsgId::parse("f_1").unwrap())] {
            let p = Pending {
                id: ClientMsgId::parse("m_2").unwrap(),
                text: "hello".into(),
                written: Timestamp(9),
                note: false,
                file,
            };
            let j = Json::parse(&serde_json::to_string(&p).unwrap()).unwrap();
            assert_eq!(pending(&j), Some(p));
        }
    }
}

//! Socket frames as text, through every decoder that reads them:
//!
//! - the worker's [`parse_client_frame`] (conversation sockets) and the
//!   inbox's `InboxClientFrame` decoding: never a panic, a frame over
//!   `MAX_FRAME_BYTES` is refused, and a decoded frame re-encodes to JSON
//!   that decodes to the same frame;
//! - `ServerFrame` and `InboxFrame` as serde decodes them (the console):
//!   the same round trip;
//! - the widget's own decoder (`widget/src/wire.rs` on its small JSON
//!   reader, compiled in here from its sources): never a panic, and it reads
//!   back every frame the derived `Serialize` writes, less what only
//!   operators are sent.

#![no_main]

use canal_shared::protocol::{
    parse_client_frame, ErrorCode, InboxClientFrame, InboxFrame, ServerFrame, MAX_FRAME_BYTES,
};
use libfuzzer_sys::fuzz_target;
use serde::{de::DeserializeOwned, Serialize};

/// The widget's JSON reader, as the widget compiles it.
#[path = "../../widget/src/json.rs"]
#[allow(dead_code)]
mod json;

/// The widget's decoders of server frames.
#[path = "../../widget/src/wire.rs"]
#[allow(dead_code)]
mod wire;

/// Decodes `raw` as `T`; a decoded value must survive encode and decode.
fn round_trip<T>(raw: &str) -> Option<T>
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let value: T = serde_json::from_str(raw).ok()?;
    let encoded = serde_json::to_string(&value).expect("a decoded frame encodes");
    let again: T = serde_json::from_str(&encoded).expect("an encoded frame decodes");
    assert_eq!(value, again, "round trip of {raw:?} through {encoded:?}");
    Some(value)
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };

    // Conversation sockets: the worker's decoder.
    match parse_client_frame(raw) {
        Ok(frame) => {
            assert!(raw.len() <= MAX_FRAME_BYTES);
            let encoded = serde_json::to_string(&frame).expect("a client frame encodes");
            assert_eq!(parse_client_frame(&encoded).as_ref(), Ok(&frame));
        }
        Err(ServerFrame::Error { code, .. }) => {
            assert!(matches!(code, ErrorCode::TooLarge | ErrorCode::BadFrame));
            assert_eq!(code == ErrorCode::TooLarge, raw.len() > MAX_FRAME_BYTES);
        }
        Err(other) => panic!("refused with a frame that is not an error: {other:?}"),
    }

    // Inbox sockets: what the worker and the console decode.
    round_trip::<InboxClientFrame>(raw);
    round_trip::<InboxFrame>(raw);

    // Server frames: serde, and the widget's own decoder.
    let _ = wire::server_frame(raw);
    if let Some(frame) = round_trip::<ServerFrame>(raw) {
        let encoded = serde_json::to_string(&frame).expect("a server frame encodes");
        assert_eq!(
            wire::server_frame(&encoded),
            for_visitors(frame),
            "the widget reads what serde writes: {encoded}"
        );
    }
});

/// A frame as the widget reads it: what only operators are sent (delivery
/// receipts, the supervisor's rating) is not read.
fn for_visitors(frame: ServerFrame) -> Option<ServerFrame> {
    match frame {
        ServerFrame::Receipt { .. } => None,
        ServerFrame::Welcome {
            version,
            you,
            mut conversation,
        } => {
            conversation.supervisor_rating = None;
            Some(ServerFrame::Welcome {
                version,
                you,
                conversation,
            })
        }
        other => Some(other),
    }
}

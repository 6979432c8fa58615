//! The widget as a connector: the client is the visitor whose signed token
//! opened the socket, messages come in as `send` frames on it, replies go
//! out over the conversation's sockets (nothing to call), and the receipts
//! are the acks and read marks the socket already carries.

use super::{
    clip, ClientIdentity, Connector, ConnectorError, ConnectorKind, Delivery, InboundMessage,
    InboundRequest, Outbound, OutboundMessage,
};
use crate::ids::VisitorId;
use crate::protocol::ClientFrame;
use crate::time::Timestamp;

/// The live chat of a channel: one per visitor socket, built by the worker
/// once it has checked the visitor's token.
#[derive(Clone, Debug)]
pub struct LiveChat {
    /// The visitor the token names.
    pub visitor: VisitorId,
}

impl Connector for LiveChat {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::LiveChat
    }

    /// The request is one frame from the visitor's socket (already
    /// authenticated by the token): a `send` frame is a message, any other
    /// frame none.
    fn receive(
        &self,
        _now: Timestamp,
        request: &InboundRequest,
    ) -> Result<Vec<InboundMessage>, ConnectorError> {
        let frame: ClientFrame = serde_json::from_str(&request.body)
            .map_err(|e| ConnectorError::BadBody(format!("not a frame: {e}")))?;
        Ok(match frame {
            ClientFrame::Send { id, text, .. } => clip(&text)
                .map(|text| InboundMessage {
                    file: None,
                    client: ClientIdentity {
                        kind: ConnectorKind::LiveChat,
                        external_id: self.visitor.to_string(),
                        name: None,
                        username: None,
                        email: None,
                    },
                    id,
                    text,
                })
                .into_iter()
                .collect(),
            _ => Vec::new(),
        })
    }

    fn deliver(&self, _now: Timestamp, _message: &OutboundMessage) -> Outbound {
        Outbound::Sockets
    }

    /// Nothing is called, so every reply is in the conversation the sockets
    /// read from.
    fn receipt(&self, _status: u16, _body: &str) -> Delivery {
        Delivery::Delivered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ConversationId, Seq};

    #[test]
    fn r_ch_9_the_widget_is_a_connector_whose_replies_ride_the_sockets() {
        let chat = LiveChat {
            visitor: VisitorId::parse("v_1").unwrap(),
        };
        let req = |body: &str| InboundRequest {
            headers: Default::default(),
            body: body.into(),
        };
        let got = chat
            .receive(
                Timestamp(0),
                &req(r#"{"type":"send","id":"m1","text":" hi "}"#),
            )
            .unwrap();
        assert_eq!(got[0].client.external_id, "v_1");
        assert_eq!(got[0].client.kind, ConnectorKind::LiveChat);
        assert_eq!(got[0].text, "hi");
        assert_eq!(
            chat.receive(Timestamp(0), &req(r#"{"type":"typing","draft":"h"}"#)),
            Ok(vec![])
        );
        let out = OutboundMessage {
            conversation: ConversationId::parse("c_1").unwrap(),
            seq: Seq(1),
            client: "v_1".into(),
            text: "hello".into(),
            author: "Ana".into(),
            at: Timestamp(0),
            file: None,
        };
        assert_eq!(chat.deliver(Timestamp(0), &out), Outbound::Sockets);
    }
}

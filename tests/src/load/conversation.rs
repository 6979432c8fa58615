//! One conversation of the load: its visitor and operator sockets driven
//! by one thread, then read again and checked.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use canal_shared::backoff::Backoff;
use canal_shared::client::ClientSession;
use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{ClientFrame, Message, ServerFrame, Side};
use canal_shared::time::Timestamp;
use serde_json::json;

use super::net::{call_through, poll, redial_delay, Link};
use super::{Plan, Report, Shared};

/// One side of a conversation.
struct End {
    side: Side,
    /// The client's network address.
    from: String,
    session: ClientSession,
    /// Its socket's path (the worker's address may move).
    path: Option<String>,
    link: Option<Link>,
    /// When the socket last opened.
    opened: Option<Instant>,
    next_dial: Instant,
    /// The clients' own reconnect delays (a thousand sockets dropped at once
    /// must not all come back at the same instant).
    backoff: Backoff,
    /// Each message this side wrote: when, and its number on this side.
    written: HashMap<ClientMsgId, (Instant, u64)>,
    count: u64,
    acked: HashSet<ClientMsgId>,
    /// Messages of the other side received, by id: their sequence number.
    received: HashMap<ClientMsgId, Seq>,
    /// Messages received again under another sequence number.
    duplicated: u64,
    frames: u64,
    reconnects: u64,
}

impl End {
    fn new(side: Side, from: String) -> End {
        End {
            side,
            from,
            session: ClientSession::new(side, vec![]),
            path: None,
            link: None,
            opened: None,
            next_dial: Instant::now(),
            backoff: Backoff::default(),
            written: HashMap::new(),
            count: 0,
            acked: HashSet::new(),
            received: HashMap::new(),
            duplicated: 0,
            frames: 0,
            reconnects: 0,
        }
    }

    fn send(&mut self, shared: &Shared, frame: &ClientFrame) {
        let Some(link) = self.link.as_mut() else {
            return;
        };
        self.frames += 1;
        let text = serde_json::to_string(frame).expect("frames serialize");
        if let Err(e) = link.send(text) {
            self.dropped(shared, &e);
        }
    }

    fn dropped(&mut self, shared: &Shared, why: &str) {
        self.link = None;
        self.reconnects += 1;
        self.later();
        if !shared.in_outage() {
            shared.error(format!("a {:?} socket dropped", self.side), why.to_owned());
        }
    }

    /// Opens the socket if it is down; on open, says hello from the last
    /// sequence number and sends again what was not acknowledged.
    fn ensure_open(&mut self, shared: &Shared) {
        if self.link.is_some() || Instant::now() < self.next_dial {
            return;
        }
        let Some(path) = &self.path else {
            return;
        };
        match Link::dial(&shared.ws_url(path), &self.from) {
            Ok(link) => {
                self.link = Some(link);
                self.backoff.reset();
                self.opened = Some(Instant::now());
                for f in self.session.on_open() {
                    self.send(shared, &f);
                }
            }
            Err(e) => {
                self.later();
                if !shared.in_outage() {
                    shared.error(format!("a {:?} socket did not open", self.side), e);
                }
            }
        }
    }

    /// Dials again after the clients' next backoff delay.
    fn later(&mut self) {
        self.next_dial = Instant::now() + redial_delay(&mut self.backoff);
    }

    fn write(&mut self, shared: &Shared, conversation: usize) {
        self.send(
            shared,
            &ClientFrame::Typing {
                draft: "typing a message".into(),
            },
        );
        self.count += 1;
        let who = if self.side == Side::Visitor { "v" } else { "o" };
        let id = ClientMsgId::parse(&format!("{who}{}", self.count)).expect("a valid id");
        let text = format!(
            "{who} message {} of conversation {conversation}",
            self.count
        );
        self.written
            .insert(id.clone(), (Instant::now(), self.count));
        let frame = self.session.compose(id, text, Timestamp(0));
        self.send(shared, &frame);
    }

    /// Reads what arrived; returns the other side's new messages.
    fn read(&mut self, shared: &Shared) -> Vec<Message> {
        let mut got = Vec::new();
        while let Some(link) = self.link.as_mut() {
            match link.read() {
                Ok(Some(text)) => {
                    let Ok(frame) = serde_json::from_str::<ServerFrame>(&text) else {
                        shared.error("a frame that does not parse".into(), text);
                        continue;
                    };
                    self.session.receive(&frame);
                    match frame {
                        ServerFrame::Ack { id, .. } => {
                            self.acked.insert(id);
                        }
                        ServerFrame::Message { message }
                            if message.side != self.side && message.side != Side::System =>
                        {
                            match self.received.get(&message.id) {
                                None => {
                                    self.received.insert(message.id.clone(), message.seq);
                                    got.push(message);
                                }
                                Some(seq) if *seq != message.seq => self.duplicated += 1,
                                Some(_) => {}
                            }
                        }
                        ServerFrame::Error { code, message, .. } => {
                            shared.error(format!("the {:?} got {code:?}", self.side), message)
                        }
                        _ => {}
                    }
                }
                Ok(None) => break,
                Err(e) => self.dropped(shared, &e),
            }
        }
        got
    }

    fn unacknowledged(&self) -> usize {
        self.session.outbox().len()
    }
}

/// What one conversation's thread found.
#[derive(Default)]
pub(super) struct PairResult {
    started: bool,
    assigned: bool,
    written: u64,
    acknowledged: u64,
    delivered: u64,
    lost: u64,
    duplicated: u64,
    out_of_order: u64,
    unacknowledged: u64,
    /// The history could not be read back to check it.
    unverified: bool,
    frames: u64,
    reconnects: u64,
    latencies: Vec<Duration>,
    outage_latencies: Vec<Duration>,
}

/// The longest a conversation's thread sleeps with nothing due (it also
/// looks for its operator and the end of the run this often).
const IDLE: Duration = Duration::from_millis(250);

/// Drives conversation `k` from its start to its check.
pub(super) fn pair(k: usize, plan: &Plan, shared: &Shared, start_at: Instant) -> PairResult {
    let mut r = PairResult::default();
    let wait = start_at.saturating_duration_since(Instant::now());
    std::thread::sleep(wait);
    let from = address(k);
    let (status, session) = call_through(
        shared,
        &from,
        "POST",
        "/api/visitor/session",
        None,
        &json!({"channel": "demo"}),
    );
    if status != 200 {
        shared.error(format!("visitor session: {status}"), session.to_string());
        return r;
    }
    r.started = true;
    let conversation: ConversationId =
        serde_json::from_value(session["conversation"].clone()).expect("a conversation id");
    let token = session["token"].as_str().expect("a token").to_owned();
    let mut visitor = End::new(Side::Visitor, from.clone());
    // The operator works from an address of the team's.
    let mut operator = End::new(Side::Operator, super::inbox::OFFICE.to_owned());
    visitor.path = Some(format!(
        "/ws/visitor?conversation={conversation}&token={token}"
    ));
    // The first message makes the channel offer the conversation.
    visitor.ensure_open(shared);
    visitor.write(shared, k);
    let mut next_visit = Instant::now() + plan.every;
    let mut replies: Vec<Instant> = Vec::new();
    let mut stopped_at: Option<Instant> = None;
    loop {
        let now = Instant::now();
        let stop = shared.stop.load(Ordering::Relaxed);
        if stop {
            let since = *stopped_at.get_or_insert(now);
            let settled = visitor.unacknowledged() == 0 && operator.unacknowledged() == 0;
            if (settled && since.elapsed() > Duration::from_secs(2))
                || since.elapsed() > Duration::from_secs(60)
            {
                break;
            }
        }
        if operator.path.is_none() {
            let assigned = shared.assigned.lock().expect("assigned lock");
            if let Some(op_token) = assigned.get(&conversation) {
                operator.path = Some(format!(
                    "/ws/operator?conversation={conversation}&token={op_token}"
                ));
                r.assigned = true;
            }
        }
        visitor.ensure_open(shared);
        operator.ensure_open(shared);
        if !stop && now >= next_visit {
            visitor.write(shared, k);
            next_visit = now + plan.every;
        }
        if !stop && operator.link.is_some() {
            let due = replies.iter().filter(|t| **t <= now).count();
            replies.retain(|t| *t > now);
            for _ in 0..due {
                operator.write(shared, k);
            }
        }
        let links: Vec<&Link> = [visitor.link.as_ref(), operator.link.as_ref()]
            .into_iter()
            .flatten()
            .collect();
        // Sleep until a socket has something, or the next thing to do is due
        // (a message, an answer, a socket to open again), at most 250 ms.
        let due = [Some(next_visit), replies.iter().min().copied()]
            .into_iter()
            .flatten()
            .chain(
                [&visitor, &operator]
                    .into_iter()
                    .filter(|e| e.link.is_none() && e.path.is_some())
                    .map(|e| e.next_dial),
            )
            .min()
            .map_or(IDLE, |t| t.saturating_duration_since(Instant::now()));
        poll(&links, due.clamp(Duration::from_millis(1), IDLE));
        for m in visitor.read(shared) {
            record(&mut r, shared, &operator, visitor.opened, &m);
        }
        for m in operator.read(shared) {
            record(&mut r, shared, &visitor, operator.opened, &m);
            // The operator types for a moment, then answers.
            replies.push(Instant::now() + Duration::from_millis(300));
        }
    }
    for end in [&visitor, &operator] {
        r.written += end.count;
        r.acknowledged += end.acked.len() as u64;
        r.unacknowledged += end.unacknowledged() as u64;
        r.frames += end.frames;
        r.reconnects += end.reconnects;
        r.duplicated += end.duplicated;
    }
    check(&mut r, shared, &conversation, &token, [&visitor, &operator]);
    r
}

/// A message `writer` wrote reached the other side, whose socket opened at
/// `opened`: its latency, unless it was written before that socket opened
/// (a replay, not a live delivery) outside an outage.
fn record(r: &mut PairResult, shared: &Shared, writer: &End, opened: Option<Instant>, m: &Message) {
    r.delivered += 1;
    if let Some((at, _)) = writer.written.get(&m.id) {
        let latency = at.elapsed();
        if shared.written_in_outage(*at) {
            r.outage_latencies.push(latency);
        } else if opened.is_some_and(|o| o <= *at) {
            r.latencies.push(latency);
        }
    }
}

/// Reads the whole conversation from a fresh visitor socket and checks it
/// against what each side wrote and saw acknowledged.
fn check(
    r: &mut PairResult,
    shared: &Shared,
    conversation: &ConversationId,
    token: &str,
    ends: [&End; 2],
) {
    let path = format!("/ws/visitor?conversation={conversation}&token={token}");
    // The welcome names the last sequence number: the read is whole once
    // every number up to it has come (numbers are dense).
    let mut history: Vec<Message> = Vec::new();
    let mut whole = false;
    let start = Instant::now();
    'tries: while !whole && start.elapsed() < Duration::from_secs(120) {
        let Ok(mut link) = Link::dial(&shared.ws_url(&path), &ends[0].from) else {
            std::thread::sleep(Duration::from_millis(500));
            continue;
        };
        let hello = ClientFrame::Hello {
            version: canal_shared::protocol::PROTOCOL_VERSION,
            after: Seq(0),
        };
        if link
            .send(serde_json::to_string(&hello).expect("hello"))
            .is_err()
        {
            continue;
        }
        history.clear();
        let mut last: Option<Seq> = None;
        while start.elapsed() < Duration::from_secs(120) {
            poll(&[&link], Duration::from_millis(100));
            loop {
                match link.read() {
                    Ok(Some(text)) => match serde_json::from_str(&text) {
                        Ok(ServerFrame::Welcome { conversation, .. }) => {
                            last = Some(conversation.last_seq)
                        }
                        Ok(ServerFrame::Message { message }) => history.push(message),
                        _ => {}
                    },
                    Ok(None) => break,
                    Err(_) => continue 'tries,
                }
            }
            let held: BTreeSet<Seq> = history.iter().map(|m| m.seq).collect();
            if last.is_some_and(|last| (1..=last.0).all(|n| held.contains(&Seq(n)))) {
                whole = true;
                break;
            }
        }
    }
    if !whole {
        r.unverified = true;
        shared.error(
            "a history not read back whole within 2 minutes".into(),
            conversation.to_string(),
        );
        return;
    }
    for end in ends {
        let stored: Vec<&Message> = history.iter().filter(|m| m.side == end.side).collect();
        let mut seen: HashMap<&ClientMsgId, u32> = HashMap::new();
        for m in &stored {
            *seen.entry(&m.id).or_default() += 1;
        }
        r.duplicated += seen.values().filter(|n| **n > 1).count() as u64;
        let mut missing: Vec<&ClientMsgId> = end
            .acked
            .iter()
            .filter(|id| !seen.contains_key(id))
            .collect();
        r.lost += missing.len() as u64;
        // Numbers of this side's messages in the stored order must rise.
        let numbers: Vec<u64> = stored
            .iter()
            .filter_map(|m| end.written.get(&m.id).map(|(_, n)| *n))
            .collect();
        r.out_of_order += numbers.windows(2).filter(|w| w[0] >= w[1]).count() as u64;
        if !missing.is_empty() || numbers.windows(2).any(|w| w[0] >= w[1]) {
            // What the next reader needs to find out why.
            missing.sort();
            let stored: Vec<String> = history
                .iter()
                .map(|m| format!("{}:{:?}:{}", m.seq.0, m.side, m.id))
                .collect();
            shared.error(
                format!("a {:?} side's history is not what it wrote", end.side),
                format!("{conversation}: acknowledged but missing {missing:?}; stored {stored:?}"),
            );
        }
    }
    let mut seqs: Vec<Seq> = history.iter().map(|m| m.seq).collect();
    seqs.dedup();
    if seqs.len() != history.len() {
        shared.error(
            "a sequence number repeats in a history".into(),
            conversation.to_string(),
        );
    }
}

impl PairResult {
    /// Adds this conversation's figures to the run's.
    pub(super) fn add_to(self, report: &mut Report) {
        report.started += usize::from(self.started);
        report.assigned += usize::from(self.assigned);
        report.written += self.written;
        report.acknowledged += self.acknowledged;
        report.delivered += self.delivered;
        report.lost += self.lost;
        report.duplicated += self.duplicated;
        report.out_of_order += self.out_of_order;
        report.unacknowledged += self.unacknowledged;
        report.unverified += usize::from(self.unverified);
        report.frames += self.frames;
        report.reconnects += self.reconnects;
        report.latencies.extend(self.latencies);
        report.outage_latencies.extend(self.outage_latencies);
    }
}

/// The network address of simulated client `k`: one per visitor.
pub(super) fn address(k: usize) -> String {
    format!("10.{}.{}.{}", (k >> 16) & 255, (k >> 8) & 255, k & 255)
}

//! The open conversation: a header (who, marked Verified when the site's
//! signed token identifies them, the email they left, status, the
//! visitor's rating,
//! Accept and Skip of an offer, Close, transfer), the messages, the
//! visitor's live draft and the reply composer, which only the
//! conversation's operator may use while it is open; beside it, the
//! client's CRM card ([`ClientPanel`]).
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::client::Line;
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{ChannelId, ConversationId, UserId};
use canal_shared::people::{OfferAnswer, QueueMember, TransferRequest};
use canal_shared::protocol::{
    ChannelInfo, ChannelVoice, ChatEvent, ConversationSummary, OperatorInfo, Rating, Role, Side,
    Status, SupervisorRating, UserView,
};
use leptos::either::Either;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::auth::Session;
use crate::chat::{Chat, ChatSignals};
use crate::format::{
    contact_prefix, delivery_attr, delivery_label, full_time, mailto_href, member_label,
    rating_comment, side_attr, status_attr, status_label, time_of_day, verdict_attr, verdict_label,
};
use crate::i18n::{t, text, Locale};
use crate::inbox::{offered_to_me, Offers};
use crate::socket::ConnState;
use crate::upload::Uploads;
use crate::view::attachment::Attachment;
use crate::view::canned_picker::{Canned, CannedButton, CannedPanel};
use crate::view::client_card::ClientPanel;
use crate::view::inbox::VerifiedBadge;
use crate::view::linked::LinkedText;
use crate::view::supervisor_rating::{may_rate, SupervisorRatingPanel};
use crate::view::uploads::{drags_files, files_of_drop, files_of_paste, AttachButton, UploadList};
use crate::view::visitor_info::VisitorInfo;

/// What the header shows.
#[derive(Clone, Debug, PartialEq)]
struct Header {
    visitor: String,
    channel: ChannelInfo,
    status: Status,
    operator: Option<OperatorInfo>,
    /// The visitor's rating, if any.
    rating: Option<Rating>,
    /// Closed, and the visitor may still rate it.
    rating_open: bool,
    /// The supervisor's rating (R-QA-3).
    supervisor_rating: Option<SupervisorRating>,
}

/// Where the open conversation stands for the signed-in operator: only its
/// operator may write in it, and only while it is open.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Standing {
    /// Not known yet: neither the socket nor the inbox described it.
    Unknown,
    /// Closed: nobody writes until the visitor does (a new session).
    Closed,
    /// Assigned to them.
    Mine,
    /// Offered to them: Accept first.
    Offered,
    /// Someone else (named) answers it.
    Theirs(String),
    /// Nobody answers it, and it is not offered to them.
    Unassigned,
    /// They read it as a supervisor (R-KPI-3); the operator who answers it,
    /// if anyone does.
    Reading(Option<String>),
    /// The server refuses it to them, saying why.
    Refused(String),
}

/// The standing of a conversation in `status` answered by `operator` for
/// `me`, given whether it is offered to them.
fn standing_of(
    status: Status,
    operator: Option<&OperatorInfo>,
    offered: bool,
    me: &UserId,
) -> Standing {
    match operator {
        _ if status == Status::Closed => Standing::Closed,
        Some(op) if &op.id == me => Standing::Mine,
        Some(op) => Standing::Theirs(op.name.clone()),
        None if offered => Standing::Offered,
        None => Standing::Unassigned,
    }
}

/// Why the composer is disabled, or `None` when it is not: the channel is
/// switched off (`paused`, R-CH-5), or where the conversation stands.
fn composer_note(lang: Lang, standing: &Standing, paused: bool) -> Option<String> {
    if paused {
        return Some(lang.console(ConsoleMsg::ConversationNotePaused, &[]));
    }
    let say = |msg| Some(lang.console(msg, &[]));
    let named = |msg, name: &str| Some(lang.console(msg, &[("name", Arg::Str(name))]));
    match standing {
        Standing::Mine => None,
        Standing::Unknown => say(ConsoleMsg::ConversationNoteLoading),
        Standing::Closed => say(ConsoleMsg::ConversationNoteClosed),
        Standing::Offered => say(ConsoleMsg::ConversationNoteOffered),
        Standing::Theirs(name) => named(ConsoleMsg::ConversationNoteTheirs, name),
        Standing::Unassigned => say(ConsoleMsg::ConversationNoteUnassigned),
        Standing::Reading(Some(name)) => named(ConsoleMsg::ConversationNoteReadingBy, name),
        Standing::Reading(None) => say(ConsoleMsg::ConversationNoteReading),
        Standing::Refused(why) => Some(why.clone()),
    }
}

/// The banner of a conversation whose channel is switched off (R-CH-5).
fn paused_banner(lang: Lang) -> String {
    lang.console(ConsoleMsg::ConversationPausedBanner, &[])
}

/// What a timeline line says happened (#20); `author` is who answers now
/// after a transfer.
fn event_text(lang: Lang, event: ChatEvent, author: &str) -> String {
    let msg = match event {
        ChatEvent::Transferred if author.is_empty() => {
            ConsoleMsg::ConversationEventTransferredAnyone
        }
        ChatEvent::Transferred => ConsoleMsg::ConversationEventTransferred,
        ChatEvent::Closed => ConsoleMsg::ConversationEventClosed,
        ChatEvent::Reopened => ConsoleMsg::ConversationEventReopened,
        ChatEvent::HandedOver => ConsoleMsg::ConversationEventHandedOver,
    };
    lang.console(msg, &[("name", Arg::Str(author))])
}

/// Whether the signed-in operator may close a conversation in `status`:
/// only its operator, while they answer it.
fn can_close(standing: &Standing, status: Status) -> bool {
    *standing == Standing::Mine && status == Status::Active
}

/// What the header says while the visitor may still rate a closed
/// conversation they have not rated yet.
fn rating_wait_note(h: &Header) -> Option<ConsoleMsg> {
    (h.status == Status::Closed && h.rating_open && h.rating.is_none())
        .then_some(ConsoleMsg::ConversationRatingWait)
}

/// Where the transfer menu's `value` sends the conversation: `None` when
/// nothing is chosen, `Some(None)` back to the queue, `Some(Some(id))` to an
/// operator.
fn transfer_target(value: &str) -> Option<Option<UserId>> {
    match value {
        "" => None,
        "queue" => Some(None),
        id => UserId::parse(id).ok().map(Some),
    }
}

/// The pane of conversation `id`, with its own socket (closed when the pane
/// goes away).
#[component]
pub fn ConversationPane(
    /// The conversation.
    id: ConversationId,
    /// The inbox's list, for the header until the socket's `Welcome` comes,
    /// and for the offers.
    conversations: RwSignal<Vec<ConversationSummary>>,
    /// Where the socket's state goes (for the connection indicator).
    chat_state: RwSignal<Option<ConnState>>,
    /// Whether the page is visible (read marks are sent only then).
    visible: Signal<bool>,
    /// The signed-in operator's name, shown on replies not yet stored.
    user_name: Signal<String>,
    /// The signed-in operator.
    me: Signal<Option<UserView>>,
    /// Accept and Skip.
    offers: Offers,
    /// The channels the operator sees (to name the client's conversations').
    channels: Signal<Vec<ChannelInfo>>,
    /// Whose work the signed-in person rates as supervisor (R-QA-3).
    supervises: Signal<Vec<UserId>>,
) -> impl IntoView {
    let token = Session::current().token();
    let signals = ChatSignals::new(chat_state);
    let chat = StoredValue::new_local(Chat::open(id.clone(), &token, signals, visible));
    let uploads = Uploads::new(id.clone(), token.clone());
    on_cleanup(move || chat.with_value(|c| c.close()));
    let id = StoredValue::new(id);

    // Send a read mark whenever the page becomes visible again.
    Effect::new(move |_| {
        if visible.get() {
            chat.with_value(|c| c.schedule_read());
        }
    });

    // The socket's view of the conversation, or the inbox's until it comes.
    let header = Memo::new(move |_| {
        signals
            .conversation
            .with(|c| {
                c.as_ref().map(|c| Header {
                    visitor: c.visitor_name.clone(),
                    channel: c.channel.clone(),
                    status: c.status,
                    operator: c.operator.clone(),
                    rating: c.rating.clone(),
                    rating_open: c.rating_open,
                    supervisor_rating: c.supervisor_rating.clone(),
                })
            })
            .or_else(|| {
                conversations.with(|list| {
                    list.iter()
                        .find(|c| id.with_value(|id| &c.id == id))
                        .map(|c| Header {
                            visitor: c.visitor_name.clone(),
                            channel: c.channel.clone(),
                            status: c.status,
                            operator: c.operator.clone(),
                            rating: c.rating.clone(),
                            // The list does not say; the socket's `Welcome` does.
                            rating_open: false,
                            supervisor_rating: c.supervisor_rating.clone(),
                        })
                })
            })
    });
    // The email the visitor left in the offline form (R-WH-3): the socket's,
    // or the inbox's, which learns it first when the pane is open.
    let contact = Memo::new(move |_| {
        signals
            .conversation
            .with(|c| c.as_ref().and_then(|c| c.contact.clone()))
            .or_else(|| {
                conversations.with(|list| {
                    list.iter()
                        .find(|c| id.with_value(|id| &c.id == id))
                        .and_then(|c| c.contact.clone())
                })
            })
    });
    // Who the site's signed token says the visitor is (the inbox says).
    let identity = Memo::new(move |_| {
        conversations.with(|list| {
            list.iter()
                .find(|c| id.with_value(|id| &c.id == id))
                .and_then(|c| c.identity.clone())
        })
    });
    let my_id = move || me.with(|m| m.as_ref().map(|m| m.id.clone()));
    // Offered to me: the inbox says so, and nobody answers it yet.
    let offered = Memo::new(move |_| {
        let Some(me) = my_id() else { return false };
        header.with(|h| h.as_ref().is_some_and(|h| h.operator.is_none()))
            && conversations.with(|list| {
                list.iter()
                    .any(|c| id.with_value(|id| &c.id == id) && offered_to_me(c, &me))
            })
    });
    // R-KPI-3: the server says whether they only read it.
    let reading = Memo::new(move |_| {
        signals
            .conversation
            .with(|c| c.as_ref().is_some_and(|c| c.reading))
    });
    let standing = Memo::new(move |_| {
        if let Some(why) = signals.refused.get() {
            return Standing::Refused(why);
        }
        match (my_id(), header.get()) {
            (Some(_), Some(h)) if reading.get() && h.status != Status::Closed => {
                Standing::Reading(h.operator.map(|o| o.name))
            }
            (Some(me), Some(h)) => standing_of(h.status, h.operator.as_ref(), offered.get(), &me),
            _ => Standing::Unknown,
        }
    });
    // R-CH-5: its channel is switched off (the inbox says so).
    let paused = Memo::new(move |_| {
        conversations.with(|list| {
            list.iter()
                .any(|c| c.paused && id.with_value(|id| &c.id == id))
        })
    });
    // #20: the composer writes a private note instead of a reply. Anyone
    // who reads the conversation may, whatever its status.
    let noting = RwSignal::new(false);
    let may_note =
        move || standing.with(|s| !matches!(s, Standing::Unknown | Standing::Refused(_)));
    let writable = move || match noting.get() {
        true => may_note(),
        false => standing.with(|s| *s == Standing::Mine) && !paused.get(),
    };
    let admin = move || me.with(|m| m.as_ref().is_some_and(|m| m.role == Role::Admin));
    let can_transfer = move || {
        standing.with(|s| {
            *s == Standing::Mine
                || (!matches!(
                    s,
                    Standing::Unknown
                        | Standing::Closed
                        | Standing::Reading(_)
                        | Standing::Refused(_)
                ) && admin())
        })
    };
    let closable = move || {
        header.with(|h| {
            h.as_ref()
                .is_some_and(|h| standing.with(|s| can_close(s, h.status)))
        })
    };
    let answer = move || {
        header.with_untracked(|h| {
            h.as_ref().map(|h| OfferAnswer {
                channel: h.channel.id.clone(),
                conversation: id.get_value(),
            })
        })
    };
    let current = Signal::derive(move || {
        header.with(|h| {
            h.as_ref()
                .and_then(|h| h.operator.as_ref().map(|o| o.id.clone()))
        })
    });
    // The client's card is for those who answer in the channel: not for a
    // supervisor who reads, nor for someone refused (R-KPI-3).
    let client_panel = view! {
        <Show when=move || !matches!(standing.get(), Standing::Reading(_) | Standing::Refused(_))>
            <ClientPanel
                conversation=id.get_value()
                channel=Signal::derive(move || header.with(|h| h.as_ref().map(|h| h.channel.id.clone())))
                contact=contact.into()
                me
                channels
                visitor=Signal::derive(move || signals.conversation.with(|c| c.as_ref().and_then(|c| c.visitor.clone())))
                files=Signal::derive(move || signals.lines.with(|l| {
                    l.iter().filter(|l| !l.message.note).filter_map(|l| l.message.file.clone()).collect()
                }))
            />
        </Show>
        // A supervisor who reads sees where the visitor is, without the card.
        <Show when=move || matches!(standing.get(), Standing::Reading(_))>
            <aside class="client-card" aria-label=t(ConsoleMsg::ConversationVisitor) data-testid="reader-visitor">
                <VisitorInfo
                    visitor=Signal::derive(move || signals.conversation.with(|c| c.as_ref().and_then(|c| c.visitor.clone())))
                    before=Signal::derive(|| None)
                />
            </aside>
        </Show>
    };
    let supervisor_panel = view! {
        <SupervisorRatingPanel
            conversation=id.get_value()
            current=Signal::derive(move || header.with(|h| h.as_ref().and_then(|h| h.supervisor_rating.clone())))
            may=Signal::derive(move || {
                let admin = me.with(|m| m.as_ref().is_some_and(|u| u.role == Role::Admin));
                header.with(|h| {
                    supervises.with(|s| may_rate(admin, s, h.as_ref().and_then(|h| h.operator.as_ref())))
                })
            })
        />
    };

    // Keep the newest message in view.
    let scroller: NodeRef<html::Div> = NodeRef::new();
    Effect::new(move |_| {
        signals.lines.track();
        signals.visitor_draft.track();
        if let Some(el) = scroller.get() {
            request_animation_frame(move || el.set_scroll_top(el.scroll_height()));
        }
    });

    // Once the conversation becomes theirs (accepted, transferred to them),
    // the operator can write at once.
    let reply: NodeRef<html::Textarea> = NodeRef::new();
    Effect::new(move |before: Option<Standing>| {
        let now = standing.get();
        if now == Standing::Mine && before.is_some_and(|b| b != Standing::Mine) {
            if let Some(el) = reply.get() {
                request_animation_frame(move || {
                    let _ = el.focus();
                });
            }
        }
        now
    });

    let draft = signals.composer;
    // R-PR-1: the channel's predefined responses, inserted into the reply.
    let canned = Canned::new(
        token,
        Signal::derive(move || header.with(|h| h.as_ref().map(|h| h.channel.id.clone()))),
        reply,
        Callback::new(move |text: String| {
            chat.with_value(|c| c.typing(&text));
            draft.set(text);
        }),
    );
    let submit = move || {
        let text = draft.get_untracked();
        if !writable() {
            return;
        }
        if !noting.get_untracked() && !uploads.is_empty() {
            send_files(chat, uploads, draft, signals.error);
            return;
        }
        if text.trim().is_empty() {
            return;
        }
        let sent = match noting.get_untracked() {
            true => chat.with_value(|c| c.send_note(&text)),
            false => chat.with_value(|c| c.send_reply(&text)),
        };
        match sent {
            Ok(()) => draft.set(String::new()),
            Err(message) => signals.error.set(Some(message)),
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if canned.key(&ev) {
            return;
        }
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            submit();
        }
    };
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        // The visitor never sees a note being typed.
        if !noting.get_untracked() {
            chat.with_value(|c| c.typing(&value));
        }
        draft.set(value);
        canned.typed();
    };
    let locale = Locale::current();
    let note = move || match noting.get() {
        true => Some(
            locale
                .lang()
                .console(ConsoleMsg::ConversationNotePrivate, &[]),
        ),
        false => composer_note(locale.lang(), &standing.get(), paused.get()),
    };
    let toggle_note = move |_| {
        let on = !noting.get_untracked();
        if on {
            chat.with_value(|c| c.stop_typing());
        }
        noting.set(on);
        if let Some(el) = reply.get_untracked() {
            let _ = el.focus();
        }
    };
    // #21: files go with replies, not with notes.
    let may_attach = move || writable() && !noting.get();
    let busy = move || id.with_value(|id| offers.is_busy(id));
    let accept = move |_| {
        if let Some(answer) = answer() {
            offers.accept(answer, signals.error);
        }
    };
    let skip = move |_| {
        if let Some(answer) = answer() {
            offers.skip(answer, signals.error);
        }
    };

    view! {
        <section
            class="chat"
            aria-label=t(ConsoleMsg::ConversationPane)
            data-testid="chat"
            on:dragover=move |ev| {
                if may_attach() {
                    drags_files(&ev);
                }
            }
            on:drop=move |ev| {
                if may_attach() {
                    uploads.add(files_of_drop(&ev));
                }
            }
        >
            <header
                class="chat-header"
                hidden=move || signals.refused.with(Option::is_some) && header.with(Option::is_none)
            >
                {move || {
                    header
                        .get()
                        .map(|h| {
                            let name = h.operator.as_ref().map(|o| o.name.clone());
                            let operator = move || match &name {
                                Some(name) => locale
                                    .lang()
                                    .console(ConsoleMsg::ConversationAnsweredBy, &[("name", Arg::Str(name))]),
                                None => locale.lang().console(ConsoleMsg::ConversationUnassigned, &[]),
                            };
                            view! {
                                <div class="chat-title">
                                    <h2 data-testid="chat-visitor">{h.visitor.clone()}</h2>
                                    <span class="channel" data-testid="chat-channel">{h.channel.name.clone()}</span>
                                    {move || identity.get().map(|identity| view! { <VerifiedBadge identity /> })}
                                    {move || {
                                        contact
                                            .get()
                                            .map(|address| {
                                                let lang = locale.lang();
                                                let prefix = identity.with(|i| contact_prefix(lang, &address, i.as_ref()));
                                                view! { <ContactLine address prefix /> }
                                            })
                                    }}
                                </div>
                                <span
                                    class="status"
                                    data-testid="chat-status"
                                    data-status=status_attr(h.status)
                                >
                                    {
                                        let status = h.status;
                                        move || status_label(locale.lang(), status, None)
                                    }
                                </span>
                                <span class="operator" data-testid="chat-operator">{operator}</span>
                                {h.rating.as_ref().map(|r| view! { <RatingBadge rating=r.clone() /> })}
                                {rating_wait_note(&h)
                                    .map(|n| {
                                        view! {
                                            <span class="rating-wait" data-testid="chat-rating-wait">{t(n)}</span>
                                        }
                                    })}
                            }
                        })
                }}
                <Show when=closable>
                    <CloseControl chat signals />
                </Show>
                <Show when=move || offered.get()>
                    <div
                        class="offer-actions"
                        role="group"
                        aria-label=t(ConsoleMsg::ConversationOffer)
                        aria-busy=move || busy().then_some("true")
                    >
                        <span class="offer-badge" data-testid="chat-offered">{t(ConsoleMsg::ConversationOffered)}</span>
                        <button
                            type="button"
                            data-testid="chat-accept"
                            disabled=busy
                            on:click=accept
                        >
                            {t(ConsoleMsg::ConversationAccept)}
                        </button>
                        <button
                            type="button"
                            class="secondary"
                            data-testid="chat-skip"
                            disabled=busy
                            on:click=skip
                        >
                            {t(ConsoleMsg::ConversationSkip)}
                        </button>
                    </div>
                </Show>
                <Show when=can_transfer>
                    {move || {
                        header
                            .with_untracked(|h| h.as_ref().map(|h| h.channel.id.clone()))
                            .map(|channel| {
                                view! {
                                    <Transfer
                                        id=id.get_value()
                                        channel
                                        current
                                    />
                                }
                            })
                    }}
                </Show>
            </header>
            {move || {
                signals
                    .refused
                    .get()
                    .map(|why| view! {
                        <p class="error chat-refused" role="alert" data-testid="chat-refused">
                            <strong>{t(ConsoleMsg::ConversationRefused)}</strong>
                            " "
                            {why}
                        </p>
                    })
            }}
            // Inside the conversation's column: beside it, it took the
            // messages' width.
            {supervisor_panel}
            <div class="channel-paused-status" role="status">
                {move || {
                    paused
                        .get()
                        .then(|| view! { <p class="channel-paused" data-testid="channel-paused">{move || paused_banner(locale.lang())}</p> })
                }}
            </div>
            <div class="scroller" node_ref=scroller>
                <ol class="messages" data-testid="messages" aria-live="polite">
                    <For
                        each=move || signals.lines.get()
                        key=|l: &Line| {
                            (
                                l.message.side,
                                l.message.id.clone(),
                                l.message.seq,
                                delivery_attr(l.delivery),
                                // A fresh link to its file (#21) draws it again.
                                l.message.file.as_ref().and_then(|f| f.url.clone()),
                            )
                        }
                        children=move |l: Line| view! { <TimelineLine line=l user_name /> }
                    />
                </ol>
                {move || {
                    signals
                        .visitor_draft
                        .get()
                        .map(|d| {
                            let label = if d.is_empty() {
                                t(ConsoleMsg::ConversationTyping)().to_string()
                            } else {
                                format!("{} ", t(ConsoleMsg::ConversationTypingText)())
                            };
                            view! {
                                <p class="visitor-draft" data-testid="visitor-draft">
                                    <span class="label">{label}</span>
                                    <span class="text">{d}</span>
                                </p>
                            }
                        })
                }}
            </div>
            {move || {
                signals
                    .error
                    .get()
                    .map(|e| view! { <p class="error" role="alert" data-testid="chat-error">{e}</p> })
            }}
            <form
                class="composer"
                hidden=move || signals.refused.with(Option::is_some)
                class:noting=move || noting.get()
                class:locked=move || !writable()
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                {move || {
                    note()
                        .map(|n| {
                            view! {
                                <p class="composer-note" id="composer-note" data-testid="composer-note">
                                    {n}
                                </p>
                            }
                        })
                }}
                <CannedPanel canned />
                <UploadList uploads />
                <AttachButton uploads disabled=Signal::derive(move || !may_attach()) />
                <button
                    type="button"
                    class="secondary note-toggle"
                    data-testid="note-toggle"
                    aria-pressed=move || if noting.get() { "true" } else { "false" }
                    title=t(ConsoleMsg::ConversationNoteToggleTitle)
                    disabled=move || !may_note()
                    on:click=toggle_note
                >
                    <span class="lock" aria-hidden="true"></span>
                    {t(ConsoleMsg::ConversationNoteToggle)}
                </button>
                <label for="reply" class="visually-hidden">
                    {move || t(if noting.get() { ConsoleMsg::ConversationPrivateNote } else { ConsoleMsg::ConversationReply })()}
                </label>
                <textarea
                    id="reply"
                    rows="3"
                    placeholder=move || t(if noting.get() {
                        ConsoleMsg::ConversationNotePlaceholder
                    } else {
                        ConsoleMsg::ConversationReplyPlaceholder
                    })()
                    data-testid="reply"
                    node_ref=reply
                    disabled=move || !writable()
                    aria-describedby=move || note().is_some().then_some("composer-note")
                    prop:value=move || draft.get()
                    on:input=on_input
                    on:keydown=on_keydown
                    on:paste=move |ev| {
                        if may_attach() {
                            uploads.add(files_of_paste(&ev));
                        }
                    }
                    aria-autocomplete="list"
                    aria-controls=move || canned.controls()
                    aria-activedescendant=move || canned.active_descendant()
                    on:blur=move |_| canned.blurred()
                ></textarea>
                <CannedButton canned disabled=Signal::derive(move || !writable()) />
                <button type="submit" data-testid="send-reply" disabled=move || !writable()>
                    {move || t(if noting.get() { ConsoleMsg::ConversationAddNote } else { ConsoleMsg::ConversationSend })()}
                </button>
            </form>
        </section>
        {client_panel}
    }
}

/// Sends the composer's stored files (#21), a message each in the order
/// they were added, the reply's text as the first one's caption; waits
/// while one is still being sent, and keeps failed ones for another try.
fn send_files(
    chat: StoredValue<std::rc::Rc<Chat>, LocalStorage>,
    uploads: Uploads,
    draft: RwSignal<String>,
    error: RwSignal<Option<String>>,
) {
    let Some(files) = uploads.stored() else {
        error.set(Some(text(ConsoleMsg::ConversationFileSending, &[])));
        return;
    };
    if files.is_empty() {
        error.set(Some(text(ConsoleMsg::ConversationFileNone, &[])));
        return;
    }
    let mut caption = draft.get_untracked();
    for file in files {
        let id = file.id;
        if let Err(message) = chat.with_value(|c| c.send_file(&caption, id.clone())) {
            error.set(Some(message));
            return;
        }
        uploads.remove(&id);
        caption.clear();
        draft.set(String::new());
    }
}

/// "Left an email: <address>" (or "Email: " for the site's verified user),
/// the address a link that writes to it. The server validated it; the link
/// is built by [`mailto_href`] all the same.
#[component]
fn ContactLine(address: String, prefix: String) -> impl IntoView {
    let href = mailto_href(&address);
    view! {
        <p class="chat-contact" data-testid="chat-contact">
            {prefix}
            <a href=href data-testid="chat-contact-link">{address}</a>
        </p>
    }
}

/// Gives the conversation to another operator of its channel, or back to the
/// queue (R-Q-6).
#[component]
fn Transfer(
    /// The conversation.
    id: ConversationId,
    /// Its channel, whose queue lists who can get it.
    channel: ChannelId,
    /// Who answers it now (left out of the menu).
    current: Signal<Option<UserId>>,
) -> impl IntoView {
    let members = RwSignal::new(Vec::<QueueMember>::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let menu: NodeRef<html::Select> = NodeRef::new();
    let token = StoredValue::new(Session::current().token());
    let id = StoredValue::new(id);
    let channel = StoredValue::new(channel);

    let load = move || {
        let (Some(token), Some(channel)) = (token.try_get_value(), channel.try_get_value()) else {
            return;
        };
        spawn_local(async move {
            match api::queue_members(&token, &channel).await {
                Ok(m) => {
                    members.try_set(m.members);
                }
                Err(f) => {
                    error.try_set(Some(f.message));
                }
            }
        });
    };
    load();

    let submit = move |_| {
        let value = menu.get().map(|m| m.value()).unwrap_or_default();
        let Some(to) = transfer_target(&value) else {
            error.set(Some(text(ConsoleMsg::ConversationTransferChooseFirst, &[])));
            return;
        };
        let transferred = match &to {
            None => text(ConsoleMsg::ConversationTransferredQueue, &[]),
            Some(u) => members.with_untracked(|m| {
                m.iter()
                    .find(|m| &m.operator.id == u)
                    .map(|m| {
                        text(
                            ConsoleMsg::ConversationTransferredTo,
                            &[("name", Arg::Str(&m.operator.name))],
                        )
                    })
                    .unwrap_or_else(|| text(ConsoleMsg::ConversationTransferred, &[]))
            }),
        };
        let request = TransferRequest {
            channel: channel.get_value(),
            conversation: id.get_value(),
            to,
        };
        let token = token.get_value();
        busy.set(true);
        error.set(None);
        done.set(None);
        spawn_local(async move {
            let result = api::transfer(&token, &request).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    if let Some(Some(m)) = menu.try_get_untracked() {
                        m.set_value("");
                    }
                    done.try_set(Some(transferred));
                    load();
                }
                Err(f) => {
                    error.try_set(Some(f.message));
                }
            }
        });
    };

    let options = move || {
        members
            .get()
            .into_iter()
            .filter(|m| current.with(|c| c.as_ref() != Some(&m.operator.id)))
            .map(|m| view! { <option value=m.operator.id.to_string()>{member_label(Locale::current().lang(), &m)}</option> })
            .collect_view()
    };
    view! {
        <div class="transfer" role="group" aria-label=t(ConsoleMsg::ConversationTransfer) aria-busy=move || busy.get().then_some("true")>
            <label for="transfer-to">{t(ConsoleMsg::ConversationTransferTo)}</label>
            <select id="transfer-to" data-testid="transfer-to" node_ref=menu disabled=move || busy.get()>
                <option value="">{t(ConsoleMsg::ConversationTransferChoose)}</option>
                <option value="queue">{t(ConsoleMsg::ConversationTransferQueue)}</option>
                {options}
            </select>
            <button
                type="button"
                class="secondary"
                data-testid="transfer"
                disabled=move || busy.get()
                on:click=submit
            >
                {t(ConsoleMsg::ConversationTransfer)}
            </button>
            {move || {
                error
                    .get()
                    .map(|e| view! { <p class="error" role="alert" data-testid="transfer-error">{e}</p> })
            }}
            {move || {
                done
                    .get()
                    .map(|d| view! { <p class="transfer-done" role="status" data-testid="transfer-done">{d}</p> })
            }}
        </div>
    }
}

/// The visitor's rating in the header: the verdict in words (the thumb is
/// decoration) and their comment, if any.
#[component]
fn RatingBadge(rating: Rating) -> impl IntoView {
    let comment = rating_comment(&rating).map(str::to_owned);
    view! {
        <p class="chat-rating" data-testid="chat-rating" data-verdict=verdict_attr(rating.verdict)>
            <span class="visually-hidden">{t(ConsoleMsg::ConversationRating)} " "</span>
            <span class="thumb" aria-hidden="true"></span>
            " "
            <span class="verdict">{t(verdict_label(rating.verdict))}</span>
            {comment
                .map(|c| {
                    view! {
                        " "
                        <q class="rating-comment" data-testid="chat-rating-comment">{c}</q>
                    }
                })}
        </p>
    }
}

/// Close, for the conversation's operator, asked twice: the button turns
/// into "Confirm close" and Cancel (Escape cancels too).
#[component]
fn CloseControl(
    /// The open conversation's socket.
    chat: StoredValue<std::rc::Rc<Chat>, LocalStorage>,
    /// Its signals: a refusal shows in `error`; any news of the conversation
    /// (the server's answer, a reconnect) ends the wait.
    signals: ChatSignals,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let close_button: NodeRef<html::Button> = NodeRef::new();
    let confirm_button: NodeRef<html::Button> = NodeRef::new();

    // The server answers with a `Status` frame (this control goes away) or an
    // error; a new `Welcome` after a reconnect tells where it stands.
    Effect::new(move |_| {
        signals.conversation.track();
        signals.error.track();
        sending.set(false);
    });

    let focus = |node: NodeRef<html::Button>| {
        request_animation_frame(move || {
            if let Some(el) = node.get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let ask = move |_| {
        confirming.set(true);
        focus(confirm_button);
    };
    let cancel = move || {
        confirming.set(false);
        focus(close_button);
    };
    let confirm = move |_| {
        confirming.set(false);
        if chat.with_value(|c| c.close_conversation()) {
            sending.set(true);
        } else {
            signals
                .error
                .set(Some(text(ConsoleMsg::ConversationOffline, &[])));
        }
        focus(close_button);
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };
    view! {
        <div class="close-control" role="group" aria-label=t(ConsoleMsg::ConversationCloseGroup)>
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="secondary"
                            data-testid="close-conversation"
                            node_ref=close_button
                            disabled=move || sending.get()
                            on:click=ask
                        >
                            {move || t(if sending.get() { ConsoleMsg::ConversationClosing } else { ConsoleMsg::ConversationClose })()}
                        </button>
                    }
                }
            >
                <span class="close-question" id="close-question">{t(ConsoleMsg::ConversationCloseQuestion)}</span>
                <button
                    type="button"
                    class="danger"
                    data-testid="close-confirm"
                    aria-describedby="close-question"
                    node_ref=confirm_button
                    on:click=confirm
                    on:keydown=on_keydown
                >
                    {t(ConsoleMsg::ConversationCloseConfirm)}
                </button>
                <button
                    type="button"
                    class="secondary"
                    data-testid="close-cancel"
                    on:click=move |_| cancel()
                    on:keydown=on_keydown
                >
                    {t(ConsoleMsg::ConversationCloseCancel)}
                </button>
            </Show>
        </div>
    }
}

/// A line of the timeline: what happened (#20), or a message.
#[component]
fn TimelineLine(line: Line, user_name: Signal<String>) -> impl IntoView {
    let author = line.message.author.clone();
    match line.message.event {
        Some(event) => Either::Left(view! {
            <li
                class="event-line"
                data-testid="event-line"
                data-event=event.as_str()
                data-seq=line.message.seq.0.to_string()
            >
                <span>{move || event_text(Locale::current().lang(), event, &author)}</span>
                " · "
                <time datetime=full_time(line.message.at)>{time_of_day(line.message.at)}</time>
            </li>
        }),
        None => Either::Right(view! { <MessageLine line user_name /> }),
    }
}

/// One message of the timeline; the channel's own (greetings, auto-replies)
/// read as such, and the operators' private notes (#20) marked as theirs.
#[component]
fn MessageLine(line: Line, user_name: Signal<String>) -> impl IntoView {
    let Line {
        message,
        mine,
        delivery,
    } = line;
    let system = message.side == Side::System;
    let label = message.channel_voice().map(|v| match v {
        ChannelVoice::Bot => ConsoleMsg::ConversationLabelBot,
        ChannelVoice::Auto => ConsoleMsg::ConversationLabelAuto,
    });
    let author = if message.author.is_empty() && mine {
        user_name.get_untracked()
    } else {
        message.author
    };
    view! {
        <li
            class="message"
            class:mine=mine
            class:system=system
            class:note=message.note
            data-testid="message"
            data-side=side_attr(message.side)
            data-seq=message.seq.0.to_string()
            data-delivery=delivery_attr(delivery)
        >
            <div class="meta">
                {label.map(|l| view! { <span class="auto-label" data-testid="message-auto">{t(l)}</span> })}
                {message.note.then(|| view! {
                    <span class="note-label" data-testid="message-note">
                        <span class="lock" aria-hidden="true"></span>
                        {t(ConsoleMsg::ConversationPrivateNote)}
                    </span>
                })}
                <span class="author">{author}</span>
                <time datetime=full_time(message.at)>{time_of_day(message.at)}</time>
            </div>
            {message.file.map(|file| view! { <Attachment file /> })}
            {(!message.text.is_empty()).then(|| view! {
                <p class="text" data-testid="message-text"><LinkedText text=message.text /></p>
            })}
            {mine
                .then(|| {
                    view! {
                        <span class="delivery" data-testid="message-delivery">
                            {t(delivery_label(delivery))}
                        </span>
                    }
                })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str, name: &str) -> OperatorInfo {
        OperatorInfo {
            id: UserId::parse(id).unwrap(),
            name: name.into(),
        }
    }

    #[test]
    fn only_the_operator_writes() {
        let me = UserId::parse("me").unwrap();
        let mine = op("me", "Me");
        let ana = op("ana", "Ana");
        let active = Status::Active;
        assert_eq!(standing_of(active, Some(&mine), false, &me), Standing::Mine);
        // An answered conversation is no longer an offer.
        assert_eq!(standing_of(active, Some(&mine), true, &me), Standing::Mine);
        assert_eq!(
            standing_of(active, Some(&ana), true, &me),
            Standing::Theirs("Ana".into())
        );
        let waiting = Status::Waiting;
        assert_eq!(standing_of(waiting, None, true, &me), Standing::Offered);
        assert_eq!(standing_of(waiting, None, false, &me), Standing::Unassigned);

        assert_eq!(composer_note(Lang::En, &Standing::Mine, false), None);
        assert_eq!(
            composer_note(Lang::En, &Standing::Offered, false).as_deref(),
            Some("Accept this conversation to answer it.")
        );
        assert_eq!(
            composer_note(Lang::En, &Standing::Theirs("Ana".into()), false).as_deref(),
            Some("Ana answers this conversation.")
        );
        assert!(composer_note(Lang::En, &Standing::Unassigned, false).is_some());
        // R-KPI-3: a supervisor reads; a refusal says why.
        assert_eq!(
            composer_note(Lang::En, &Standing::Reading(Some("Ana".into())), false).as_deref(),
            Some("You read this conversation as a supervisor; Ana answers it.")
        );
        assert_eq!(
            composer_note(
                Lang::En,
                &Standing::Refused("No such conversation".into()),
                false
            )
            .as_deref(),
            Some("No such conversation")
        );
        assert!(composer_note(Lang::En, &Standing::Unknown, false).is_some());
    }

    #[test]
    fn r_ch_5_nobody_writes_while_the_channel_is_switched_off() {
        let off =
            "This channel is switched off: nobody can answer until an admin switches it on again.";
        for standing in [
            Standing::Mine,
            Standing::Offered,
            Standing::Theirs("Ana".into()),
            Standing::Unassigned,
            Standing::Closed,
        ] {
            assert_eq!(
                composer_note(Lang::En, &standing, true).as_deref(),
                Some(off)
            );
        }
        assert_eq!(
            paused_banner(Lang::En),
            "This channel is switched off: its clients' messages are kept, but nobody can answer until an admin switches it on again (in the channel's settings)."
        );
    }

    #[test]
    fn nobody_writes_in_a_closed_conversation() {
        let me = UserId::parse("me").unwrap();
        let closed = Status::Closed;
        // Even its own operator, whoever answered it, offered or not.
        assert_eq!(
            standing_of(closed, Some(&op("me", "Me")), false, &me),
            Standing::Closed
        );
        assert_eq!(
            standing_of(closed, Some(&op("ana", "Ana")), false, &me),
            Standing::Closed
        );
        assert_eq!(standing_of(closed, None, true, &me), Standing::Closed);
        assert_eq!(
            composer_note(Lang::En, &Standing::Closed, false).as_deref(),
            Some("This conversation is closed. It opens again if the visitor writes.")
        );
    }

    #[test]
    fn only_the_operator_closes_an_active_conversation() {
        assert!(can_close(&Standing::Mine, Status::Active));
        assert!(!can_close(&Standing::Mine, Status::Waiting));
        assert!(!can_close(&Standing::Closed, Status::Closed));
        assert!(!can_close(&Standing::Theirs("Ana".into()), Status::Active));
        assert!(!can_close(&Standing::Offered, Status::Waiting));
        assert!(!can_close(&Standing::Unassigned, Status::Waiting));
        assert!(!can_close(&Standing::Unknown, Status::Active));
    }

    #[test]
    fn the_header_waits_for_a_rating_only_while_one_may_come() {
        use canal_shared::ids::ChannelId;
        use canal_shared::protocol::Verdict;

        let mut h = Header {
            visitor: "Visitor".into(),
            channel: ChannelInfo {
                id: ChannelId::parse("demo").unwrap(),
                name: "Demo".into(),
            },
            status: Status::Closed,
            operator: Some(op("me", "Me")),
            rating: None,
            rating_open: true,
            supervisor_rating: None,
        };
        assert_eq!(
            rating_wait_note(&h)
                .map(|m| Lang::En.console(m, &[]))
                .as_deref(),
            Some("Waiting for the visitor's rating…")
        );
        h.rating = Some(Rating {
            verdict: Verdict::Like,
            comment: None,
        });
        assert_eq!(rating_wait_note(&h), None);
        h.rating = None;
        h.rating_open = false;
        assert_eq!(rating_wait_note(&h), None);
        h.rating_open = true;
        h.status = Status::Active;
        assert_eq!(rating_wait_note(&h), None);
    }

    #[test]
    fn the_timeline_says_what_happened() {
        assert_eq!(
            event_text(Lang::En, ChatEvent::Transferred, "Bruno Costa"),
            "Bruno Costa answers now"
        );
        assert_eq!(
            event_text(Lang::En, ChatEvent::Transferred, ""),
            "Another operator answers now"
        );
        assert_eq!(
            event_text(Lang::PtBr, ChatEvent::Closed, ""),
            "A conversa foi encerrada"
        );
    }

    #[test]
    fn transfer_targets() {
        assert_eq!(transfer_target(""), None);
        assert_eq!(transfer_target("queue"), Some(None));
        assert_eq!(
            transfer_target("ana"),
            Some(Some(UserId::parse("ana").unwrap()))
        );
    }
}

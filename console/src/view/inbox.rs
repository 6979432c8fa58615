//! The conversation list: one button per conversation, most recent first;
//! a conversation offered to the operator has Accept and Skip beside it, a
//! closed one reads as such, a rated one shows the visitor's verdict, one
//! whose visitor left an email in the offline form shows it, one whose
//! visitor the site's signed token identifies is marked Verified, and one
//! whose channel is switched off says so (R-CH-5).
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::identity::VerifiedIdentity;
use canal_shared::ids::{ConversationId, UserId};
use canal_shared::people::OfferAnswer;
use canal_shared::protocol::{ConversationSummary, Status};
use leptos::prelude::*;

use crate::format::{
    contact_prefix, full_time, list_time, rating_label, status_attr, status_label, verdict_attr,
    verdict_label, verified_label, verified_title,
};
use crate::i18n::{t, Locale};
use crate::inbox::{offered_to_me, Offers};

/// The list fed by the inbox socket; clicking an item selects it.
#[component]
pub fn ConversationList(
    /// The conversations, most recent first.
    conversations: RwSignal<Vec<ConversationSummary>>,
    /// The open conversation.
    selected: RwSignal<Option<ConversationId>>,
    /// The signed-in operator (to tell the offers made to them).
    me: Signal<Option<UserId>>,
    /// Accept and Skip.
    offers: Offers,
) -> impl IntoView {
    // Shown above the list: the item it is about may leave the list (taken
    // by a faster operator) before the message is read.
    let error = RwSignal::new(None::<String>);
    view! {
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <div class="offer-error">
                            <p class="error" role="alert" data-testid="offer-error">{e}</p>
                            <button
                                type="button"
                                class="secondary"
                                data-testid="offer-error-dismiss"
                                on:click=move |_| error.set(None)
                            >
                                {t(ConsoleMsg::InboxOfferDismiss)}
                            </button>
                        </div>
                    }
                })
        }}
        <ul class="conversations" data-testid="conversations">
            <For
                each=move || conversations.get()
                // Any change re-renders that item; the others stay as they are.
                key=|c| serde_json::to_string(c).unwrap_or_else(|_| c.id.to_string())
                children=move |c| view! { <ConversationItem summary=c selected me offers error /> }
            />
        </ul>
        <Show when=move || conversations.with(Vec::is_empty)>
            <p class="empty" data-testid="inbox-empty">{t(ConsoleMsg::InboxEmpty)}</p>
        </Show>
    }
}

#[component]
fn ConversationItem(
    summary: ConversationSummary,
    selected: RwSignal<Option<ConversationId>>,
    me: Signal<Option<UserId>>,
    offers: Offers,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = Locale::current();
    let offered = {
        let summary = summary.clone();
        Memo::new(move |_| me.with(|m| m.as_ref().is_some_and(|m| offered_to_me(&summary, m))))
    };
    let answer = OfferAnswer {
        channel: summary.channel.id.clone(),
        conversation: summary.id.clone(),
    };
    let ConversationSummary {
        id,
        channel,
        visitor_name,
        status,
        operator,
        last_text,
        last_at,
        unread,
        rating,
        contact,
        paused,
        identity,
        ..
    } = summary;
    let is_selected = {
        let id = id.clone();
        move || selected.with(|s| s.as_ref() == Some(&id))
    };
    let label = move || status_label(locale.lang(), status, operator.as_ref());
    let click_id = id.clone();
    let visitor = visitor_name.clone();
    let actions = move || {
        offered.get().then(|| {
            view! { <OfferActions answer=answer.clone() visitor=visitor.clone() offers error /> }
        })
    };
    view! {
        <li class="conversation-row" class:offered=move || offered.get()>
            <button
                type="button"
                class="conversation"
                class:selected=is_selected.clone()
                class:closed=status == Status::Closed
                class:paused=paused
                aria-current=move || is_selected().then_some("true")
                data-testid="conversation"
                data-id=id.to_string()
                data-status=status_attr(status)
                data-offered=move || offered.get().then_some("true")
                on:click=move |_| selected.set(Some(click_id.clone()))
            >
                <span class="conversation-top">
                    <span class="visitor" data-testid="conversation-visitor">{visitor_name}</span>
                    <time datetime=full_time(last_at) data-testid="conversation-time">{move || list_time(locale.lang(), last_at)}</time>
                </span>
                <span class="channel" data-testid="conversation-channel">{channel.name}</span>
                <span class="preview" data-testid="conversation-preview">{last_text}</span>
                {identity.clone().map(|identity| view! { <VerifiedBadge identity /> })}
                {contact.map(|c| {
                    // Text only: a link cannot sit inside this button. The
                    // open conversation links it.
                    let identity = identity.clone();
                    let contact = move || {
                        let prefix = contact_prefix(locale.lang(), &c, identity.as_ref());
                        format!("{prefix}{c}")
                    };
                    view! {
                        <span class="contact" data-testid="conversation-contact">{contact}</span>
                    }
                })}
                <span class="conversation-bottom">
                    <span class="status" data-testid="conversation-status">{label}</span>
                    {paused.then(|| view! {
                        <span
                            class="paused-tag"
                            data-testid="conversation-paused"
                            title=t(ConsoleMsg::InboxPausedTitle)
                        >
                            {t(ConsoleMsg::InboxPaused)}
                        </span>
                    })}
                    {rating.map(|r| {
                        view! {
                            <span
                                class="rating"
                                data-testid="conversation-rating"
                                data-verdict=verdict_attr(r.verdict)
                                title={
                                    let r = r.clone();
                                    move || rating_label(locale.lang(), &r)
                                }
                            >
                                <span class="thumb" aria-hidden="true"></span>
                                " "
                                {t(verdict_label(r.verdict))}
                            </span>
                        }
                    })}
                    {move || {
                        offered
                            .get()
                            .then(|| {
                                view! {
                                    <span class="offer-badge" data-testid="offer-badge">{t(ConsoleMsg::InboxOffered)}</span>
                                }
                            })
                    }}
                    {(unread > 0).then(|| view! {
                        <span class="unread" data-testid="unread" aria-label=move || {
                            locale.lang().console(ConsoleMsg::InboxUnread, &[("count", Arg::Num(i64::from(unread)))])
                        }>
                            {unread}
                        </span>
                    })}
                </span>
            </button>
            {actions}
        </li>
    }
}

/// "Verified: <their id on the site>", for a visitor the site's signed token
/// identifies; the tooltip says who the site says it is.
#[component]
pub fn VerifiedBadge(
    /// Who the site's token says the visitor is.
    identity: VerifiedIdentity,
) -> impl IntoView {
    let locale = Locale::current();
    let id = identity.id.clone();
    let identity = StoredValue::new(identity);
    let title = move || identity.with_value(|i| verified_title(locale.lang(), i));
    let label = move || identity.with_value(|i| verified_label(locale.lang(), i));
    view! {
        <span class="verified" data-testid="visitor-verified" data-id=id title=title>
            <span aria-hidden="true">"✓ "</span>
            {label}
        </span>
    }
}

/// Accept and Skip of one offer, beside its item (not inside: a button
/// cannot hold buttons).
#[component]
fn OfferActions(
    answer: OfferAnswer,
    visitor: String,
    offers: Offers,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = Locale::current();
    let visitor = StoredValue::new(visitor);
    let label =
        move |msg| visitor.with_value(|v| locale.lang().console(msg, &[("visitor", Arg::Str(v))]));
    let id = StoredValue::new(answer.conversation.clone());
    let busy = move || id.with_value(|id| offers.is_busy(id));
    let accept = {
        let answer = answer.clone();
        move |_| offers.accept(answer.clone(), error)
    };
    let skip = move |_| offers.skip(answer.clone(), error);
    view! {
        <div
            class="offer-actions"
            role="group"
            aria-label=move || label(ConsoleMsg::InboxOfferGroup)
            aria-busy=move || busy().then_some("true")
        >
            <button
                type="button"
                data-testid="accept"
                aria-label=move || label(ConsoleMsg::InboxAcceptLabel)
                disabled=busy
                on:click=accept
            >
                {t(ConsoleMsg::InboxAccept)}
            </button>
            <button
                type="button"
                class="secondary"
                data-testid="skip"
                aria-label=move || label(ConsoleMsg::InboxSkipLabel)
                disabled=busy
                on:click=skip
            >
                {t(ConsoleMsg::InboxSkip)}
            </button>
        </div>
    }
}

//! The files page (admins, #21): the largest file anyone may send in a
//! conversation and which kinds, for the whole account. The server checks
//! both again and reads each file's kind from its bytes.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::files::{parse_megabytes, FileKind, FileLimits, MAX_LIMIT_BYTES};
use canal_shared::i18n::{Arg, ConsoleMsg};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::admin;
use crate::auth::Session;
use crate::i18n::{t, Locale};
use crate::view::form::{sentence, SaveBar};
use crate::view::kit::Fieldset;

/// The page.
#[component]
pub fn FilesPage() -> impl IntoView {
    let locale = Locale::current();
    let session = Session::current();
    let megabytes = RwSignal::new(String::new());
    let allowed = RwSignal::new(Vec::<FileKind>::new());
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);

    let fill = move |l: &FileLimits| {
        let mb = l.max_bytes as f64 / (1024.0 * 1024.0);
        megabytes.set(format!("{}", (mb * 100.0).round() / 100.0));
        allowed.set(l.allowed.clone());
    };
    spawn_local(async move {
        match admin::file_limits(&session.token()).await {
            Ok(l) => {
                fill(&l);
                loaded.set(true);
            }
            Err(f) => error.set(Some(f.message)),
        }
    });

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let max_bytes = match parse_megabytes(&megabytes.get_untracked()) {
            Ok(b) => b,
            Err(why) => {
                error.set(Some(sentence(&why)));
                return;
            }
        };
        let limits = FileLimits {
            max_bytes,
            allowed: allowed.get_untracked(),
        };
        error.set(None);
        spawn_local(async move {
            match admin::save_file_limits(&session.token(), &limits).await {
                Ok(l) => {
                    fill(&l);
                    saved.set(true);
                }
                Err(f) => error.set(Some(sentence(&f.message))),
            }
        });
    };
    let toggle = move |kind: FileKind, on: bool| {
        allowed.update(|a| {
            a.retain(|k| *k != kind);
            if on {
                a.push(kind);
            }
        });
        saved.set(false);
    };
    let most = MAX_LIMIT_BYTES / (1024 * 1024);
    let error_line = move || {
        error
            .get()
            .map(|e| view! { <p class="error" role="alert" data-testid="files-error">{e}</p> })
    };
    view! {
        <section class="admin-page" aria-labelledby="files-title" data-testid="files-page">
            <h1 id="files-title">{t(ConsoleMsg::FilesTitle)}</h1>
            <p class="admin-intro">{t(ConsoleMsg::FilesIntro)}</p>
            <Show
                when=move || loaded.get()
                fallback=move || view! {
                    {error_line}
                    {move || error.with(Option::is_none).then(|| view! { <p role="status" class="empty">{t(ConsoleMsg::FilesLoading)}</p> })}
                }
            >
                <form class="admin-form" on:submit=save novalidate>
                    <div class="admin-field">
                        <label for="files-max">{t(ConsoleMsg::FilesMax)}</label>
                        <input id="files-max" type="text" inputmode="decimal" size="6" data-testid="files-max"
                            aria-describedby="files-max-hint"
                            prop:value=move || megabytes.get()
                            on:input=move |ev| {
                                megabytes.set(event_target_value(&ev));
                                saved.set(false);
                            }
                        />
                        <p class="hint" id="files-max-hint">
                            {move || {
                                locale.lang().console(
                                    ConsoleMsg::FilesMaxHint,
                                    &[("most", Arg::Num(most as i64))],
                                )
                            }}
                        </p>
                    </div>
                    <Fieldset legend=ConsoleMsg::FilesKinds>
                        {FileKind::ALL
                            .into_iter()
                            .map(|kind| view! {
                                <label class="admin-choice">
                                    <input
                                        type="checkbox"
                                        data-testid=format!("files-kind-{}", kind.name())
                                        prop:checked=move || allowed.with(|a| a.contains(&kind))
                                        on:change=move |ev| toggle(kind, event_target_checked(&ev))
                                    />
                                    " "
                                    {t(kind_label(kind))}
                                </label>
                            })
                            .collect_view()}
                        <p class="hint" data-testid="files-off">
                            {move || {
                                locale.lang().console_text(match allowed.with(Vec::is_empty) {
                                    true => ConsoleMsg::FilesNone,
                                    false => ConsoleMsg::FilesOthers,
                                })
                            }}
                        </p>
                    </Fieldset>
                    {error_line}
                    <SaveBar prefix="files" saved />
                </form>
            </Show>
        </section>
    }
}

/// A kind of file as admins read it.
fn kind_label(kind: FileKind) -> ConsoleMsg {
    match kind {
        FileKind::Image => ConsoleMsg::FilesKindImage,
        FileKind::Pdf => ConsoleMsg::FilesKindPdf,
        FileKind::Text => ConsoleMsg::FilesKindText,
        FileKind::Csv => ConsoleMsg::FilesKindCsv,
        FileKind::Office => ConsoleMsg::FilesKindOffice,
    }
}

//! Small helpers shared by the admin forms: the channel picker, minutes as
//! people type them, and messages as sentences.

use canal_shared::ids::ChannelId;
use canal_shared::protocol::ChannelInfo;
use leptos::prelude::*;

/// Which channel a settings page edits: nothing with one channel, a note with
/// none, a select with several. Test ids `<prefix>-channel` and
/// `<prefix>-no-channel`.
#[component]
pub fn ChannelPicker(
    /// The page's test-id prefix (`queue`, `automation`).
    prefix: &'static str,
    /// The admin's channels.
    channels: Vec<ChannelInfo>,
    /// Called with the channel picked.
    on_pick: Callback<ChannelId>,
) -> impl IntoView {
    let id = format!("{prefix}-channel");
    match channels.len() {
        0 => view! {
            <p class="empty" data-testid=format!("{prefix}-no-channel")>"There is no channel yet."</p>
        }
        .into_any(),
        1 => ().into_any(),
        _ => view! {
            <div class="admin-field">
                <label for=id.clone()>"Channel"</label>
                <select
                    id=id.clone()
                    data-testid=id
                    on:change=move |ev| {
                        if let Ok(id) = ChannelId::parse(&event_target_value(&ev)) {
                            on_pick.run(id);
                        }
                    }
                >
                    {channels
                        .iter()
                        .map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any(),
    }
}

/// `text` with a capital letter and a full stop.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// `ms` as minutes for the form: whole minutes as an integer, anything else
/// with six decimals at most, which [`minutes_to_ms`] reads back to the same
/// millisecond.
pub fn ms_to_minutes(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    let (whole, rest) = (ms / 60_000, ms % 60_000);
    if rest == 0 {
        return format!("{sign}{whole}");
    }
    // rest / 60000 to six decimals, rounded: below 0.9999995, so no carry.
    let millionths = (rest * 1_000_000 * 2 + 60_000) / 120_000;
    let digits = format!("{millionths:06}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// The minutes typed (`"3"`, `"1.5"`) in milliseconds, rounded to the
/// nearest; `None` if it is not a decimal number.
pub fn minutes_to_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if (whole.is_empty() && fraction.is_empty())
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 12 {
        // Far beyond twelve hours either way.
        return Some(if negative { i64::MIN } else { i64::MAX });
    }
    let whole: i128 = whole.parse().unwrap_or(0);
    // Digits past the ninth are below a millionth of a millisecond.
    let fraction = &fraction[..fraction.len().min(9)];
    let scale = 10_i128.pow(fraction.len() as u32);
    let numerator: i128 = fraction.parse().unwrap_or(0);
    let fraction_ms = (numerator * 60_000 * 2 + scale) / (scale * 2);
    let ms = i64::try_from(whole * 60_000 + fraction_ms).ok()?;
    Some(if negative { -ms } else { ms })
}

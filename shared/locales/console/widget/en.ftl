# The widget page (Settings → a channel → Agent information and widget):
# `console/src/view/widget.rs`. Same checks as ../en.ftl.

widget-title = Widget
widget-subtitle-one = How the widget of { $channel } presents itself to visitors.
widget-loading = Loading the widget settings…

## Who visitors see answering (R-A-1)

widget-who-legend = Who visitors see answering
widget-who-hint = What the widget shows of the operator who answers.
widget-display-profile = The operator's own profile
widget-display-profile-hint = Their name, position and picture, as set in Settings → People and departments.
widget-display-custom = This channel's own entries
widget-display-custom-hint = A name, position and picture per operator, set below for this channel only.
widget-display-hidden = Nobody
widget-display-hidden-hint = Visitors see nothing about who answers.
widget-cards-empty = Nobody is in this channel's queue yet: add people in this channel's Queue section.
widget-cards-hint = One entry per operator of this channel's queue. Leave all of an operator's fields empty and visitors see nothing about them.
widget-card-left = { $operator } (not in this channel's queue)
widget-card-kept = This entry is kept until its fields are emptied.
widget-card-name = Name shown
widget-card-name-hint = Required for an entry.
widget-card-position = Position
widget-card-position-hint = Optional, such as “Support”.
widget-card-avatar = Avatar address
widget-card-avatar-hint = Optional: a picture's https:// address.
# $problem: what is wrong with the field, starting in lower case.
widget-entry-problem = Entry for { $operator }: { $problem }
# $problems: the entries' problems, already sentences.
widget-entries-hidden = { $problems } Choose “This channel's own entries” to see and fix it.

## Out of working hours (R-WH-3)

widget-ooh-legend = Out of working hours
widget-ooh-hint = What the widget shows while the channel is closed. Working hours are set in this channel's Working hours section.
widget-ooh-chat = Keep the chat
widget-ooh-chat-hint = Visitors can still write; the out-of-hours reply answers them.
widget-ooh-form = Show a leave-a-message form
widget-ooh-form-hint = Visitors leave their email and a message; operators see the email in the conversation.
widget-ooh-hide = Hide the launcher
widget-ooh-hide-hint = The widget does not show at all until the channel opens again.

## The personal-data notice (R-C-1)

widget-notice-legend = Personal-data notice
widget-notice-hint = A notice visitors accept before they write. Each acceptance is recorded — who, which text and version, when — and listed in this channel's Personal-data notice section.
widget-consent-off = No notice
widget-consent-off-hint = Visitors write at once.
widget-consent-text = One of the account's texts
widget-consent-text-hint = Always at its latest version. The account's texts are written in Settings → Personal-data notices.
widget-consent-text-label = Text
widget-consent-choose = Choose a text
widget-consent-option = { $name } (version { $version })
widget-consent-gone = { $id } (no longer in the account)
widget-consent-no-texts = The account has no consent texts yet: add one in Settings → Personal-data notices.
widget-consent-pick = Choose one of the account's texts, or another kind of notice.
widget-consent-own = This channel's own text
widget-consent-own-hint = Written here, for this channel only. Saving a changed text makes a new version.
widget-consent-body = Notice text
widget-consent-not-saved = Not saved yet.
widget-consent-version = Version { $version }.
widget-consent-version-changed = Version { $version } is saved; saving this change makes a new version.
widget-saved = Saved.
widget-saved-version = Saved. This channel's own notice is at version { $version }.

## The chat's title (R-CH-4) and real-time typing (R-RT-1)

widget-header-legend = Chat header
widget-chat-title = Chat title
widget-chat-title-hint = Optional: what the chat's header shows visitors. Empty: the channel's name.
widget-typing-legend = Real-time typing
widget-typing-label = Operators see what visitors type before they send it
widget-typing-hint = Off: operators see only that the visitor is typing, never the text, and the widget sends none. Applies to conversations that start after saving.

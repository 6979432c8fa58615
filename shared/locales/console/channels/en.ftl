# The Channels page and a channel's Other settings section:
# `console/src/view/channels.rs`. Same checks as ../en.ftl.

channels-title = Channels
channels-intro = Each open channel is a chat of its own, with its own queue, settings and conversations. Configure a channel to change any of its settings on one page.
channels-other-title = Other settings
channels-other-intro = The channel's name, whether operators answer it, the language of its emails, the sites that show it, its embed code, connectors and identity verification.
channels-loading = Loading the channels…
channels-yours = Your channels
channels-this = This channel
channels-none = There is no channel: create one to put a chat on your site.
channels-this-deleted = This channel was deleted.
channels-cancel = Cancel

## A new channel, within the plan's limit (R-CH-2)

channels-new = New channel
channels-count = { $count } of { $limit } { $limit ->
    [one] channel
   *[other] channels
}
channels-limit = Your plan allows { $limit } and all are in use. To create another, delete one, or raise the deployment's limit (CANAL_CHANNEL_LIMIT).
channels-created = Created { $channel }. Add operators to its queue in its settings (Configure), then put its embed code on your site.

## A channel's card

channels-configure = Configure
channels-configure-label = Configure { $channel }
channels-on = On
channels-off = Off
# Followed by the date and time.
channels-created-at = Created

## The list's columns (#22)

channels-col-channel = Channel
channels-col-active = Active
channels-col-connectors = Connectors
channels-col-online = Operators online
channels-col-waiting = Conversations waiting
channels-col-actions = Settings
channels-kind-live-chat = Live chat
channels-kind-telegram = Telegram
channels-kind-webhook = Webhook
# While the connectors and the queue of a channel are asked.
channels-activity-unknown = …

## Renaming (R-CH-4)

channels-rename = Rename
channels-rename-label = Rename { $channel }
channels-new-name = New name
channels-name-hint = 1 to { $max } characters. Operators see it in their lists; visitors see it in the chat's header unless its widget settings set a chat title.
channels-name-invalid = Enter a name of 1 to { $max } characters, on one line.
channels-save-name = Save name
channels-renamed = Renamed to { $channel }.

## Switching on and off (R-CH-5)

channels-active = Channel is active
channels-switch-hint = On: operators answer its conversations. Off: its widget keeps working and clients' messages are kept, but nobody can answer until it is switched on again.
channels-switched-on = { $channel } is switched on: operators can answer its conversations.
channels-switched-off = { $channel } is switched off: its widget keeps working and clients' messages are kept, but nobody can answer until it is switched on again.

## The language of emails (R-CH-7)

channels-email-language = Language of emails to clients
channels-email-language-hint = The conversation history a client asks for by email is written in it.
# Inside a sentence, and as an option of the list.
channels-language-default = the deployment's language
channels-language-other = another language
channels-email-language-done = Emails to the clients of { $channel } are now in { $language }.

## The sites that may embed the chat (R-W-6)

channels-domains = Sites that may embed the chat
channels-domains-hint = One domain a line; *.example.org allows its subdomains. Empty: any site. Other sites get no launcher, and browsers refuse to show the chat in them.
channels-domains-save = Save sites
channels-domains-any = Any site may embed the chat of { $channel }.
channels-domains-some = { $count } domains may embed the chat of { $channel }.

## The embed code

channels-embed = Embed code
channels-embed-hint = Paste it before </body> on every page of your site where this channel's chat should appear.
channels-copy = Copy
channels-copy-label = Copy the embed code of { $channel }
channels-copied = Copied the embed code.
channels-copy-failed = It could not be copied automatically: the code is selected, press Ctrl+C (⌘C on a Mac).

## Deleting (R-CH-8)

channels-delete = Delete…
channels-delete-label = Delete { $channel }
channels-delete-title = Delete { $channel }?
channels-delete-gone = The channel, its queue and its settings are deleted.
channels-delete-widget = Its widget stops at once: new visitors get an error instead of the chat.
channels-delete-open = Its open conversations leave the operators' inboxes unanswered.
channels-delete-history = Their history is kept.
channels-delete-instead = To stop answering for a while instead, switch the channel off: its widget keeps working and nothing is deleted.
# Followed by the channel's name.
channels-delete-confirm = Type the channel's name to confirm:
channels-delete-submit = Delete channel
channels-deleted = Deleted { $channel }. Its conversations' history is kept; remove its embed code from your site.

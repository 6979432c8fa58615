# Canal's visitor-facing texts in the widget's panel (the launcher's labels,
# the channel's automatic messages and the bot's lines are in server/). One
# file per language, the same message ids in each; `en` is the reference.
# Format: Fluent (https://projectfluent.org), limited to text, variables
# ({ $name }) and selectors on them ({ $count -> … }), which the build checks.

## The launcher on the host page

frame-title = Chat

## The panel's header

chat-title = Chat
close-chat = Close chat
operator-answers = { $name } answers you
operator-position = { $name }, { $position }
conn-connecting = Connecting…
conn-open = Connected
conn-reconnecting = Reconnecting…

## Messages and the composer

messages-label = Messages
delivery-sending = Sending…
delivery-sent = Sent
delivery-seen = Seen
operator-typing = { $name } is typing…
someone-typing = The operator is typing…
composer-label = Your message
composer-placeholder = Write a message…
send = Send
chars-left = { $count ->
    [0] No characters left
    [one] { $count } character left
   *[other] { $count } characters left
}

## What happens, said in the chat (#20)

event-transferred = { $name } answers you now
event-transferred-hidden = Another operator answers you now
event-closed = The conversation was closed
event-reopened = The conversation is open again
event-handed-over = We are passing you to an operator

## Closing and the rating

closed-notice = The conversation was closed. Write again any time.
rate-question = How was this conversation?
rate-like = Like
rate-dislike = Dislike
rate-comment-label = Your comment (optional)
rate-comment-placeholder = Anything to add? (optional)
rate-thanks = Thanks for your feedback!

## The history by email (R-CH-7)

history-title = Get this conversation by email
history-email = Your email
history-send = Email it to me
history-sending = Sending…
history-sent = Sent! Check your inbox.
history-too-often = You asked for it several times already: try again in an hour.
history-unavailable = This site does not send emails.
history-failed = The email could not be sent. Try again in a few minutes.

## The personal-data notice

consent-title = Before we chat
consent-accept = Accept and chat
consent-decline = Decline
consent-declined = You declined the notice, so the chat cannot start. Nothing was sent.
consent-review = Read the notice again
consent-changed = The notice has changed since you read it: please read it again.

## Out of working hours

offline-title = We are away right now
offline-intro = Leave your email and a message: we will answer by email as soon as we are back.
offline-email = Your email
offline-message = Your message
offline-send = Send message
offline-sent = Thanks! We got your message and will answer by email.
offline-email-invalid = Enter an email address such as name@example.com.
offline-message-empty = Write your message.

## Errors

error-no-channel = This chat is not set up: the page gave no channel.
error-bad-channel = This chat is not set up: the channel id is not valid.
error-unreachable = Cannot reach the chat service. Retrying…
error-bad-answer = The chat service gave an answer this widget does not understand.
error-failed = The chat service failed (HTTP { $status }).
error-retrying = Retrying…
error-consent = Accept the personal-data notice before writing.
error-too-long = The message is too long: write at most { $max } characters.
error-refused = The chat service refused this: { $reason }
error-too-fast = { $seconds ->
    [one] You are writing faster than the chat accepts; the next messages go out in { $seconds } second.
   *[other] You are writing faster than the chat accepts; the next messages go out in { $seconds } seconds.
}

## Files the visitor sends (#21)

file-attach = Attach files
file-remove = Remove { $name }
file-too-large = { $name } was not sent: it is larger than the limit of { $limit }.
file-not-allowed = { $name } was not sent: this type of file is not accepted. Accepted: { $allowed }.
file-empty = { $name } was not sent: the file is empty.
file-bad-name = { $name } was not sent: rename it without slashes or control characters and attach it again.
file-too-many = { $name } was not sent: you are sending files faster than the chat accepts. Wait a minute and attach it again.
file-refused = { $name } was not sent: { $reason }
file-kind-image = pictures
file-kind-pdf = PDF
file-kind-text = plain text
file-kind-csv = CSV
file-kind-office = office documents


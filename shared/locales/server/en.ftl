# What the server and the loader say to visitors, outside the widget's own
# panel: the launcher's labels (put into the loader at build time), the
# defaults of the channel's automatic messages and the FAQ bot's lines. A
# catalog of its own, so that the widget does not carry it. Same languages
# and checks as ../<tag>.ftl.

## The launcher on the host page

launcher-open = Open chat
launcher-close = Close chat
launcher-unread = Unread messages: { $count }

## The channel's automatic messages (the defaults, when an admin set no text)

auto-greeting = Hello! Thanks for writing. An operator will be with you shortly.
auto-no-answer = Sorry for the wait: all our operators are busy. Please stay here, we will answer as soon as we can.
auto-out-of-hours = We are away right now. Leave your message and we will answer when we are back.

## The built-in FAQ bot (R-BOT-1)

bot-handover = One moment: I am passing you to a person.
bot-not-found = I could not find an answer to that. A person will help you shortly.
bot-ask = Tell me what you would like to know, or write "person" to talk to someone.
bot-more = Anything else? Write "person" to talk to someone.

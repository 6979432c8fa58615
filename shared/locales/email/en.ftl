# The emails Canal sends: the conversation history a client asks for
# (R-CH-7), in the channel's language, and the late-answer notice to staff
# (R-KPI-3). Same format and rules as ../en.ftl; `en` is the reference.

## The conversation history

history-subject = Your conversation with { $channel }
history-greeting = Hello,
history-intro = Here is your conversation with { $channel }, as you asked.
history-you = You
history-times = Times are in { $zone }.
history-cut = The conversation is longer than one email holds: its oldest { $count ->
    [one] message is
   *[other] { $count } messages are
} left out.
history-file = File { $name } ({ $size }): { $link } (the link works until { $until })
history-closing = Thank you for writing to us.

## The late-answer notice

late-subject = A client is waiting for an answer
late-open = Open the conversation: { $link }

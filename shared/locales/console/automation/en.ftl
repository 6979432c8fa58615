# The automatic actions of a channel (console/src/view/automation.rs): the
# greeting, the out-of-hours reply, the no-answer reply, the conversation
# timeout and the wait for the rating.

automation-title = Automation
automation-intro-one = What { $channel } does on its own while the client waits.
automation-loading = Loading the automation…

## Greeting

automation-greeting = Greeting
automation-greeting-hint = Sent right after the client's first message.
automation-greeting-on = Send a greeting
automation-greeting-on-hint = The client knows at once that the message arrived.
automation-greeting-text = Greeting text
automation-greeting-text-hint = Leave it empty to send the default text, in the visitor's language (English shown in the box). Kept when the greeting is off.

## Out of hours

automation-ooh = Out of hours
automation-ooh-hint = Sent when a client writes outside working hours, or when no operator is online.
automation-ooh-on = Send an out-of-hours reply
automation-ooh-on-hint = The client learns that nobody can answer right now; the conversation waits in the queue.
automation-ooh-text = Out-of-hours reply
automation-ooh-text-hint = Leave it empty to send the default text shown in the box. Kept when the reply is off.

## No answer

automation-noanswer = No answer
automation-noanswer-hint = What happens when no operator has taken the conversation within the set time.
automation-noanswer-nothing = Do nothing
automation-noanswer-nothing-hint = The conversation waits in the queue without any message.
automation-noanswer-reply = Send a reply and keep the conversation in the queue
automation-noanswer-reply-hint = The client is told they are still waiting; the first operator free takes the conversation.
automation-noanswer-minutes = Time before the reply, in minutes
automation-noanswer-minutes-hint = Counted from the client's first message: 1 minute to 24 hours ({ $max } minutes).
automation-noanswer-text = Reply text
automation-noanswer-text-hint = Leave it empty to send the default text shown in the box.
automation-noanswer-not-a-number = Enter the time before the no-answer reply as a number of minutes, from { $min } to { $max }.

## Conversation timeout

automation-timeout = Conversation timeout
automation-timeout-hint = Closes the conversation when the client has not answered the operator's message within the set time.
automation-timeout-off = Off
automation-timeout-off-hint = The conversation stays open until an operator closes it.
automation-timeout-close-text = Send this text, then close
automation-timeout-close-text-hint = The client reads the text below, then the conversation closes.
automation-timeout-close = Close without any action
automation-timeout-close-hint = The conversation closes without a message.
automation-timeout-minutes = Time without an answer, in minutes
automation-timeout-minutes-hint = Counted from the operator's last message: 1 minute to 24 hours ({ $max } minutes).
automation-timeout-text = Text sent before closing
automation-timeout-text-hint = Required with “Send this text, then close”.
automation-timeout-not-a-number = Enter the conversation timeout as a number of minutes, from { $min } to { $max }.
automation-timeout-no-text = Enter the text to send before closing, or choose “Close without any action”.

## Rating

automation-rating = Rating
automation-rating-hint = After an operator closes the conversation, the client may still rate it.
automation-rating-minutes = Wait for the rating, in minutes
automation-rating-minutes-hint = 0 to { $max } minutes. With 0 the session closes at once; a rating that comes later is still attached to the conversation.
automation-rating-not-a-number = Enter the wait for the rating as a number of minutes, from 0 to { $max }.
automation-close-on-rating = Close the session when the client's rating is received
automation-close-on-rating-hint = Otherwise the session stays open until the wait is over.

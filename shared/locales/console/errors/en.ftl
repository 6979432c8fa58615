# What the console says when a call fails: the server could not be
# reached, or it refused, by its error code.

errors-network = The server could not be reached. Check the connection and try again.
errors-not-understood = The server's answer was not understood. Try again.
errors-status = The server answered { $status }. Try again.
errors-unwritten = The request could not be written. Try again.
errors-bad-frame = The server did not understand the request. Reload the page and try again.
errors-invalid = The server refused a value: check the fields and try again.
errors-too-large = This is over the allowed size.
errors-forbidden = You may not do this.
errors-unauthorized = Your session has ended: sign in again.
errors-not-found = This no longer exists: it may have been deleted.
errors-conflict = Someone else got there first, or it already exists. Reload and try again.
errors-consent-required = The visitor has not accepted the personal-data notice yet.
errors-channel-disabled = The channel is switched off: nobody can answer until an admin switches it on again.
errors-too-many = Too many attempts: wait a moment and try again.
errors-internal = Something went wrong on the server. Try again.
errors-closed = This conversation is closed: it opens again when the visitor writes.
errors-already-rated = The visitor already rated this conversation.
errors-unsupported-type = Files of this type may not be sent.
login-wrong = Wrong email or password.

## Why a setting cannot be saved, as the worker checks it.

errors-name = Enter a name of 1 to { $max } characters, without control characters.
errors-position = A position is at most { $max } characters, on one line.
errors-avatar = An avatar must be an https:// address of at most { $max } characters, without spaces.
errors-twice = { $name } has two entries: keep one.
errors-chat-title = The chat title is at most 80 characters, on one line; leave it empty to show the channel's name.
errors-url = The address must be an https:// address (http:// only for localhost), at most { $max } characters, without spaces.
errors-bot-name = The bot's name must be 1 to { $max } characters of text.
errors-bot-declined = { $name } declared that it cannot serve open channels; pick another bot or none.
errors-bot-status = The bot answered HTTP { $status }; it must answer 200 with JSON.
errors-bot-answer = The bot's answer is not valid.
errors-bot-no-answer = Nothing answered at the bot's URL; check the address and that the bot is running.
errors-bot-no-name = The bot did not say its name; give it one.
errors-bot-too-many = The account already has { $max } bots; delete one first.
errors-bot-built-in = The FAQ bot is built in and cannot be deleted.
errors-rating-wait = The wait for the rating must be between 0 and 60 minutes.
errors-zone = “{ $zone }” is not a time zone (use a name such as Europe/Lisbon).
errors-time = “{ $time }” is not a time of day (use HH:MM, 00:00 to 24:00).
errors-midnight = A span cannot start at 24:00.
errors-holiday = { $month }/{ $day } is not a day of the year.
errors-idle = The idle time before forwarding must be between 1 minute and 12 hours.
errors-capacity = The limit of simultaneous conversations must be between 1 and { $max }.
errors-queue-too-long = A queue holds at most { $max } entries.
errors-department-too-big = A department holds at most { $max } members.
errors-not-a-person = { $name } is not an active person.
errors-delay-no-answer = The time before the no-answer reply must be between { $min } and 24 hours.
errors-delay-timeout = The conversation timeout must be between { $min } and 24 hours.
errors-part-greeting = The greeting text
errors-part-out-of-hours = The out-of-hours reply text
errors-part-no-answer = The no-answer reply text
errors-part-timeout = The timeout message text
errors-part-text = { $part }: { $reason }

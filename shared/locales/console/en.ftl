# The operators' and admins' console (`console/`): what it says, in every
# language of ../<tag>.ftl. A catalog of its own, so that the widget does not
# carry it. Same checks: every language has every message of en.ftl, with the
# same variables.

## The top bar

nav-sections = Sections
nav-inbox = Inbox
nav-conversations = Conversations
nav-statistics = Statistics
nav-clients = Clients
nav-settings = Settings
nav-my-settings = My settings
connection-connecting = Connecting…
connection-open = Connected
connection-reconnecting = Reconnecting…
shortcuts-open = Keyboard shortcuts
shortcuts-open-title = Keyboard shortcuts (?)
sign-out = Sign out
presence = Presence
presence-hint = Away: no new conversations are offered to you
presence-online = Online
presence-away = Away
presence-offline = Offline

## The inbox

inbox-your-channels = Your channels
inbox-supervised-title = You read its conversations as a supervisor
inbox-you-supervise = (you supervise)
inbox-conversations = Conversations
inbox-pick = Pick a conversation on the left.
inbox-back = ← Conversations
inbox-show-details = Visitor and client
inbox-hide-details = Hide details

## Settings

settings-menu = Settings
settings-channels = Channels
settings-people = People and departments
settings-consent = Personal-data notices
settings-responses = Predefined responses
settings-bots = Chat bots
settings-files = Files
channel-sections = Sections of this channel
section-queue = Queue
section-widget = Agent information and widget
section-crm = CRM
section-automation = Working hours and automatic actions
section-consent = Personal-data notice
section-responses = Predefined responses
section-bot = Chat bot
section-kpi = Response-time KPIs
section-other = Other settings
back-to-channels = ← Channels
channel-missing-title = No such channel
channel-missing = This channel does not exist or was deleted.
channel-missing-link = See the channels

## My settings: the console's language

language-label = Language of the console
language-hint = Saved with your settings, on every computer you sign in on.
language-auto = As the browser ({ $language })
language-en = English
language-pt-br = Português (Brasil)
language-es = Español

## Signing in

login-title = Canal console
login-email = Email
login-password = Password
login-missing = Enter your email and password.
login-submit = Sign in
login-busy = Signing in…
login-checking = Signing in…
login-retry = Try again
login-again = Sign in again
session-ended = Your session has ended. Sign in again.

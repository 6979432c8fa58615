# My settings (each person's own): `console/src/view/my_settings.rs`. The
# console's language is in ../en.ftl. Same checks as ../en.ftl.

my-settings-title = My settings
my-settings-alert-legend = Alert me when
my-settings-alert-offered = A conversation is offered to me
my-settings-alert-message = A visitor writes in one of my conversations
my-settings-alert-transferred = A conversation is transferred to me
my-settings-alert-late = A client waits too long for an answer
my-settings-how-legend = How
my-settings-desktop = Desktop notifications while the console is not in front
my-settings-desktop-unsupported = This browser has no desktop notifications.
my-settings-desktop-blocked = The browser blocks notifications for the console: allow them in the site's settings (the icon left of the address), then turn this on again.
my-settings-desktop-allowed = This browser shows them.
my-settings-desktop-ask = The browser asks for your permission when you turn this on.
my-settings-sound = Play a sound
my-settings-sound-try = Try the sound
my-settings-start-legend = When I open the console, start
my-settings-start-online = Online: conversations are offered to me
my-settings-start-away = Away: nothing is offered until I switch
my-settings-saving = Saving…
my-settings-save = Save
my-settings-unsaved = Unsaved changes
my-settings-saved = Saved

# The alerts: desktop notifications and the tab's title.

alerts-offered = New conversation: { $name }
alerts-transferred = { $name } is now yours
alerts-late = { $name } waits for an answer
alerts-late-anyone = A client waits for an answer
alerts-title = Canal console

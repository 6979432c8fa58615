# Notices above the conversation list (a client waits too long, R-KPI-3).

notices-title = Notices
notices-open = Open conversation
notices-dismiss = Dismiss

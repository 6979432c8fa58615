# The response-time KPIs page (console/src/view/kpi.rs).

kpi-title = Response-time KPIs
kpi-intro = Each client message starts a clock that the operator's next reply stops; several messages before one reply count from the first. A reply after the limit is late. The conversation list shows each conversation's first, average and longest response time.
kpi-loading = Loading…
kpi-first-legend = First response
kpi-first-hint = The operator's first reply of a conversation.
kpi-next-legend = Subsequent responses
kpi-next-hint = Every later reply to the client.
kpi-what-counts = What counts
kpi-hours-only = Count working hours only
kpi-hours-only-hint = On: only the time the channel is open (its working hours, in this channel's settings) counts; a message written at night waits until the morning. Off: every minute counts, day and night.
kpi-set-limit = Set a limit
kpi-minutes = Limit, in minutes
kpi-minutes-range = 1 minute to { $days ->
    [one] { $days } day
   *[other] { $days } days
}.
kpi-notify = Notify if late
kpi-who = Who is told
kpi-who-supervisor = The responsible operator's supervisor (department head)
kpi-notice-text = Notice text
kpi-notice-hint = #OPERATOR# becomes the responsible operator's name, #DIALOG# the conversation (a link to it in the console). Leave it empty for the text shown. The notice appears in the person's console once, when the limit passes.
kpi-first-minutes-invalid = Enter the first-response limit in minutes, such as 5 or 1.5.
kpi-next-minutes-invalid = Enter the subsequent-response limit in minutes, such as 5 or 1.5.
kpi-first-who-invalid = Pick who is told when the first-response limit passes.
kpi-next-who-invalid = Pick who is told when the subsequent-response limit passes.

# The predefined responses in the reply composer: its button and picker.

picker-open-title = Insert a predefined response (or type / and its shortcut)
picker-open = Responses
picker-panel = Predefined responses
picker-hint = ↑ ↓ to choose, Enter to insert, Esc to close
picker-search = Search responses
picker-close = Close
picker-count = { $count ->
    [0] No response matches.
    [one] { $count } response.
   *[other] { $count } responses.
}
picker-none = This channel has no predefined responses. An admin picks its list in the channel's settings.
picker-no-match = No response matches this search.

# Who the visitor is and where (#20), above the client's card.

visitor-info-title = Visitor
visitor-info-none = The widget has not said where the visitor is yet.
visitor-info-page = Now on
visitor-info-referrer = Came from
visitor-info-direct = Directly, or not said
visitor-info-browser = Browser
visitor-info-not-said = Not said
visitor-info-lang = Language
visitor-info-time = Local time
visitor-info-before = Before
visitor-info-trail = Pages this visit
visitor-info-before-unknown = Not known yet
visitor-info-before-none = None: this is the first
visitor-info-before-count = { $count ->
    [one] { $count } conversation
   *[other] { $count } conversations
}
visitor-info-lang-name = { $name } ({ $tag })

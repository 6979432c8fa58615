# All conversations (the ledger): the list with response times, its
# filters, columns, export and the message log's search.

ledger-col-number = No.
ledger-col-channel = Channel
ledger-col-client = Client
ledger-col-operator = Operator
ledger-col-status = Status
ledger-col-started = Started
ledger-col-first = First response
ledger-col-average = Average
ledger-col-longest = Longest
ledger-col-total = Total
ledger-col-late = Late answers
ledger-col-answers = Answers
ledger-col-rating = Rating
ledger-file-failed = The browser could not make the file.
ledger-title = All conversations
ledger-intro = Every conversation of your channels with its operators' response times. Times count from the client's message to the operator's reply.
ledger-filters = Filters
ledger-all-channels = All channels
ledger-everyone = Everyone
ledger-from = From
ledger-to = To
ledger-any = Any
ledger-late = With a late answer
ledger-on-time = All on time
ledger-export = Export CSV
ledger-download = Download conversations.csv
ledger-total = { $count ->
    [one] { $count } conversation
   *[other] { $count } conversations
}
ledger-columns-title = Choose the columns to show
ledger-columns = Columns
ledger-columns-legend = Columns to show
ledger-previous = Previous
ledger-page = Page { $page }
ledger-next = Next
ledger-rating-client = Client: { $verdict }
ledger-rating-supervisor = Supervisor: { $verdict }
ledger-open = Open
ledger-conversation = Conversation { $number }
ledger-search = Search
ledger-search-label = A conversation number, or words of its messages
ledger-search-nothing = Nothing has this number or these words.
ledger-search-number = The conversation with this number:
ledger-search-hits = { $count ->
    [one] { $count } message found.
   *[other] { $count } messages found (the newest first).
}
ledger-side-system = Channel
ledger-search-conversation = Conversation

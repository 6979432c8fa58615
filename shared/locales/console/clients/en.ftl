# The Clients page: the CRM's client cards, search and merging.

clients-title = Clients
clients-intro = Everyone who wrote to a channel, one card per person: a client who writes again with the same email, phone, messenger account or signed-in user is recognised, and their conversations are joined on their card.
clients-load-more = Load more
clients-lead-none = No
clients-open-label = Open the card of { $name }
clients-col-name = Name
clients-col-emails = Emails
clients-col-phones = Phones
clients-col-responsible = Responsible
clients-col-lead = Lead
clients-col-conversations = Conversations
clients-col-changed = Last change
clients-close = Close
clients-cards = Client cards
clients-search-label = Search by name, email or phone
clients-search = Search
clients-loading = Loading the clients…
clients-merge-open = Merge into this card…
clients-merge-title = Merge another card into “{ $name }”
clients-merge-hint = Find the other card of the same person and choose it: nothing changes until you confirm.
clients-merge-find = Find the other card
clients-cancel = Cancel
clients-merge-question = Merge “{ $from }” into “{ $name }”?
clients-merging = Merging…
clients-merge = Merge
clients-merge-looking = Looking for cards…
clients-merge-none = No other card matches.
clients-choose-label = Choose { $name }
clients-choose = Choose
clients-contacts-move = Its contacts and the accounts it is recognised by move to “{ $name }”: whoever writes with them is recognised as “{ $name }”.
clients-contacts-move-listed = Its contacts ({ $contacts }) and the accounts it is recognised by move to “{ $name }”: whoever writes with them is recognised as “{ $name }”.
clients-conversations-move = { $moved ->
    [one] Its conversation moves to “{ $name }”, which then has { $total }.
   *[other] Its { $moved } conversations move to “{ $name }”, which then has { $total }.
}
clients-keeps = “{ $name }” keeps its own name, responsible and lead; those of “{ $from }” fill in only what is missing.
clients-disappears = “{ $from }” disappears from the list. This cannot be undone.
clients-merged = Merged “{ $from }” into “{ $name }”: it has { $total } now.
clients-count = { $count ->
    [one] Showing { $count } card, newest change first.
   *[other] Showing { $count } cards, newest change first.
}
clients-count-more = { $count ->
    [one] Showing { $count } card, more below, newest change first.
   *[other] Showing { $count } cards, more below, newest change first.
}
clients-count-search = { $count ->
    [one] Showing { $count } card matching “{ $search }”, newest change first.
   *[other] Showing { $count } cards matching “{ $search }”, newest change first.
}
clients-count-search-more = { $count ->
    [one] Showing { $count } card matching “{ $search }”, more below, newest change first.
   *[other] Showing { $count } cards matching “{ $search }”, more below, newest change first.
}
clients-empty = No client yet: a card is made when a client first writes.
clients-empty-search = No card matches “{ $search }”.

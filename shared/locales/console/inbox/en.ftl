# The conversation list (the inbox): its items, offers and their answers.

inbox-offer-dismiss = Dismiss
inbox-empty = No conversations yet.
inbox-paused = Channel off
inbox-paused-title = Its channel is switched off: nobody can answer until an admin switches it on again.
inbox-offered = Offered to you
inbox-unread = { $count } unread
inbox-offer-group = Offer: conversation with { $visitor }
inbox-accept = Accept
inbox-accept-label = Accept the conversation with { $visitor }
inbox-skip = Skip
inbox-skip-label = Skip the conversation with { $visitor }

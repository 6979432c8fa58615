# How statuses, delivery states, ratings, transfer targets and verified
# visitors read in the console.

format-status-new = New
format-status-waiting = Waiting
format-status-active = Active
format-status-active-by = Active — { $operator }
format-status-closed = Closed
format-verdict-like = Liked
format-verdict-dislike = Disliked
format-rating = Visitor's rating: { $verdict }
format-rating-comment = Visitor's rating: { $verdict }: “{ $comment }”
format-delivery-sending = Sending…
format-delivery-sent = Sent
format-delivery-seen = Seen
format-member = { $name } — { $presence }, { $count ->
    [one] { $count } conversation
   *[other] { $count } conversations
}
format-member-online = online
format-member-away = away
format-member-offline = offline
format-verified = Verified: { $id }
format-verified-title = Signed in on the site as { $id }
format-verified-title-known = Signed in on the site as { $id } ({ $known })
format-contact-email = Email:
format-contact-left = Left an email:
format-duration-s = { $s } s
format-duration-m = { $m } min
format-duration-m-s = { $m } min { $s } s
format-duration-h = { $h } h
format-duration-h-m = { $h } h { $m } min
format-date = { $year }-{ $month }-{ $day }

# The queue page of a channel (console/src/view/queue.rs): who gets the
# channel's conversations, and how they are handed out.

queue-title = Queue
queue-intro-one = Who gets the conversations of { $channel }, and how.
queue-loading = Loading the queue…

## Distribution

queue-distribution = Distribution
queue-distribution-hint = How a new conversation is handed out among the queue's operators.
queue-mode-evenly = Evenly
queue-mode-evenly-hint = Order does not matter: each new conversation goes to the operator with the fewest, so everyone has a similar workload.
queue-mode-strict = Strictly in queue order
queue-mode-strict-hint = The first available operator in the list is offered the conversation; if they do not answer in time, the next one is.
queue-mode-to-all = To all
queue-mode-to-all-hint = Everyone in the queue is offered the conversation at once; the first to take it gets it.

## Forwarding

queue-forwarding = Forwarding
queue-idle = Idle time before forwarding, in minutes
queue-idle-hint = How long an operator has to take a new conversation before the conversation goes to the next operator: 1 minute to 12 hours (720 minutes). It does not apply to “To all”, where everyone is offered the conversation at once.
queue-check-online = Check if the operator is online before forwarding
queue-check-online-hint = Only operators who are online in the console are offered the conversation; those who are away or signed out are skipped.
queue-idle-out-of-range = The idle time must be between 1 minute and 12 hours (1 to { $max } minutes).
queue-idle-not-a-number = Enter the idle time as a number of minutes, from 1 to { $max }.

## Workload

queue-workload = Workload
queue-capacity-on = Limit simultaneous conversations per operator
queue-capacity-on-hint = An operator who reaches the limit is offered no new conversation until one of theirs stops counting.
queue-capacity-max = Most conversations at once, per operator
queue-capacity-range = From 1 to { $max }.
queue-capacity-out-of-range = The limit must be between 1 and { $max } conversations.
queue-capacity-not-a-number = Enter the limit as a whole number from 1 to { $max }.
queue-not-counted = Not counted toward the limit
queue-not-counted-answered = Answered
queue-not-counted-answered-hint = A conversation is not counted once the operator has answered at least once. Closed and awaiting-rating conversations are not counted either.
queue-not-counted-awaiting-client = Awaiting the user's reaction
queue-not-counted-awaiting-client-hint = A conversation is not counted while the operator has answered and the client has not replied yet. Closed and awaiting-rating conversations are not counted either.
queue-not-counted-closed = Closed
queue-not-counted-closed-hint = Only closed and awaiting-rating conversations are not counted.

## The queue's people and departments

queue-list = The queue
queue-list-hint = People and departments, in order; a department stands for its current members. With “Strictly in queue order”, the first in the list is asked first.
queue-empty = The queue is empty: no one is offered this channel's conversations.
queue-add = Add to the queue
queue-add-choose = Choose a person or a department
queue-add-people = People
queue-add-departments = Departments
queue-add-button = Add
queue-add-none = Choose a person or a department to add.
queue-entry-up = Up
queue-entry-up-label = Move { $name } up
queue-entry-down = Down
queue-entry-down-label = Move { $name } down
queue-entry-remove = Remove
queue-entry-remove-label = Remove { $name } from the queue
queue-entry-deactivated = { $name } (deactivated)
queue-entry-unknown-person = Unknown person ({ $id })
queue-entry-unknown-department = Unknown department ({ $id })
queue-department = Department: { $name } ({ $count } { $count ->
    [one] member
   *[other] members
})
queue-problem-inactive = { $name } is not an active person: remove them from the queue.
queue-problem-no-department = The department { $id } no longer exists: remove it from the queue.
queue-problem-twice = { $name } is in the queue twice: remove one.

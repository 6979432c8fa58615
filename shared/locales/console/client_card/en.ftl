# A client's CRM card: beside a conversation, and on the Clients page.

card-someone = an operator not listed here
card-contacts-none = None
card-nobody = Nobody yet
card-lead-by = Lead from { $source }, made by { $name }
card-lead-auto = Lead from { $source }, made automatically
card-conversations = { $count ->
    [one] { $count } conversation
   *[other] { $count } conversations
}
card-other-channel = another channel
card-unnamed = Unnamed client
card-lead-unreachable = There is no way to reach this client again: ask for their email, or wait for them to write from a messenger.
card-lead-exists = This client is already a lead.
card-lead-impossible = A lead cannot be made of this client.
card-lead-made-mine = Lead created. You are responsible for this client.
card-lead-made-theirs = Lead created. { $name } stays responsible.
card-lead-made = Lead created.
card-title = Client
card-refresh-label = Refresh the client's card
card-refresh = Refresh
card-loading = Loading the client's card…
card-none = No card yet: the CRM makes one when the client writes.
card-other-conversations = Other conversations
card-creating-lead = Creating lead…
card-create-lead = Create lead
card-not-lead = Not a lead
card-name = Name
card-unknown = Not known
card-emails = Emails
card-phones = Phones
card-responsible = Responsible
card-lead = Lead
card-read = Read
card-conversations-none = None.
card-source-live-chat = Live chat
card-lead-not-written = The client has not written yet.

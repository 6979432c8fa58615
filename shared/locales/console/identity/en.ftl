# A channel's identity verification (Other settings), and a secret shown once.

identity-title = Identity verification
identity-intro = Tell Canal who your signed-in users are: your server signs a token for each page with this channel's identity secret, and operators see the user's id, name and email, marked Verified. A token that is wrong or expired is ignored: the visitor stays anonymous, and the widget says why in the browser's console.
identity-howto = How to sign a user's token
identity-checking = Checking whether this channel has an identity secret…
identity-none = This channel has no identity secret: tokens are refused and every visitor is anonymous.
identity-since = This channel has an identity secret, made { $since }.
identity-secret-label = The channel's identity secret
identity-secret-note = Put it in your server's configuration now: it will not be shown again. Keep it on your server only: never in a page or in the browser.
identity-secret-done = I have kept it
identity-replace-question = Replace the identity secret?
identity-replace-warning = Tokens signed with the old secret stop working at once: until your site signs with the new one, its users chat as anonymous visitors.
identity-replace-confirm = Replace secret
identity-cancel = Cancel
identity-replace = Replace secret…
identity-create = Create secret
identity-replaced = Replaced the identity secret: tokens signed with the old one no longer work. Copy the new one now: it will not be shown again.
identity-created = Created the identity secret. Copy it now: it will not be shown again.
identity-example-intro = On a page where a user is signed in, give the widget a token:
identity-example-token =
    TOKEN is a JWT that your server makes for each page load, signed
    with HS256 and this channel's identity secret. Its claims:
identity-example-sub = your user's id, 1 to { $max } characters (required)
identity-example-name = their name, shown to operators (optional)
identity-example-email = their email (optional)
identity-example-exp = when the token expires, in seconds since 1970 (required, at most { $days } days ahead)
identity-example-library = Any JWT library signs it, e.g. in Node.js:
secret-copy = Copy
secret-copy-label = Copy: { $label }
secret-copied = Copied.
secret-not-copied = It could not be copied automatically: it is selected, press Ctrl+C (⌘C on a Mac).

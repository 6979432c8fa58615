# The composer's files (#21): attaching, their progress, why one failed.

uploads-attach = Attach
uploads-attach-title = Attach files (or drop them on the conversation, or paste a screenshot)
uploads-sending = Sending { $name }
uploads-remove = Remove
uploads-remove-label = Remove { $name }
uploads-retry = Try again
uploads-browser-failed = This browser could not send the file.
uploads-answer-not-understood = The server's answer was not understood: { $error }
uploads-connection-lost = The connection was lost.

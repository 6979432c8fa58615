# The list of keyboard shortcuts (#20).

shortcuts-title = Keyboard shortcuts
shortcuts-hint = They work when you are not typing in a field.
shortcuts-close = Close
shortcuts-next = Next conversation
shortcuts-previous = Previous conversation
shortcuts-accept = Accept the offered conversation
shortcuts-reply = Write a reply
shortcuts-note = Write a private note (again: back to a reply)
shortcuts-responses = Insert a predefined response
shortcuts-transfer = Transfer the conversation
shortcuts-close-conversation = Close the conversation (then Enter to confirm)
shortcuts-leave = Leave the reply box, so shortcuts work again
shortcuts-help = Show or hide this list

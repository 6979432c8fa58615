# What the admin forms share (console/src/view/form.rs).

form-no-channel = There is no channel yet.
form-channel = Channel
form-name-invalid = Enter a name of 1 to { $max } characters, on one line.
form-char-count = { $used } of { $limit } characters
form-char-count-over = { $used } of { $limit } characters: { $over } too many
form-save = Save
form-saved = Saved
form-saving = Saving…
form-unsaved = Unsaved changes
form-leave-unsaved = This page has changes that are not saved. Leave it and lose them?

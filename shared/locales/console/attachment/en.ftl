# A file a message carries, and the files of a conversation (#21).

attachment-open-picture = { $name } ({ $size }), open full size
attachment-from-client = { $size }, from the client
attachment-from-operator = { $size }, from an operator
attachment-files-title = Files of this conversation ({ $count })
attachment-files-none = None.

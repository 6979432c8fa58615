# Un archivo que lleva un mensaje, y los archivos de una conversación. Ver en.ftl.

attachment-open-picture = { $name } ({ $size }), abrir en tamaño completo
attachment-from-client = { $size }, del cliente
attachment-from-operator = { $size }, de un operador
attachment-files-title = Archivos de esta conversación ({ $count })
attachment-files-none = Ninguno.

# Um arquivo que uma mensagem leva, e os arquivos de uma conversa. Ver en.ftl.

attachment-open-picture = { $name } ({ $size }), abrir em tamanho real
attachment-from-client = { $size }, do cliente
attachment-from-operator = { $size }, de um operador
attachment-files-title = Arquivos desta conversa ({ $count })
attachment-files-none = Nenhum.

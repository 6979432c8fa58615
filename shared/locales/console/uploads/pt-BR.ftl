# Os arquivos do editor de resposta. Ver en.ftl.

uploads-attach = Anexar
uploads-attach-title = Anexar arquivos (ou solte-os na conversa, ou cole uma captura de tela)
uploads-sending = Enviando { $name }
uploads-remove = Remover
uploads-remove-label = Remover { $name }
uploads-retry = Tentar de novo
uploads-browser-failed = Este navegador não conseguiu enviar o arquivo.
uploads-answer-not-understood = A resposta do servidor não foi entendida: { $error }
uploads-connection-lost = A conexão foi perdida.

# A lista de atalhos de teclado. Ver en.ftl.

shortcuts-title = Atalhos de teclado
shortcuts-hint = Eles funcionam quando você não está digitando em um campo.
shortcuts-close = Fechar
shortcuts-next = Próxima conversa
shortcuts-previous = Conversa anterior
shortcuts-accept = Aceitar a conversa oferecida
shortcuts-reply = Escrever uma resposta
shortcuts-note = Escrever uma nota privada (de novo: volta à resposta)
shortcuts-responses = Inserir uma resposta predefinida
shortcuts-transfer = Transferir a conversa
shortcuts-close-conversation = Encerrar a conversa (depois Enter para confirmar)
shortcuts-leave = Sair da caixa de resposta, para os atalhos funcionarem de novo
shortcuts-help = Mostrar ou ocultar esta lista

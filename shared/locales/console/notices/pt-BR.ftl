# Avisos acima da lista de conversas. Ver en.ftl.

notices-title = Avisos
notices-open = Abrir conversa
notices-dismiss = Dispensar

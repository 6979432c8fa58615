# Avisos sobre la lista de conversaciones. Ver en.ftl.

notices-title = Avisos
notices-open = Abrir conversación
notices-dismiss = Descartar

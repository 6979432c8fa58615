# Todas las conversaciones. Ver en.ftl.

ledger-col-number = N.º
ledger-col-channel = Canal
ledger-col-client = Cliente
ledger-col-operator = Operador
ledger-col-status = Estado
ledger-col-started = Inicio
ledger-col-first = Primera respuesta
ledger-col-average = Media
ledger-col-longest = Máxima
ledger-col-total = Total
ledger-col-late = Respuestas tardías
ledger-col-answers = Respuestas
ledger-col-rating = Valoración
ledger-file-failed = El navegador no pudo generar el archivo.
ledger-title = Todas las conversaciones
ledger-intro = Todas las conversaciones de tus canales con los tiempos de respuesta de sus operadores. Los tiempos cuentan desde el mensaje del cliente hasta la respuesta del operador.
ledger-filters = Filtros
ledger-all-channels = Todos los canales
ledger-everyone = Todos
ledger-from = Desde
ledger-to = Hasta
ledger-any = Todas
ledger-late = Con una respuesta tardía
ledger-on-time = Todas a tiempo
ledger-export = Exportar CSV
ledger-download = Descargar conversations.csv
ledger-total = { $count ->
    [one] { $count } conversación
   *[other] { $count } conversaciones
}
ledger-columns-title = Elegir las columnas que se muestran
ledger-columns = Columnas
ledger-columns-legend = Columnas que se muestran
ledger-previous = Anterior
ledger-page = Página { $page }
ledger-next = Siguiente
ledger-rating-client = Cliente: { $verdict }
ledger-rating-supervisor = Supervisor: { $verdict }
ledger-open = Abrir
ledger-conversation = Conversación { $number }
ledger-search = Buscar
ledger-search-label = Un número de conversación, o palabras de sus mensajes
ledger-search-nothing = Nada tiene este número o estas palabras.
ledger-search-number = La conversación con este número:
ledger-search-hits = { $count ->
    [one] { $count } mensaje encontrado.
   *[other] { $count } mensajes encontrados (los más recientes primero).
}
ledger-side-system = Canal
ledger-search-conversation = Conversación

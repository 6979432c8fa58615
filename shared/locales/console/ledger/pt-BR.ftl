# Todas as conversas. Ver en.ftl.

ledger-col-number = Nº
ledger-col-channel = Canal
ledger-col-client = Cliente
ledger-col-operator = Operador
ledger-col-status = Situação
ledger-col-started = Início
ledger-col-first = Primeira resposta
ledger-col-average = Média
ledger-col-longest = Maior
ledger-col-total = Total
ledger-col-late = Respostas atrasadas
ledger-col-answers = Respostas
ledger-col-rating = Avaliação
ledger-file-failed = O navegador não conseguiu gerar o arquivo.
ledger-title = Todas as conversas
ledger-intro = Todas as conversas dos seus canais, com os tempos de resposta dos operadores. Os tempos contam da mensagem do cliente até a resposta do operador.
ledger-filters = Filtros
ledger-all-channels = Todos os canais
ledger-everyone = Todos
ledger-from = De
ledger-to = Até
ledger-any = Todas
ledger-late = Com resposta atrasada
ledger-on-time = Todas no prazo
ledger-export = Exportar CSV
ledger-download = Baixar conversations.csv
ledger-total = { $count ->
    [one] { $count } conversa
   *[other] { $count } conversas
}
ledger-columns-title = Escolher as colunas exibidas
ledger-columns = Colunas
ledger-columns-legend = Colunas exibidas
ledger-previous = Anterior
ledger-page = Página { $page }
ledger-next = Próxima
ledger-rating-client = Cliente: { $verdict }
ledger-rating-supervisor = Supervisor: { $verdict }
ledger-open = Abrir
ledger-conversation = Conversa { $number }
ledger-search = Buscar
ledger-search-label = Um número de conversa, ou palavras das mensagens
ledger-search-nothing = Nada tem este número ou estas palavras.
ledger-search-number = A conversa com este número:
ledger-search-hits = { $count ->
    [one] { $count } mensagem encontrada.
   *[other] { $count } mensagens encontradas (as mais recentes primeiro).
}
ledger-side-system = Canal
ledger-search-conversation = Conversa

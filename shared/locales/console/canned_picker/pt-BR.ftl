# As respostas predefinidas na caixa de resposta. Ver en.ftl.

picker-open-title = Inserir uma resposta predefinida (ou digite / e o atalho dela)
picker-open = Respostas
picker-panel = Respostas predefinidas
picker-hint = ↑ ↓ para escolher, Enter para inserir, Esc para fechar
picker-search = Buscar respostas
picker-close = Fechar
picker-count = { $count ->
    [0] Nenhuma resposta encontrada.
    [one] { $count } resposta.
   *[other] { $count } respostas.
}
picker-none = Este canal não tem respostas predefinidas. Um administrador escolhe a lista dele nas configurações do canal.
picker-no-match = Nenhuma resposta corresponde a esta busca.

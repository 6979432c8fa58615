# A página Clientes. Ver en.ftl.

clients-title = Clientes
clients-intro = Todos que escreveram para um canal, um cartão por pessoa: um cliente que escreve de novo com o mesmo e-mail, telefone, conta de mensageiro ou usuário conectado é reconhecido, e as conversas dele são reunidas no cartão.
clients-load-more = Carregar mais
clients-lead-none = Não
clients-open-label = Abrir o cartão de { $name }
clients-col-name = Nome
clients-col-emails = E-mails
clients-col-phones = Telefones
clients-col-responsible = Responsável
clients-col-lead = Lead
clients-col-conversations = Conversas
clients-col-changed = Última alteração
clients-close = Fechar
clients-cards = Cartões de clientes
clients-search-label = Buscar por nome, e-mail ou telefone
clients-search = Buscar
clients-loading = Carregando os clientes…
clients-merge-open = Mesclar neste cartão…
clients-merge-title = Mesclar outro cartão em “{ $name }”
clients-merge-hint = Encontre o outro cartão da mesma pessoa e escolha-o: nada muda até você confirmar.
clients-merge-find = Encontrar o outro cartão
clients-cancel = Cancelar
clients-merge-question = Mesclar “{ $from }” em “{ $name }”?
clients-merging = Mesclando…
clients-merge = Mesclar
clients-merge-looking = Procurando cartões…
clients-merge-none = Nenhum outro cartão encontrado.
clients-choose-label = Escolher { $name }
clients-choose = Escolher
clients-contacts-move = Os contatos dele e as contas pelas quais é reconhecido passam para “{ $name }”: quem escrever com eles será reconhecido como “{ $name }”.
clients-contacts-move-listed = Os contatos dele ({ $contacts }) e as contas pelas quais é reconhecido passam para “{ $name }”: quem escrever com eles será reconhecido como “{ $name }”.
clients-conversations-move = { $moved ->
    [one] A conversa dele passa para “{ $name }”, que fica com { $total }.
   *[other] As { $moved } conversas dele passam para “{ $name }”, que fica com { $total }.
}
clients-keeps = “{ $name }” mantém o próprio nome, responsável e lead; os de “{ $from }” só preenchem o que faltar.
clients-disappears = “{ $from }” sai da lista. Isso não pode ser desfeito.
clients-merged = “{ $from }” foi mesclado em “{ $name }”, que agora tem { $total }.
clients-count = { $count ->
    [one] { $count } cartão, da alteração mais recente para a mais antiga.
   *[other] { $count } cartões, da alteração mais recente para a mais antiga.
}
clients-count-more = { $count ->
    [one] { $count } cartão (há mais abaixo), da alteração mais recente para a mais antiga.
   *[other] { $count } cartões (há mais abaixo), da alteração mais recente para a mais antiga.
}
clients-count-search = { $count ->
    [one] { $count } cartão com “{ $search }”, da alteração mais recente para a mais antiga.
   *[other] { $count } cartões com “{ $search }”, da alteração mais recente para a mais antiga.
}
clients-count-search-more = { $count ->
    [one] { $count } cartão com “{ $search }” (há mais abaixo), da alteração mais recente para a mais antiga.
   *[other] { $count } cartões com “{ $search }” (há mais abaixo), da alteração mais recente para a mais antiga.
}
clients-empty = Nenhum cliente ainda: um cartão é criado quando um cliente escreve pela primeira vez.
clients-empty-search = Nenhum cartão com “{ $search }”.

# A página Fila de um canal (console/src/view/queue.rs). Ver en.ftl.

queue-title = Fila
queue-intro-one = Quem recebe as conversas de { $channel }, e como.
queue-loading = Carregando a fila…

## Distribuição

queue-distribution = Distribuição
queue-distribution-hint = Como uma nova conversa é distribuída entre os operadores da fila.
queue-mode-evenly = Uniformemente
queue-mode-evenly-hint = A ordem não importa: cada nova conversa vai para o operador com menos conversas, para que todos tenham uma carga de trabalho semelhante.
queue-mode-strict = Exatamente como na fila
queue-mode-strict-hint = A conversa é oferecida ao primeiro operador disponível da lista; se ele não responder a tempo, ao próximo.
queue-mode-to-all = Para todos
queue-mode-to-all-hint = A conversa é oferecida a todos da fila ao mesmo tempo; quem a aceitar primeiro fica com ela.

## Encaminhamento

queue-forwarding = Encaminhamento
queue-idle = Tempo ocioso antes de encaminhar, em minutos
queue-idle-hint = Quanto tempo um operador tem para aceitar uma nova conversa antes que ela vá para o próximo operador: de 1 minuto a 12 horas (720 minutos). Não se aplica a “Para todos”, em que a conversa é oferecida a todos ao mesmo tempo.
queue-check-online = Verificar se o operador está on-line antes de encaminhar
queue-check-online-hint = A conversa só é oferecida aos operadores on-line no console; os ausentes ou desconectados são pulados.
queue-idle-out-of-range = O tempo ocioso deve ficar entre 1 minuto e 12 horas (de 1 a { $max } minutos).
queue-idle-not-a-number = Informe o tempo ocioso em minutos, de 1 a { $max }.

## Carga de trabalho

queue-workload = Carga de trabalho
queue-capacity-on = Limitar conversas simultâneas por operador
queue-capacity-on-hint = Um operador que atinge o limite não recebe novas conversas até que uma das suas deixe de contar.
queue-capacity-max = Máximo de conversas ao mesmo tempo, por operador
queue-capacity-range = De 1 a { $max }.
queue-capacity-out-of-range = O limite deve ficar entre 1 e { $max } conversas.
queue-capacity-not-a-number = Informe o limite como um número inteiro de 1 a { $max }.
queue-not-counted = Não contam para o limite
queue-not-counted-answered = Respondidas
queue-not-counted-answered-hint = Uma conversa deixa de contar depois que o operador respondeu pelo menos uma vez. Conversas encerradas e aguardando avaliação também não contam.
queue-not-counted-awaiting-client = Aguardando reação do usuário
queue-not-counted-awaiting-client-hint = Uma conversa não conta enquanto o operador já respondeu e o cliente ainda não. Conversas encerradas e aguardando avaliação também não contam.
queue-not-counted-closed = Encerradas
queue-not-counted-closed-hint = Só as conversas encerradas e aguardando avaliação não contam.

## As pessoas e os departamentos da fila

queue-list = A fila
queue-list-hint = Pessoas e departamentos, em ordem; um departamento representa seus membros atuais. Com “Exatamente como na fila”, o primeiro da lista é consultado primeiro.
queue-empty = A fila está vazia: as conversas deste canal não são oferecidas a ninguém.
queue-add = Adicionar à fila
queue-add-choose = Escolha uma pessoa ou um departamento
queue-add-people = Pessoas
queue-add-departments = Departamentos
queue-add-button = Adicionar
queue-add-none = Escolha uma pessoa ou um departamento para adicionar.
queue-entry-up = Subir
queue-entry-up-label = Mover { $name } para cima
queue-entry-down = Descer
queue-entry-down-label = Mover { $name } para baixo
queue-entry-remove = Remover
queue-entry-remove-label = Remover { $name } da fila
queue-entry-deactivated = { $name } (desativado)
queue-entry-unknown-person = Pessoa desconhecida ({ $id })
queue-entry-unknown-department = Departamento desconhecido ({ $id })
queue-department = Departamento: { $name } ({ $count } { $count ->
    [one] membro
   *[other] membros
})
queue-problem-inactive = { $name } não é uma pessoa ativa: remova-a da fila.
queue-problem-no-department = O departamento { $id } não existe mais: remova-o da fila.
queue-problem-twice = { $name } está duas vezes na fila: remova uma.

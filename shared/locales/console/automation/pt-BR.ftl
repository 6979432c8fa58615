# As ações automáticas de um canal (console/src/view/automation.rs). Ver en.ftl.

automation-title = Ações automáticas
automation-intro-one = O que { $channel } faz sozinho enquanto o cliente espera.
automation-loading = Carregando as ações automáticas…

## Saudação

automation-greeting = Saudação
automation-greeting-hint = Enviada logo após a primeira mensagem do cliente.
automation-greeting-on = Enviar uma saudação
automation-greeting-on-hint = O cliente sabe na hora que a mensagem chegou.
automation-greeting-text = Texto da saudação
automation-greeting-text-hint = Deixe vazio para enviar o texto padrão, no idioma do visitante (a caixa mostra o texto no seu idioma). Mantido quando a saudação está desativada.

## Fora do horário

automation-ooh = Fora do horário de expediente
automation-ooh-hint = Enviada quando um cliente escreve fora das horas trabalhadas, ou quando não há nenhum operador on-line.
automation-ooh-on = Enviar uma resposta fora do horário
automation-ooh-on-hint = O cliente fica sabendo que ninguém pode responder agora; a conversa aguarda na fila.
automation-ooh-text = Resposta fora do horário
automation-ooh-text-hint = Deixe vazio para enviar o texto padrão mostrado na caixa. Mantida quando a resposta está desativada.

## Sem resposta

automation-noanswer = Sem resposta
automation-noanswer-hint = O que acontece quando nenhum operador aceitou a conversa dentro do tempo definido.
automation-noanswer-nothing = Não fazer nada
automation-noanswer-nothing-hint = A conversa aguarda na fila sem nenhuma mensagem.
automation-noanswer-reply = Enviar uma resposta e manter a conversa na fila
automation-noanswer-reply-hint = O cliente fica sabendo que ainda está aguardando; o primeiro operador livre aceita a conversa.
automation-noanswer-minutes = Tempo antes da resposta, em minutos
automation-noanswer-minutes-hint = Contado a partir da primeira mensagem do cliente: de 1 minuto a 24 horas ({ $max } minutos).
automation-noanswer-text = Texto da resposta automática
automation-noanswer-text-hint = Deixe vazio para enviar o texto padrão mostrado na caixa.
automation-noanswer-not-a-number = Informe o tempo antes da resposta automática em minutos, de { $min } a { $max }.

## Tempo limite da conversa

automation-timeout = Tempo limite da conversa
automation-timeout-hint = Encerra a conversa quando o cliente não respondeu à mensagem do operador dentro do tempo definido.
automation-timeout-off = Desativado
automation-timeout-off-hint = A conversa fica aberta até que um operador a encerre.
automation-timeout-close-text = Enviar este texto e encerrar
automation-timeout-close-text-hint = O cliente lê o texto abaixo e, em seguida, a conversa é encerrada.
automation-timeout-close = Encerrar sem nenhuma ação
automation-timeout-close-hint = A conversa é encerrada sem mensagem.
automation-timeout-minutes = Tempo sem resposta, em minutos
automation-timeout-minutes-hint = Contado a partir da última mensagem do operador: de 1 minuto a 24 horas ({ $max } minutos).
automation-timeout-text = Texto enviado antes de encerrar
automation-timeout-text-hint = Obrigatório com “Enviar este texto e encerrar”.
automation-timeout-not-a-number = Informe o tempo limite da conversa em minutos, de { $min } a { $max }.
automation-timeout-no-text = Informe o texto a enviar antes de encerrar, ou escolha “Encerrar sem nenhuma ação”.

## Avaliação

automation-rating = Avaliação
automation-rating-hint = Depois que um operador encerra a conversa, o cliente ainda pode avaliá-la.
automation-rating-minutes = Espera pela avaliação, em minutos
automation-rating-minutes-hint = De 0 a { $max } minutos. Com 0, a sessão é encerrada na hora; uma avaliação que chegar depois ainda é vinculada à conversa.
automation-rating-not-a-number = Informe a espera pela avaliação em minutos, de 0 a { $max }.
automation-close-on-rating = Fechar a sessão quando a avaliação do cliente for recebida
automation-close-on-rating-hint = Caso contrário, a sessão fica aberta até o fim da espera.

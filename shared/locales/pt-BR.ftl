# Textos do Canal para visitantes, em português do Brasil (veja en.ftl).

## O botão na página do site

frame-title = Chat

## O cabeçalho do painel

chat-title = Chat
close-chat = Fechar o chat
operator-answers = { $name } está atendendo você
operator-position = { $name }, { $position }
conn-connecting = Conectando…
conn-open = Conectado
conn-reconnecting = Reconectando…

## Mensagens e o campo de texto

messages-label = Mensagens
delivery-sending = Enviando…
delivery-sent = Enviada
delivery-seen = Vista
operator-typing = { $name } está digitando…
someone-typing = O atendente está digitando…
composer-label = Sua mensagem
composer-placeholder = Escreva uma mensagem…
send = Enviar
chars-left = { $count ->
    [0] Nenhum caractere restante
    [one] Resta { $count } caractere
   *[other] Restam { $count } caracteres
}

## O que acontece, dito na conversa (#20)

event-transferred = { $name } atende você agora
event-transferred-hidden = Outro atendente atende você agora
event-closed = A conversa foi encerrada
event-reopened = A conversa foi reaberta
event-handed-over = Estamos passando você para um atendente

## Encerramento e avaliação

closed-notice = A conversa foi encerrada. Escreva de novo quando quiser.
rate-question = Como foi esta conversa?
rate-like = Gostei
rate-dislike = Não gostei
rate-comment-label = Seu comentário (opcional)
rate-comment-placeholder = Algo a acrescentar? (opcional)
rate-thanks = Obrigado pela sua avaliação!

## O histórico por email (R-CH-7)

history-title = Receber esta conversa por email
history-email = Seu email
history-send = Enviar para mim
history-sending = Enviando…
history-sent = Enviado! Confira sua caixa de entrada.
history-too-often = Você já pediu várias vezes: tente de novo daqui a uma hora.
history-unavailable = Este site não envia emails.
history-failed = Não foi possível enviar o email. Tente de novo em alguns minutos.

## Aviso sobre dados pessoais

consent-title = Antes de conversarmos
consent-accept = Aceitar e conversar
consent-decline = Recusar
consent-declined = Você recusou o aviso, então o chat não pode começar. Nada foi enviado.
consent-review = Ler o aviso de novo
consent-changed = O aviso mudou desde que você o leu: leia-o de novo, por favor.

## Fora do horário de atendimento

offline-title = Estamos fora do horário agora
offline-intro = Deixe seu e-mail e uma mensagem: responderemos por e-mail assim que voltarmos.
offline-email = Seu e-mail
offline-message = Sua mensagem
offline-send = Enviar mensagem
offline-sent = Obrigado! Recebemos sua mensagem e responderemos por e-mail.
offline-email-invalid = Informe um endereço de e-mail como nome@exemplo.com.
offline-message-empty = Escreva sua mensagem.

## Erros

error-no-channel = Este chat não está configurado: a página não informou o canal.
error-bad-channel = Este chat não está configurado: o identificador do canal não é válido.
error-unreachable = Não foi possível acessar o serviço de chat. Tentando de novo…
error-bad-answer = O serviço de chat deu uma resposta que este widget não entende.
error-failed = O serviço de chat falhou (HTTP { $status }).
error-retrying = Tentando de novo…
error-consent = Aceite o aviso sobre dados pessoais antes de escrever.
error-too-long = A mensagem é longa demais: escreva no máximo { $max } caracteres.
error-refused = O serviço de chat recusou isto: { $reason }
error-too-fast = { $seconds ->
    [one] Você está escrevendo mais rápido do que o chat aceita; as próximas mensagens saem em { $seconds } segundo.
   *[other] Você está escrevendo mais rápido do que o chat aceita; as próximas mensagens saem em { $seconds } segundos.
}

## Arquivos que o visitante envia (#21)

file-attach = Anexar arquivos
file-remove = Remover { $name }
file-too-large = { $name } não foi enviado: é maior que o limite de { $limit }.
file-not-allowed = { $name } não foi enviado: este tipo de arquivo não é aceito. Aceitos: { $allowed }.
file-empty = { $name } não foi enviado: o arquivo está vazio.
file-bad-name = { $name } não foi enviado: renomeie-o sem barras nem caracteres de controle e anexe-o de novo.
file-too-many = { $name } não foi enviado: você está enviando arquivos mais rápido do que o chat aceita. Espere um minuto e anexe-o de novo.
file-refused = { $name } não foi enviado: { $reason }
file-kind-image = imagens
file-kind-pdf = PDF
file-kind-text = texto simples
file-kind-csv = CSV
file-kind-office = documentos de escritório

## Mensagens automáticas do canal (padrão, quando o administrador não definiu um texto)

## O bot de perguntas frequentes (R-BOT-1)


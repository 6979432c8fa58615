# Os emails que o Canal envia (veja en.ftl).

## O histórico da conversa

history-subject = Sua conversa com { $channel }
history-greeting = Olá,
history-intro = Aqui está a sua conversa com { $channel }, como você pediu.
history-you = Você
history-times = Horários em { $zone }.
history-cut = A conversa é mais longa do que cabe em um email: { $count ->
    [one] a mensagem mais antiga ficou
   *[other] as { $count } mensagens mais antigas ficaram
} de fora.
history-file = Arquivo { $name } ({ $size }): { $link } (o link funciona até { $until })
history-closing = Obrigado por falar com a gente.

## O aviso de resposta atrasada

late-subject = Um cliente está esperando resposta
late-open = Abra a conversa: { $link }

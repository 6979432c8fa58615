# The server's and the loader's texts (see en.ftl).

## The launcher on the host page

launcher-open = Abrir o chat
launcher-close = Fechar o chat
launcher-unread = Mensagens não lidas: { $count }

## The channel's automatic messages (the defaults, when an admin set no text)

auto-greeting = Olá! Obrigado por escrever. Um atendente falará com você em instantes.
auto-no-answer = Desculpe a espera: todos os nossos atendentes estão ocupados. Fique por aqui, responderemos assim que possível.
auto-out-of-hours = Estamos fora do horário de atendimento agora. Deixe sua mensagem e responderemos quando voltarmos.

## The built-in FAQ bot (R-BOT-1)

bot-handover = Um momento: vou passar você para um atendente.
bot-not-found = Não encontrei uma resposta para isso. Um atendente vai ajudar você em instantes.
bot-ask = Diga o que você gostaria de saber, ou escreva "atendente" para falar com uma pessoa.
bot-more = Mais alguma coisa? Escreva "atendente" para falar com uma pessoa.

# The server's and the loader's texts (see en.ftl).

## The launcher on the host page

launcher-open = Abrir el chat
launcher-close = Cerrar el chat
launcher-unread = Mensajes sin leer: { $count }

## The channel's automatic messages (the defaults, when an admin set no text)

auto-greeting = ¡Hola! Gracias por escribir. Un agente te atenderá enseguida.
auto-no-answer = Perdona la espera: todos nuestros agentes están ocupados. Quédate aquí, te responderemos lo antes posible.
auto-out-of-hours = Ahora no estamos disponibles. Deja tu mensaje y te responderemos cuando volvamos.

## The built-in FAQ bot (R-BOT-1)

bot-handover = Un momento: te paso con una persona.
bot-not-found = No encontré una respuesta a eso. Una persona te ayudará enseguida.
bot-ask = Dime qué te gustaría saber, o escribe "persona" para hablar con alguien.
bot-more = ¿Algo más? Escribe "persona" para hablar con alguien.

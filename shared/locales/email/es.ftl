# Los emails que envía Canal (véase en.ftl).

## El historial de la conversación

history-subject = Tu conversación con { $channel }
history-greeting = Hola:
history-intro = Aquí tienes tu conversación con { $channel }, como pediste.
history-you = Tú
history-times = Horas en { $zone }.
history-cut = La conversación es más larga de lo que cabe en un email: { $count ->
    [one] el mensaje más antiguo quedó
   *[other] los { $count } mensajes más antiguos quedaron
} fuera.
history-file = Archivo { $name } ({ $size }): { $link } (el enlace funciona hasta { $until })
history-closing = Gracias por escribirnos.

## El aviso de respuesta atrasada

late-subject = Un cliente está esperando respuesta
late-open = Abre la conversación: { $link }

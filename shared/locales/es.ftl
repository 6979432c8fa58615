# Textos de Canal para visitantes, en español (ver en.ftl).

## El botón en la página del sitio

frame-title = Chat

## La cabecera del panel

chat-title = Chat
close-chat = Cerrar el chat
operator-answers = { $name } te atiende
operator-position = { $name }, { $position }
conn-connecting = Conectando…
conn-open = Conectado
conn-reconnecting = Reconectando…

## Mensajes y el campo de texto

messages-label = Mensajes
delivery-sending = Enviando…
delivery-sent = Enviado
delivery-seen = Visto
operator-typing = { $name } está escribiendo…
someone-typing = El agente está escribiendo…
composer-label = Tu mensaje
composer-placeholder = Escribe un mensaje…
send = Enviar
chars-left = { $count ->
    [0] No quedan caracteres
    [one] Queda { $count } carácter
   *[other] Quedan { $count } caracteres
}

## Lo que pasa, dicho en la conversación (#20)

event-transferred = { $name } te atiende ahora
event-transferred-hidden = Otro agente te atiende ahora
event-closed = La conversación se cerró
event-reopened = La conversación se abrió de nuevo
event-handed-over = Te estamos pasando con un agente

## Cierre y valoración

closed-notice = La conversación se cerró. Escribe de nuevo cuando quieras.
rate-question = ¿Qué tal fue esta conversación?
rate-like = Me gustó
rate-dislike = No me gustó
rate-comment-label = Tu comentario (opcional)
rate-comment-placeholder = ¿Algo que añadir? (opcional)
rate-thanks = ¡Gracias por tu opinión!

## El historial por email (R-CH-7)

history-title = Recibir esta conversación por email
history-email = Tu email
history-send = Enviármela
history-sending = Enviando…
history-sent = ¡Enviado! Revisa tu bandeja de entrada.
history-too-often = Ya lo pediste varias veces: inténtalo de nuevo en una hora.
history-unavailable = Este sitio no envía emails.
history-failed = No se pudo enviar el email. Inténtalo de nuevo en unos minutos.

## Aviso sobre datos personales

consent-title = Antes de conversar
consent-accept = Aceptar y conversar
consent-decline = Rechazar
consent-declined = Rechazaste el aviso, así que el chat no puede empezar. No se envió nada.
consent-review = Leer el aviso de nuevo
consent-changed = El aviso cambió desde que lo leíste: léelo de nuevo, por favor.

## Fuera del horario de atención

offline-title = Ahora no estamos disponibles
offline-intro = Déjanos tu correo y un mensaje: te responderemos por correo en cuanto volvamos.
offline-email = Tu correo electrónico
offline-message = Tu mensaje
offline-send = Enviar mensaje
offline-sent = ¡Gracias! Recibimos tu mensaje y te responderemos por correo.
offline-email-invalid = Escribe una dirección de correo como nombre@ejemplo.com.
offline-message-empty = Escribe tu mensaje.

## Errores

error-no-channel = Este chat no está configurado: la página no indicó el canal.
error-bad-channel = Este chat no está configurado: el identificador del canal no es válido.
error-unreachable = No se puede conectar con el servicio de chat. Reintentando…
error-bad-answer = El servicio de chat dio una respuesta que este widget no entiende.
error-failed = El servicio de chat falló (HTTP { $status }).
error-retrying = Reintentando…
error-consent = Acepta el aviso sobre datos personales antes de escribir.
error-too-long = El mensaje es demasiado largo: escribe como máximo { $max } caracteres.
error-refused = El servicio de chat rechazó esto: { $reason }
error-too-fast = { $seconds ->
    [one] Escribes más rápido de lo que el chat acepta; los siguientes mensajes salen en { $seconds } segundo.
   *[other] Escribes más rápido de lo que el chat acepta; los siguientes mensajes salen en { $seconds } segundos.
}

## Archivos que envía el visitante (#21)

file-attach = Adjuntar archivos
file-remove = Quitar { $name }
file-too-large = { $name } no se envió: es mayor que el límite de { $limit }.
file-not-allowed = { $name } no se envió: este tipo de archivo no se acepta. Se aceptan: { $allowed }.
file-empty = { $name } no se envió: el archivo está vacío.
file-bad-name = { $name } no se envió: cámbiale el nombre sin barras ni caracteres de control y adjúntalo de nuevo.
file-too-many = { $name } no se envió: envías archivos más rápido de lo que el chat acepta. Espera un minuto y adjúntalo de nuevo.
file-refused = { $name } no se envió: { $reason }
file-kind-image = imágenes
file-kind-pdf = PDF
file-kind-text = texto sin formato
file-kind-csv = CSV
file-kind-office = documentos de oficina

## Mensajes automáticos del canal (por defecto, si el administrador no puso un texto)

## El bot de preguntas frecuentes (R-BOT-1)


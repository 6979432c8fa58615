# Los archivos del editor de respuesta. Ver en.ftl.

uploads-attach = Adjuntar
uploads-attach-title = Adjuntar archivos (o suéltelos en la conversación, o pegue una captura de pantalla)
uploads-sending = Enviando { $name }
uploads-remove = Quitar
uploads-remove-label = Quitar { $name }
uploads-retry = Intentar de nuevo
uploads-browser-failed = Este navegador no pudo enviar el archivo.
uploads-answer-not-understood = No se entendió la respuesta del servidor: { $error }
uploads-connection-lost = Se perdió la conexión.

# Cuando una llamada falla. Ver en.ftl.

errors-network = No se pudo contactar con el servidor. Comprueba la conexión e inténtalo de nuevo.
errors-not-understood = No se entendió la respuesta del servidor. Inténtalo de nuevo.
errors-status = El servidor respondió { $status }. Inténtalo de nuevo.
errors-unwritten = No se pudo preparar la solicitud. Inténtalo de nuevo.
errors-bad-frame = El servidor no entendió la solicitud. Recarga la página e inténtalo de nuevo.
errors-invalid = El servidor rechazó un valor: revisa los campos e inténtalo de nuevo.
errors-too-large = Esto supera el tamaño permitido.
errors-forbidden = No tienes permiso para hacer esto.
errors-unauthorized = Tu sesión ha terminado: vuelve a iniciar sesión.
errors-not-found = Esto ya no existe: puede que se haya eliminado.
errors-conflict = Alguien se adelantó, o esto ya existe. Recarga e inténtalo de nuevo.
errors-consent-required = El visitante todavía no ha aceptado el aviso de datos personales.
errors-channel-disabled = El canal está desactivado: nadie puede responder hasta que un administrador lo vuelva a activar.
errors-too-many = Demasiados intentos: espera un momento e inténtalo de nuevo.
errors-internal = Algo salió mal en el servidor. Inténtalo de nuevo.
errors-closed = Esta conversación está cerrada: se reabre cuando el visitante escriba.
errors-already-rated = El visitante ya valoró esta conversación.
errors-unsupported-type = No se pueden enviar archivos de este tipo.
login-wrong = Correo o contraseña incorrectos.

## Por qué no se puede guardar un ajuste. Ver en.ftl.

errors-name = Escribe un nombre de 1 a { $max } caracteres, sin caracteres de control.
errors-position = El cargo tiene como máximo { $max } caracteres, en una línea.
errors-avatar = El avatar debe ser una dirección https:// de como máximo { $max } caracteres, sin espacios.
errors-twice = { $name } aparece dos veces: deja una.
errors-chat-title = El título del chat tiene como máximo 80 caracteres, en una línea; déjalo vacío para mostrar el nombre del canal.
errors-url = La dirección debe empezar por https:// (http:// solo para localhost), tener como máximo { $max } caracteres y no tener espacios.
errors-bot-name = El nombre del bot debe tener de 1 a { $max } caracteres de texto.
errors-bot-declined = { $name } declaró que no atiende canales abiertos; elige otro bot o ninguno.
errors-bot-status = El bot respondió HTTP { $status }; debe responder 200 con JSON.
errors-bot-answer = La respuesta del bot no es válida.
errors-bot-no-answer = El bot no respondió en la dirección indicada; revisa la URL y que el bot esté en marcha.
errors-bot-no-name = El bot no dijo su nombre; dale uno.
errors-bot-too-many = La cuenta ya tiene { $max } bots; elimina uno primero.
errors-bot-built-in = El bot de preguntas frecuentes viene incluido y no se puede eliminar.
errors-rating-wait = La espera de la valoración debe estar entre 0 y 60 minutos.
errors-zone = “{ $zone }” no es una zona horaria (usa un nombre como Europe/Madrid).
errors-time = “{ $time }” no es una hora del día (usa HH:MM, de 00:00 a 24:00).
errors-midnight = Un intervalo no puede empezar a las 24:00.
errors-holiday = { $day }/{ $month } no es un día del año.
errors-idle = El tiempo de espera antes de reenviar debe estar entre 1 minuto y 12 horas.
errors-capacity = El límite de conversaciones simultáneas debe estar entre 1 y { $max }.
errors-queue-too-long = Una cola tiene como máximo { $max } entradas.
errors-department-too-big = Un departamento tiene como máximo { $max } miembros.
errors-not-a-person = { $name } no es una persona activa.
errors-delay-no-answer = El tiempo antes de la respuesta de ausencia debe estar entre { $min } y 24 horas.
errors-delay-timeout = El tiempo para cerrar la conversación debe estar entre { $min } y 24 horas.
errors-part-greeting = El texto del saludo
errors-part-out-of-hours = El texto de la respuesta fuera de horario
errors-part-no-answer = El texto de la respuesta de ausencia
errors-part-timeout = El texto del mensaje de cierre
errors-part-text = { $part }: { $reason }

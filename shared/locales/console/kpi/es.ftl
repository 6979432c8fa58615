# La página de KPI del tiempo de respuesta (vea en.ftl).

kpi-title = KPI del tiempo de respuesta
kpi-intro = Cada mensaje del cliente inicia un reloj que la siguiente respuesta del operador detiene; varios mensajes antes de una respuesta cuentan desde el primero. Una respuesta después del límite está atrasada. La lista de conversaciones muestra el primer tiempo de respuesta, el promedio y el más largo de cada conversación.
kpi-loading = Cargando…
kpi-first-legend = Primera respuesta
kpi-first-hint = La primera respuesta del operador en una conversación.
kpi-next-legend = Respuestas siguientes
kpi-next-hint = Cada respuesta posterior al cliente.
kpi-what-counts = Qué cuenta
kpi-hours-only = Contar solo el horario laboral
kpi-hours-only-hint = Activado: solo cuenta el tiempo en que el canal está abierto (su horario laboral, en la configuración de este canal); un mensaje escrito de noche espera hasta la mañana. Desactivado: cuenta cada minuto, de día y de noche.
kpi-set-limit = Fijar un límite
kpi-minutes = Límite, en minutos
kpi-minutes-range = De 1 minuto a { $days ->
    [one] { $days } día
   *[other] { $days } días
}.
kpi-notify = Notificar si hay atraso
kpi-who = A quién se notifica
kpi-who-supervisor = El supervisor del operador responsable (jefe del departamento)
kpi-notice-text = Texto del aviso
kpi-notice-hint = #OPERATOR# se reemplaza por el nombre del operador responsable, #DIALOG# por la conversación (un enlace a ella en la consola). Déjelo vacío para usar el texto mostrado. El aviso aparece una vez en la consola de la persona, cuando se supera el límite.
kpi-first-minutes-invalid = Ingrese el límite de la primera respuesta en minutos, como 5 o 1.5.
kpi-next-minutes-invalid = Ingrese el límite de las respuestas siguientes en minutos, como 5 o 1.5.
kpi-first-who-invalid = Elija a quién se notifica cuando se supera el límite de la primera respuesta.
kpi-next-who-invalid = Elija a quién se notifica cuando se supera el límite de las respuestas siguientes.

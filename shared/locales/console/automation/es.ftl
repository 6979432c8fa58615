# Las acciones automáticas de un canal (console/src/view/automation.rs). Ver en.ftl.

automation-title = Acciones automáticas
automation-intro-one = Lo que hace { $channel } por sí solo mientras el cliente espera.
automation-loading = Cargando las acciones automáticas…

## Saludo

automation-greeting = Saludo
automation-greeting-hint = Se envía justo después del primer mensaje del cliente.
automation-greeting-on = Enviar un saludo
automation-greeting-on-hint = El cliente sabe enseguida que su mensaje llegó.
automation-greeting-text = Texto del saludo
automation-greeting-text-hint = Déjelo vacío para enviar el texto predeterminado, en el idioma del visitante (el cuadro lo muestra en su idioma). Se conserva cuando el saludo está desactivado.

## Fuera de horario

automation-ooh = Fuera de horario
automation-ooh-hint = Se envía cuando un cliente escribe fuera del horario de atención, o cuando no hay ningún operador en línea.
automation-ooh-on = Enviar una respuesta fuera de horario
automation-ooh-on-hint = El cliente se entera de que nadie puede responder ahora; la conversación espera en la cola.
automation-ooh-text = Respuesta fuera de horario
automation-ooh-text-hint = Déjelo vacío para enviar el texto predeterminado que muestra el cuadro. Se conserva cuando la respuesta está desactivada.

## Sin respuesta

automation-noanswer = Sin respuesta
automation-noanswer-hint = Lo que pasa cuando ningún operador tomó la conversación dentro del tiempo fijado.
automation-noanswer-nothing = No hacer nada
automation-noanswer-nothing-hint = La conversación espera en la cola sin ningún mensaje.
automation-noanswer-reply = Enviar una respuesta y mantener la conversación en la cola
automation-noanswer-reply-hint = Se le dice al cliente que sigue en espera; el primer operador libre toma la conversación.
automation-noanswer-minutes = Tiempo antes de la respuesta, en minutos
automation-noanswer-minutes-hint = Contado desde el primer mensaje del cliente: de 1 minuto a 24 horas ({ $max } minutos).
automation-noanswer-text = Texto de la respuesta
automation-noanswer-text-hint = Déjelo vacío para enviar el texto predeterminado que muestra el cuadro.
automation-noanswer-not-a-number = Ingrese el tiempo antes de la respuesta automática en minutos, de { $min } a { $max }.

## Tiempo de espera de la conversación

automation-timeout = Tiempo de espera de la conversación
automation-timeout-hint = Cierra la conversación cuando el cliente no respondió al mensaje del operador dentro del tiempo fijado.
automation-timeout-off = Desactivado
automation-timeout-off-hint = La conversación sigue abierta hasta que un operador la cierre.
automation-timeout-close-text = Enviar este texto y cerrar
automation-timeout-close-text-hint = El cliente lee el texto de abajo y luego la conversación se cierra.
automation-timeout-close = Cerrar sin ninguna acción
automation-timeout-close-hint = La conversación se cierra sin ningún mensaje.
automation-timeout-minutes = Tiempo sin respuesta, en minutos
automation-timeout-minutes-hint = Contado desde el último mensaje del operador: de 1 minuto a 24 horas ({ $max } minutos).
automation-timeout-text = Texto enviado antes de cerrar
automation-timeout-text-hint = Obligatorio con “Enviar este texto y cerrar”.
automation-timeout-not-a-number = Ingrese el tiempo de espera de la conversación en minutos, de { $min } a { $max }.
automation-timeout-no-text = Ingrese el texto que se enviará antes de cerrar, o elija “Cerrar sin ninguna acción”.

## Calificación

automation-rating = Calificación
automation-rating-hint = Después de que un operador cierra la conversación, el cliente todavía puede calificarla.
automation-rating-minutes = Espera de la calificación, en minutos
automation-rating-minutes-hint = De 0 a { $max } minutos. Con 0, la sesión se cierra enseguida; una calificación que llegue después se asocia igual a la conversación.
automation-rating-not-a-number = Ingrese la espera de la calificación en minutos, de 0 a { $max }.
automation-close-on-rating = Cerrar la sesión al recibir la calificación del cliente
automation-close-on-rating-hint = De lo contrario, la sesión sigue abierta hasta que termine la espera.

# La página Cola de un canal (console/src/view/queue.rs). Ver en.ftl.

queue-title = Cola
queue-intro-one = Quién recibe las conversaciones de { $channel }, y cómo.
queue-loading = Cargando la cola…

## Distribución

queue-distribution = Distribución
queue-distribution-hint = Cómo se reparte una conversación nueva entre los operadores de la cola.
queue-mode-evenly = Equitativamente
queue-mode-evenly-hint = El orden no importa: cada conversación nueva va al operador que tiene menos, para que todos tengan una carga de trabajo similar.
queue-mode-strict = Estrictamente en el orden de la cola
queue-mode-strict-hint = La conversación se ofrece al primer operador disponible de la lista; si no responde a tiempo, al siguiente.
queue-mode-to-all = A todos
queue-mode-to-all-hint = La conversación se ofrece a todos los de la cola a la vez; quien la tome primero se queda con ella.

## Reenvío

queue-forwarding = Reenvío
queue-idle = Tiempo de inactividad antes de reenviar, en minutos
queue-idle-hint = Cuánto tiempo tiene un operador para tomar una conversación nueva antes de que pase al siguiente operador: de 1 minuto a 12 horas (720 minutos). No se aplica a “A todos”, donde la conversación se ofrece a todos a la vez.
queue-check-online = Verificar si el operador está en línea antes de reenviar
queue-check-online-hint = Solo se ofrece la conversación a los operadores en línea en la consola; se omite a los ausentes o desconectados.
queue-idle-out-of-range = El tiempo de inactividad debe estar entre 1 minuto y 12 horas (de 1 a { $max } minutos).
queue-idle-not-a-number = Ingrese el tiempo de inactividad en minutos, de 1 a { $max }.

## Carga de trabajo

queue-workload = Carga de trabajo
queue-capacity-on = Limitar las conversaciones simultáneas por operador
queue-capacity-on-hint = Un operador que llega al límite no recibe conversaciones nuevas hasta que una de las suyas deje de contar.
queue-capacity-max = Máximo de conversaciones a la vez, por operador
queue-capacity-range = De 1 a { $max }.
queue-capacity-out-of-range = El límite debe estar entre 1 y { $max } conversaciones.
queue-capacity-not-a-number = Ingrese el límite como un número entero de 1 a { $max }.
queue-not-counted = No cuentan para el límite
queue-not-counted-answered = Respondidas
queue-not-counted-answered-hint = Una conversación deja de contar en cuanto el operador respondió al menos una vez. Las conversaciones cerradas y las que esperan calificación tampoco cuentan.
queue-not-counted-awaiting-client = Esperando la reacción del usuario
queue-not-counted-awaiting-client-hint = Una conversación no cuenta mientras el operador ya respondió y el cliente todavía no. Las conversaciones cerradas y las que esperan calificación tampoco cuentan.
queue-not-counted-closed = Cerradas
queue-not-counted-closed-hint = Solo no cuentan las conversaciones cerradas y las que esperan calificación.

## Las personas y los departamentos de la cola

queue-list = La cola
queue-list-hint = Personas y departamentos, en orden; un departamento representa a sus miembros actuales. Con “Estrictamente en el orden de la cola”, se consulta primero al primero de la lista.
queue-empty = La cola está vacía: las conversaciones de este canal no se ofrecen a nadie.
queue-add = Agregar a la cola
queue-add-choose = Elija una persona o un departamento
queue-add-people = Personas
queue-add-departments = Departamentos
queue-add-button = Agregar
queue-add-none = Elija una persona o un departamento para agregar.
queue-entry-up = Subir
queue-entry-up-label = Subir a { $name }
queue-entry-down = Bajar
queue-entry-down-label = Bajar a { $name }
queue-entry-remove = Quitar
queue-entry-remove-label = Quitar a { $name } de la cola
queue-entry-deactivated = { $name } (desactivado)
queue-entry-unknown-person = Persona desconocida ({ $id })
queue-entry-unknown-department = Departamento desconocido ({ $id })
queue-department = Departamento: { $name } ({ $count } { $count ->
    [one] miembro
   *[other] miembros
})
queue-problem-inactive = { $name } no es una persona activa: quítela de la cola.
queue-problem-no-department = El departamento { $id } ya no existe: quítelo de la cola.
queue-problem-twice = { $name } está dos veces en la cola: quite una.

# La ficha del cliente en el CRM. Ver en.ftl.

card-someone = un operador que no está en esta lista
card-contacts-none = Ninguno
card-nobody = Nadie todavía
card-lead-by = Lead de { $source }, creado por { $name }
card-lead-auto = Lead de { $source }, creado automáticamente
card-conversations = { $count ->
    [one] { $count } conversación
   *[other] { $count } conversaciones
}
card-other-channel = otro canal
card-unnamed = Cliente sin nombre
card-lead-unreachable = No hay forma de volver a contactar con este cliente: pídele su correo o espera a que escriba desde un mensajero.
card-lead-exists = Este cliente ya es un lead.
card-lead-impossible = No se puede crear un lead de este cliente.
card-lead-made-mine = Lead creado. Eres el responsable de este cliente.
card-lead-made-theirs = Lead creado. { $name } sigue siendo el responsable.
card-lead-made = Lead creado.
card-title = Cliente
card-refresh-label = Actualizar la ficha del cliente
card-refresh = Actualizar
card-loading = Cargando la ficha del cliente…
card-none = Todavía no hay ficha: el CRM crea una cuando el cliente escribe.
card-other-conversations = Otras conversaciones
card-creating-lead = Creando lead…
card-create-lead = Crear lead
card-not-lead = No es lead
card-name = Nombre
card-unknown = Desconocido
card-emails = Correos
card-phones = Teléfonos
card-responsible = Responsable
card-lead = Lead
card-read = Leer
card-conversations-none = Ninguna.
card-source-live-chat = Chat en vivo
card-lead-not-written = El cliente todavía no ha escrito.

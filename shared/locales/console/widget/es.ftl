# La página del widget (Configuración → un canal → Información del agente y
# widget). Ver en.ftl.

widget-title = Widget
widget-subtitle-one = Cómo se presenta el widget de { $channel } a los visitantes.
widget-loading = Cargando la configuración del widget…

## A quién ven responder los visitantes (R-A-1)

widget-who-legend = A quién ven responder los visitantes
widget-who-hint = Lo que el widget muestra del operador que responde.
widget-display-profile = El perfil propio del operador
widget-display-profile-hint = Su nombre, cargo y foto, tal como se definen en Configuración → Personas y departamentos.
widget-display-custom = Las entradas propias de este canal
widget-display-custom-hint = Un nombre, cargo y foto por operador, definidos abajo solo para este canal.
widget-display-hidden = Nadie
widget-display-hidden-hint = Los visitantes no ven nada sobre quién responde.
widget-cards-empty = Todavía no hay nadie en la cola de este canal: agregue personas en la sección Cola de este canal.
widget-cards-hint = Una entrada por operador de la cola de este canal. Deje vacíos todos los campos de un operador y los visitantes no verán nada sobre él.
widget-card-left = { $operator } (no está en la cola de este canal)
widget-card-kept = Esta entrada se conserva hasta que se vacíen sus campos.
widget-card-name = Nombre mostrado
widget-card-name-hint = Obligatorio para una entrada.
widget-card-position = Cargo
widget-card-position-hint = Opcional, como “Soporte”.
widget-card-avatar = Dirección del avatar
widget-card-avatar-hint = Opcional: la dirección https:// de una imagen.
widget-entry-problem = Entrada de { $operator }: { $problem }
widget-entries-hidden = { $problems } Elija “Las entradas propias de este canal” para verlo y corregirlo.

## Fuera del horario de atención (R-WH-3)

widget-ooh-legend = Fuera del horario de atención
widget-ooh-hint = Lo que el widget muestra mientras el canal está cerrado. El horario de atención se define en la sección Horario de atención de este canal.
widget-ooh-chat = Mantener el chat
widget-ooh-chat-hint = Los visitantes pueden seguir escribiendo; la respuesta fuera de horario les contesta.
widget-ooh-form = Mostrar un formulario para dejar un mensaje
widget-ooh-form-hint = Los visitantes dejan su correo electrónico y un mensaje; los operadores ven el correo en la conversación.
widget-ooh-hide = Ocultar el botón del chat
widget-ooh-hide-hint = El widget no se muestra hasta que el canal vuelva a abrir.

## El aviso sobre datos personales (R-C-1)

widget-notice-legend = Aviso sobre datos personales
widget-notice-hint = Un aviso que los visitantes aceptan antes de escribir. Cada aceptación se registra (quién, qué texto y versión, cuándo) y aparece en la sección Aviso sobre datos personales de este canal.
widget-consent-off = Sin aviso
widget-consent-off-hint = Los visitantes escriben de inmediato.
widget-consent-text = Uno de los textos de la cuenta
widget-consent-text-hint = Siempre en su versión más reciente. Los textos de la cuenta se escriben en Configuración → Avisos de datos personales.
widget-consent-text-label = Texto
widget-consent-choose = Elija un texto
widget-consent-option = { $name } (versión { $version })
widget-consent-gone = { $id } (ya no está en la cuenta)
widget-consent-no-texts = La cuenta todavía no tiene textos de consentimiento: agregue uno en Configuración → Avisos de datos personales.
widget-consent-pick = Elija uno de los textos de la cuenta u otro tipo de aviso.
widget-consent-own = El texto propio de este canal
widget-consent-own-hint = Se escribe aquí, solo para este canal. Guardar un texto modificado crea una nueva versión.
widget-consent-body = Texto del aviso
widget-consent-not-saved = Todavía no se guardó.
widget-consent-version = Versión { $version }.
widget-consent-version-changed = La versión { $version } está guardada; guardar este cambio crea una nueva versión.
widget-saved = Guardado.
widget-saved-version = Guardado. El aviso propio de este canal está en la versión { $version }.

## El título del chat (R-CH-4) y la escritura en tiempo real (R-RT-1)

widget-header-legend = Encabezado del chat
widget-chat-title = Título del chat
widget-chat-title-hint = Opcional: lo que el encabezado del chat muestra a los visitantes. Vacío: el nombre del canal.
widget-typing-legend = Escritura en tiempo real
widget-typing-label = Los operadores ven lo que escriben los visitantes antes de que lo envíen
widget-typing-hint = Desactivada: los operadores solo ven que el visitante está escribiendo, nunca el texto, y el widget no envía nada. Se aplica a las conversaciones que empiecen después de guardar.

# La página Canales y la sección Otras configuraciones de un canal. Ver en.ftl.

channels-title = Canales
channels-intro = Cada canal abierto es un chat propio, con su propia cola, configuración y conversaciones. Configure un canal para cambiar cualquiera de sus ajustes en una sola página.
channels-other-title = Otras configuraciones
channels-other-intro = El nombre del canal, si los operadores lo atienden, el idioma de sus correos, los sitios que lo muestran, su código de inserción, sus conectores y la verificación de identidad.
channels-loading = Cargando los canales…
channels-yours = Sus canales
channels-this = Este canal
channels-none = No hay ningún canal: cree uno para poner un chat en su sitio.
channels-this-deleted = Este canal fue eliminado.
channels-cancel = Cancelar

## Un canal nuevo, dentro del límite del plan (R-CH-2)

channels-new = Nuevo canal
channels-count = { $count } de { $limit } { $limit ->
    [one] canal
   *[other] canales
}
channels-limit = Su plan permite { $limit } y todos están en uso. Para crear otro, elimine uno o aumente el límite de la instalación (CANAL_CHANNEL_LIMIT).
channels-created = Se creó { $channel }. Agregue operadores a su cola en su configuración (Configurar) y luego ponga su código de inserción en su sitio.

## La tarjeta de un canal

channels-configure = Configurar
channels-configure-label = Configurar { $channel }
channels-on = Activo
channels-off = Inactivo
channels-created-at = Creado el

## Las columnas de la lista (#22)

channels-col-channel = Canal
channels-col-active = Activo
channels-col-connectors = Conectores
channels-col-online = Operadores en línea
channels-col-waiting = Conversaciones en espera
channels-col-actions = Configuración
channels-kind-live-chat = Chat en vivo
channels-kind-telegram = Telegram
channels-kind-webhook = Webhook
# Mientras se consultan los conectores y la cola de un canal.
channels-activity-unknown = …

## Cambiar el nombre (R-CH-4)

channels-rename = Cambiar nombre
channels-rename-label = Cambiar el nombre de { $channel }
channels-new-name = Nombre nuevo
channels-name-hint = De 1 a { $max } caracteres. Los operadores lo ven en sus listas; los visitantes lo ven en el encabezado del chat, salvo que la configuración del widget defina un título para el chat.
channels-name-invalid = Escriba un nombre de 1 a { $max } caracteres, en una línea.
channels-save-name = Guardar nombre
channels-renamed = El nombre ahora es { $channel }.

## Activar y desactivar (R-CH-5)

channels-active = Canal activo
channels-switch-hint = Activo: los operadores atienden sus conversaciones. Inactivo: su widget sigue funcionando y los mensajes de los clientes se conservan, pero nadie puede responder hasta que se vuelva a activar.
channels-switched-on = { $channel } está activado: los operadores pueden atender sus conversaciones.
channels-switched-off = { $channel } está desactivado: su widget sigue funcionando y los mensajes de los clientes se conservan, pero nadie puede responder hasta que se vuelva a activar.

## El idioma de los correos (R-CH-7)

channels-email-language = Idioma de los correos a los clientes
channels-email-language-hint = En él se escribe el historial de la conversación que un cliente pide por correo.
channels-language-default = el idioma de la instalación
channels-language-other = otro idioma
channels-email-language-done = Los correos a los clientes de { $channel } ahora están en { $language }.

## Los sitios que pueden insertar el chat (R-W-6)

channels-domains = Sitios que pueden insertar el chat
channels-domains-hint = Un dominio por línea; *.example.org permite sus subdominios. Vacío: cualquier sitio. Los demás sitios no reciben el botón del chat y los navegadores se niegan a mostrar el chat en ellos.
channels-domains-save = Guardar sitios
channels-domains-any = Cualquier sitio puede insertar el chat de { $channel }.
channels-domains-some = { $count ->
    [one] { $count } dominio puede insertar el chat de { $channel }.
   *[other] { $count } dominios pueden insertar el chat de { $channel }.
}

## El código de inserción

channels-embed = Código de inserción
channels-embed-hint = Péguelo antes de </body> en cada página de su sitio donde deba aparecer el chat de este canal.
channels-copy = Copiar
channels-copy-label = Copiar el código de inserción de { $channel }
channels-copied = Se copió el código de inserción.
channels-copy-failed = No se pudo copiar automáticamente: el código está seleccionado, presione Ctrl+C (⌘C en una Mac).

## Eliminar (R-CH-8)

channels-delete = Eliminar…
channels-delete-label = Eliminar { $channel }
channels-delete-title = ¿Eliminar { $channel }?
channels-delete-gone = Se eliminan el canal, su cola y su configuración.
channels-delete-widget = Su widget se detiene de inmediato: los visitantes nuevos reciben un error en lugar del chat.
channels-delete-open = Sus conversaciones abiertas salen de las bandejas de entrada de los operadores sin respuesta.
channels-delete-history = Su historial se conserva.
channels-delete-instead = Para dejar de atender por un tiempo, desactive el canal: su widget sigue funcionando y no se elimina nada.
channels-delete-confirm = Escriba el nombre del canal para confirmar:
channels-delete-submit = Eliminar canal
channels-deleted = Se eliminó { $channel }. El historial de sus conversaciones se conserva; quite su código de inserción de su sitio.

# La verificación de identidad de un canal (Otras configuraciones), y un secreto que se muestra una vez.

identity-title = Verificación de identidad
identity-intro = Indique a Canal quiénes son sus usuarios con sesión iniciada: su servidor firma un token para cada página con el secreto de identidad de este canal, y los operadores ven el id, el nombre y el correo del usuario, marcados como Verificado. Un token erróneo o vencido se ignora: el visitante sigue anónimo, y el widget dice por qué en la consola del navegador.
identity-howto = Cómo firmar el token de un usuario
identity-checking = Comprobando si este canal tiene un secreto de identidad…
identity-none = Este canal no tiene secreto de identidad: los tokens se rechazan y todos los visitantes son anónimos.
identity-since = Este canal tiene un secreto de identidad, creado el { $since }.
identity-secret-label = El secreto de identidad del canal
identity-secret-note = Póngalo ahora en la configuración de su servidor: no se volverá a mostrar. Guárdelo solo en su servidor: nunca en una página ni en el navegador.
identity-secret-done = Ya lo guardé
identity-replace-question = ¿Reemplazar el secreto de identidad?
identity-replace-warning = Los tokens firmados con el secreto anterior dejan de funcionar de inmediato: hasta que su sitio firme con el nuevo, sus usuarios chatean como visitantes anónimos.
identity-replace-confirm = Reemplazar el secreto
identity-cancel = Cancelar
identity-replace = Reemplazar el secreto…
identity-create = Crear secreto
identity-replaced = Se reemplazó el secreto de identidad: los tokens firmados con el anterior ya no funcionan. Copie el nuevo ahora: no se volverá a mostrar.
identity-created = Se creó el secreto de identidad. Cópielo ahora: no se volverá a mostrar.
identity-example-intro = En una página donde un usuario inició sesión, dele un token al widget:
identity-example-token =
    TOKEN es un JWT que su servidor genera en cada carga de página,
    firmado con HS256 y el secreto de identidad de este canal. Sus claims:
identity-example-sub = el id de su usuario, de 1 a { $max } caracteres (obligatorio)
identity-example-name = su nombre, visible para los operadores (opcional)
identity-example-email = su correo (opcional)
identity-example-exp = cuándo vence el token, en segundos desde 1970 (obligatorio, como máximo { $days } días después)
identity-example-library = Cualquier biblioteca de JWT lo firma, por ejemplo en Node.js:
secret-copy = Copiar
secret-copy-label = Copiar: { $label }
secret-copied = Copiado.
secret-not-copied = No se pudo copiar automáticamente: está seleccionado, pulse Ctrl+C (⌘C en Mac).

# Mi configuración (la de cada persona). Ver en.ftl.

my-settings-title = Mi configuración
my-settings-alert-legend = Avisarme cuando
my-settings-alert-offered = Se me ofrece una conversación
my-settings-alert-message = Un visitante escribe en una de mis conversaciones
my-settings-alert-transferred = Se me transfiere una conversación
my-settings-alert-late = Un cliente espera demasiado una respuesta
my-settings-how-legend = Cómo
my-settings-desktop = Notificaciones de escritorio cuando la consola no está en primer plano
my-settings-desktop-unsupported = Este navegador no tiene notificaciones de escritorio.
my-settings-desktop-blocked = El navegador bloquea las notificaciones de la consola: permítalas en la configuración del sitio (el ícono a la izquierda de la dirección) y vuelva a activar esta opción.
my-settings-desktop-allowed = Este navegador las muestra.
my-settings-desktop-ask = El navegador le pide permiso cuando usted activa esta opción.
my-settings-sound = Reproducir un sonido
my-settings-sound-try = Probar el sonido
my-settings-start-legend = Al abrir la consola, empezar
my-settings-start-online = Disponible: se me ofrecen conversaciones
my-settings-start-away = Ausente: no se me ofrece nada hasta que cambie
my-settings-saving = Guardando…
my-settings-save = Guardar
my-settings-unsaved = Cambios sin guardar
my-settings-saved = Guardado

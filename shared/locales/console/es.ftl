# La consola de operadores y administradores (`console/`). Ver en.ftl.

## La barra superior

nav-sections = Secciones
nav-inbox = Bandeja de entrada
nav-conversations = Conversaciones
nav-statistics = Estadísticas
nav-clients = Clientes
nav-settings = Configuración
nav-my-settings = Mi configuración
connection-connecting = Conectando…
connection-open = Conectado
connection-reconnecting = Reconectando…
shortcuts-open = Atajos de teclado
shortcuts-open-title = Atajos de teclado (?)
sign-out = Cerrar sesión
presence = Presencia
presence-hint = Ausente: no se le ofrecen conversaciones nuevas
presence-online = Disponible
presence-away = Ausente
presence-offline = Desconectado

## La bandeja de entrada

inbox-your-channels = Sus canales
inbox-supervised-title = Lee las conversaciones de este canal como supervisor
inbox-you-supervise = (usted supervisa)
inbox-conversations = Conversaciones
inbox-pick = Elija una conversación a la izquierda.
inbox-back = ← Conversaciones
inbox-show-details = Visitante y cliente
inbox-hide-details = Ocultar detalles

## Configuración

settings-menu = Configuración
settings-channels = Canales
settings-people = Personas y departamentos
settings-consent = Avisos de datos personales
settings-responses = Respuestas predefinidas
settings-bots = Chat bots
settings-files = Archivos
channel-sections = Secciones de este canal
section-queue = Cola
section-widget = Información del agente y widget
section-crm = CRM
section-automation = Horario de atención y acciones automáticas
section-consent = Aviso sobre datos personales
section-responses = Respuestas predefinidas
section-bot = Chat bot
section-kpi = KPI del tiempo de respuesta
section-other = Otras configuraciones
back-to-channels = ← Canales
channel-missing-title = No existe ese canal
channel-missing = Este canal no existe o fue eliminado.
channel-missing-link = Ver los canales

## Mi configuración: el idioma de la consola

language-label = Idioma de la consola
language-hint = Se guarda con su configuración, en cada computadora en la que inicie sesión.
language-auto = Como el navegador ({ $language })
language-en = English
language-pt-br = Português (Brasil)
language-es = Español

## Iniciar sesión

login-title = Consola de Canal
login-email = Correo electrónico
login-password = Contraseña
login-missing = Escriba su correo electrónico y su contraseña.
login-submit = Iniciar sesión
login-busy = Iniciando sesión…
login-checking = Iniciando sesión…
login-retry = Reintentar
login-again = Iniciar sesión de nuevo
session-ended = Su sesión terminó. Inicie sesión de nuevo.

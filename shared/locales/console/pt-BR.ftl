# O console dos operadores e administradores (`console/`). Ver en.ftl.

## A barra superior

nav-sections = Seções
nav-inbox = Caixa de entrada
nav-conversations = Conversas
nav-statistics = Estatísticas
nav-clients = Clientes
nav-settings = Configurações
nav-my-settings = Minhas configurações
connection-connecting = Conectando…
connection-open = Conectado
connection-reconnecting = Reconectando…
shortcuts-open = Atalhos de teclado
shortcuts-open-title = Atalhos de teclado (?)
sign-out = Sair
presence = Presença
presence-hint = Ausente: nenhuma nova conversa é oferecida a você
presence-online = Disponível
presence-away = Ausente
presence-offline = Desconectado

## A caixa de entrada

inbox-your-channels = Seus canais
inbox-supervised-title = Você lê as conversas deste canal como supervisor
inbox-you-supervise = (você supervisiona)
inbox-conversations = Conversas
inbox-pick = Escolha uma conversa à esquerda.
inbox-back = ← Conversas
inbox-show-details = Visitante e cliente
inbox-hide-details = Ocultar detalhes

## Configurações

settings-menu = Configurações
settings-channels = Canais
settings-people = Pessoas e departamentos
settings-consent = Avisos de dados pessoais
settings-responses = Respostas predefinidas
settings-bots = Chat bots
settings-files = Arquivos
channel-sections = Seções deste canal
section-queue = Fila
section-widget = Informações do agente e widget
section-crm = CRM
section-automation = Horas trabalhadas e ações automáticas
section-consent = Aviso sobre coleta de dados pessoais
section-responses = Respostas predefinidas
section-bot = Chat bot
section-kpi = KPI do tempo de resposta
section-other = Outras configurações
back-to-channels = ← Canais
channel-missing-title = Canal não encontrado
channel-missing = Este canal não existe ou foi excluído.
channel-missing-link = Ver os canais

## Minhas configurações: o idioma do console

language-label = Idioma do console
language-hint = Salvo com as suas configurações, em todo computador em que você entrar.
language-auto = Como o navegador ({ $language })
language-en = English
language-pt-br = Português (Brasil)
language-es = Español

## Entrar

login-title = Console do Canal
login-email = E-mail
login-password = Senha
login-missing = Informe o seu e-mail e a sua senha.
login-submit = Entrar
login-busy = Entrando…
login-checking = Entrando…
login-retry = Tentar de novo
login-again = Entrar de novo
session-ended = A sua sessão terminou. Entre de novo.

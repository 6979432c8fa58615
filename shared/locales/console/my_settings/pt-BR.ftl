# Minhas configurações (as de cada pessoa). Ver en.ftl.

my-settings-title = Minhas configurações
my-settings-alert-legend = Avisar-me quando
my-settings-alert-offered = Uma conversa for oferecida a mim
my-settings-alert-message = Um visitante escrever em uma das minhas conversas
my-settings-alert-transferred = Uma conversa for transferida para mim
my-settings-alert-late = Um cliente esperar demais por uma resposta
my-settings-how-legend = Como
my-settings-desktop = Notificações na área de trabalho quando o console não estiver em primeiro plano
my-settings-desktop-unsupported = Este navegador não tem notificações na área de trabalho.
my-settings-desktop-blocked = O navegador bloqueia as notificações do console: permita-as nas configurações do site (o ícone à esquerda do endereço) e ative esta opção de novo.
my-settings-desktop-allowed = Este navegador as exibe.
my-settings-desktop-ask = O navegador pede a sua permissão quando você ativa esta opção.
my-settings-sound = Tocar um som
my-settings-sound-try = Testar o som
my-settings-start-legend = Quando eu abrir o console, começar
my-settings-start-online = Disponível: conversas são oferecidas a mim
my-settings-start-away = Ausente: nada é oferecido até eu mudar
my-settings-saving = Salvando…
my-settings-save = Salvar
my-settings-unsaved = Alterações não salvas
my-settings-saved = Salvo

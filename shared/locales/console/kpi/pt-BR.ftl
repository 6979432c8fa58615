# A página de KPI do tempo de resposta (veja en.ftl).

kpi-title = KPI do tempo de resposta
kpi-intro = Cada mensagem do cliente inicia um relógio que a próxima resposta do operador para; várias mensagens antes de uma resposta contam a partir da primeira. Uma resposta depois do limite está atrasada. A lista de conversas mostra o primeiro tempo de resposta, o médio e o mais longo de cada conversa.
kpi-loading = Carregando…
kpi-first-legend = Primeira resposta
kpi-first-hint = A primeira resposta do operador em uma conversa.
kpi-next-legend = Respostas seguintes
kpi-next-hint = Cada resposta posterior ao cliente.
kpi-what-counts = O que conta
kpi-hours-only = Contar só as horas trabalhadas
kpi-hours-only-hint = Ativado: conta só o tempo em que o canal está aberto (as horas trabalhadas, nas configurações deste canal); uma mensagem escrita à noite espera até de manhã. Desativado: todo minuto conta, dia e noite.
kpi-set-limit = Definir um limite
kpi-minutes = Limite, em minutos
kpi-minutes-range = De 1 minuto a { $days ->
    [one] { $days } dia
   *[other] { $days } dias
}.
kpi-notify = Notificar em caso de atraso
kpi-who = Quem é notificado
kpi-who-supervisor = O supervisor do operador responsável (chefe do departamento)
kpi-notice-text = Texto da notificação
kpi-notice-hint = #OPERATOR# vira o nome do operador responsável, #DIALOG# a conversa (um link para ela no console). Deixe vazio para usar o texto mostrado. A notificação aparece uma vez no console da pessoa, quando o limite passa.
kpi-first-minutes-invalid = Informe o limite da primeira resposta em minutos, como 5 ou 1.5.
kpi-next-minutes-invalid = Informe o limite das respostas seguintes em minutos, como 5 ou 1.5.
kpi-first-who-invalid = Escolha quem é notificado quando o limite da primeira resposta passa.
kpi-next-who-invalid = Escolha quem é notificado quando o limite das respostas seguintes passa.

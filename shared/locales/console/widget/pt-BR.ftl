# A página do widget (Configurações → um canal → Informações do agente e
# widget). Ver en.ftl.

widget-title = Widget
widget-subtitle-one = Como o widget de { $channel } se apresenta aos visitantes.
widget-loading = Carregando as configurações do widget…

## Quem os visitantes veem atendendo (R-A-1)

widget-who-legend = Quem os visitantes veem atendendo
widget-who-hint = O que o widget mostra do operador que atende.
widget-display-profile = O perfil do próprio operador
widget-display-profile-hint = Nome, cargo e foto, como definidos em Configurações → Pessoas e departamentos.
widget-display-custom = As entradas próprias deste canal
widget-display-custom-hint = Um nome, cargo e foto por operador, definidos abaixo só para este canal.
widget-display-hidden = Ninguém
widget-display-hidden-hint = Os visitantes não veem nada sobre quem atende.
widget-cards-empty = Ainda não há ninguém na fila deste canal: adicione pessoas na seção Fila deste canal.
widget-cards-hint = Uma entrada por operador da fila deste canal. Deixe vazios todos os campos de um operador e os visitantes não verão nada sobre ele.
widget-card-left = { $operator } (fora da fila deste canal)
widget-card-kept = Esta entrada é mantida até que os campos dela sejam esvaziados.
widget-card-name = Nome exibido
widget-card-name-hint = Obrigatório para uma entrada.
widget-card-position = Cargo
widget-card-position-hint = Opcional, como “Suporte”.
widget-card-avatar = Endereço do avatar
widget-card-avatar-hint = Opcional: o endereço https:// de uma imagem.
widget-entry-problem = Entrada de { $operator }: { $problem }
widget-entries-hidden = { $problems } Escolha “As entradas próprias deste canal” para ver e corrigir.

## Fora do horário de atendimento (R-WH-3)

widget-ooh-legend = Fora do horário de atendimento
widget-ooh-hint = O que o widget mostra enquanto o canal está fechado. O horário de atendimento é definido na seção Horas trabalhadas deste canal.
widget-ooh-chat = Manter o chat
widget-ooh-chat-hint = Os visitantes ainda podem escrever; a resposta fora do horário responde a eles.
widget-ooh-form = Mostrar um formulário para deixar mensagem
widget-ooh-form-hint = Os visitantes deixam o e-mail e uma mensagem; os operadores veem o e-mail na conversa.
widget-ooh-hide = Ocultar o botão do chat
widget-ooh-hide-hint = O widget não aparece até que o canal abra de novo.

## O aviso sobre coleta de dados pessoais (R-C-1)

widget-notice-legend = Aviso sobre coleta de dados pessoais
widget-notice-hint = Um aviso que os visitantes aceitam antes de escrever. Cada aceite é registrado — quem, qual texto e versão, quando — e listado na seção Aviso sobre coleta de dados pessoais deste canal.
widget-consent-off = Nenhum aviso
widget-consent-off-hint = Os visitantes escrevem na hora.
widget-consent-text = Um dos textos da conta
widget-consent-text-hint = Sempre na versão mais recente. Os textos da conta são escritos em Configurações → Avisos de dados pessoais.
widget-consent-text-label = Texto
widget-consent-choose = Escolha um texto
widget-consent-option = { $name } (versão { $version })
widget-consent-gone = { $id } (não está mais na conta)
widget-consent-no-texts = A conta ainda não tem textos de consentimento: adicione um em Configurações → Avisos de dados pessoais.
widget-consent-pick = Escolha um dos textos da conta ou outro tipo de aviso.
widget-consent-own = O texto próprio deste canal
widget-consent-own-hint = Escrito aqui, só para este canal. Salvar um texto alterado cria uma nova versão.
widget-consent-body = Texto do aviso
widget-consent-not-saved = Ainda não salvo.
widget-consent-version = Versão { $version }.
widget-consent-version-changed = A versão { $version } está salva; salvar esta alteração cria uma nova versão.
widget-saved = Salvo.
widget-saved-version = Salvo. O aviso próprio deste canal está na versão { $version }.

## O título do chat (R-CH-4) e a digitação em tempo real (R-RT-1)

widget-header-legend = Cabeçalho do chat
widget-chat-title = Título do chat
widget-chat-title-hint = Opcional: o que o cabeçalho do chat mostra aos visitantes. Vazio: o nome do canal.
widget-typing-legend = Digitação em tempo real
widget-typing-label = Os operadores veem o que os visitantes digitam antes de enviar
widget-typing-hint = Desativada: os operadores veem apenas que o visitante está digitando, nunca o texto, e o widget não envia nada. Vale para as conversas que começarem depois de salvar.

# A página Canais e a seção Outras configurações de um canal. Ver en.ftl.

channels-title = Canais
channels-intro = Cada canal aberto é um chat próprio, com sua própria fila, configurações e conversas. Configure um canal para mudar qualquer configuração dele em uma só página.
channels-other-title = Outras configurações
channels-other-intro = O nome do canal, se os operadores o atendem, o idioma dos e-mails dele, os sites que o exibem, o código de incorporação, os conectores e a verificação de identidade.
channels-loading = Carregando os canais…
channels-yours = Seus canais
channels-this = Este canal
channels-none = Não há nenhum canal: crie um para colocar um chat no seu site.
channels-this-deleted = Este canal foi excluído.
channels-cancel = Cancelar

## Um novo canal, dentro do limite do plano (R-CH-2)

channels-new = Novo canal
channels-count = { $count } de { $limit } { $limit ->
    [one] canal
   *[other] canais
}
channels-limit = Seu plano permite { $limit } e todos estão em uso. Para criar outro, exclua um ou aumente o limite da instalação (CANAL_CHANNEL_LIMIT).
channels-created = { $channel } foi criado. Adicione operadores à fila dele nas configurações (Configurar) e depois coloque o código de incorporação no seu site.

## O cartão de um canal

channels-configure = Configurar
channels-configure-label = Configurar { $channel }
channels-on = Ativo
channels-off = Inativo
channels-created-at = Criado em

## As colunas da lista (#22)

channels-col-channel = Canal
channels-col-active = Ativo
channels-col-connectors = Conectores
channels-col-online = Atendentes online
channels-col-waiting = Conversas aguardando
channels-col-actions = Configurações
channels-kind-live-chat = Chat ao vivo
channels-kind-telegram = Telegram
channels-kind-webhook = Webhook
# Enquanto os conectores e a fila de um canal são consultados.
channels-activity-unknown = …

## Renomear (R-CH-4)

channels-rename = Renomear
channels-rename-label = Renomear { $channel }
channels-new-name = Novo nome
channels-name-hint = De 1 a { $max } caracteres. Os operadores o veem nas listas deles; os visitantes o veem no cabeçalho do chat, a menos que as configurações do widget definam um título para o chat.
channels-name-invalid = Informe um nome de 1 a { $max } caracteres, em uma linha.
channels-save-name = Salvar nome
channels-renamed = Renomeado para { $channel }.

## Ativar e desativar (R-CH-5)

channels-active = Canal ativo
channels-switch-hint = Ativo: os operadores atendem as conversas dele. Inativo: o widget continua funcionando e as mensagens dos clientes são guardadas, mas ninguém pode responder até que ele seja ativado de novo.
channels-switched-on = { $channel } foi ativado: os operadores podem atender as conversas dele.
channels-switched-off = { $channel } foi desativado: o widget continua funcionando e as mensagens dos clientes são guardadas, mas ninguém pode responder até que ele seja ativado de novo.

## O idioma dos e-mails (R-CH-7)

channels-email-language = Idioma dos e-mails aos clientes
channels-email-language-hint = O histórico da conversa que um cliente pede por e-mail é escrito nele.
channels-language-default = o idioma da instalação
channels-language-other = outro idioma
channels-email-language-done = Os e-mails aos clientes de { $channel } agora são em { $language }.

## Os sites que podem incorporar o chat (R-W-6)

channels-domains = Sites que podem incorporar o chat
channels-domains-hint = Um domínio por linha; *.example.org permite os subdomínios dele. Vazio: qualquer site. Os outros sites não recebem o botão do chat, e os navegadores se recusam a mostrar o chat neles.
channels-domains-save = Salvar sites
channels-domains-any = Qualquer site pode incorporar o chat de { $channel }.
channels-domains-some = { $count ->
    [one] { $count } domínio pode incorporar o chat de { $channel }.
   *[other] { $count } domínios podem incorporar o chat de { $channel }.
}

## O código de incorporação

channels-embed = Código de incorporação
channels-embed-hint = Cole-o antes de </body> em cada página do seu site onde o chat deste canal deve aparecer.
channels-copy = Copiar
channels-copy-label = Copiar o código de incorporação de { $channel }
channels-copied = O código de incorporação foi copiado.
channels-copy-failed = Não foi possível copiar automaticamente: o código está selecionado, pressione Ctrl+C (⌘C no Mac).

## Excluir (R-CH-8)

channels-delete = Excluir…
channels-delete-label = Excluir { $channel }
channels-delete-title = Excluir { $channel }?
channels-delete-gone = O canal, a fila e as configurações dele são excluídos.
channels-delete-widget = O widget dele para na hora: os novos visitantes recebem um erro em vez do chat.
channels-delete-open = As conversas abertas dele saem das caixas de entrada dos operadores sem resposta.
channels-delete-history = O histórico delas é mantido.
channels-delete-instead = Para parar de atender por um tempo, desative o canal: o widget continua funcionando e nada é excluído.
channels-delete-confirm = Digite o nome do canal para confirmar:
channels-delete-submit = Excluir canal
channels-deleted = { $channel } foi excluído. O histórico das conversas dele é mantido; remova o código de incorporação do seu site.

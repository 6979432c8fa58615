# A verificação de identidade de um canal (Outras configurações), e um segredo mostrado uma vez.

identity-title = Verificação de identidade
identity-intro = Diga ao Canal quem são os seus usuários conectados: o seu servidor assina um token para cada página com o segredo de identidade deste canal, e os operadores veem o id, o nome e o e-mail do usuário, marcados como Verificado. Um token errado ou expirado é ignorado: o visitante continua anônimo, e o widget diz o motivo no console do navegador.
identity-howto = Como assinar o token de um usuário
identity-checking = Verificando se este canal tem um segredo de identidade…
identity-none = Este canal não tem segredo de identidade: os tokens são recusados e todo visitante é anônimo.
identity-since = Este canal tem um segredo de identidade, criado em { $since }.
identity-secret-label = O segredo de identidade do canal
identity-secret-note = Coloque-o agora na configuração do seu servidor: ele não será mostrado de novo. Guarde-o só no seu servidor: nunca numa página ou no navegador.
identity-secret-done = Já guardei
identity-replace-question = Substituir o segredo de identidade?
identity-replace-warning = Os tokens assinados com o segredo antigo deixam de funcionar na hora: até o seu site assinar com o novo, os seus usuários conversam como visitantes anônimos.
identity-replace-confirm = Substituir o segredo
identity-cancel = Cancelar
identity-replace = Substituir o segredo…
identity-create = Criar segredo
identity-replaced = Segredo de identidade substituído: os tokens assinados com o antigo não funcionam mais. Copie o novo agora: ele não será mostrado de novo.
identity-created = Segredo de identidade criado. Copie-o agora: ele não será mostrado de novo.
identity-example-intro = Numa página em que um usuário está conectado, dê um token ao widget:
identity-example-token =
    TOKEN é um JWT que o seu servidor gera a cada carregamento de página,
    assinado com HS256 e o segredo de identidade deste canal. As suas claims:
identity-example-sub = o id do seu usuário, de 1 a { $max } caracteres (obrigatório)
identity-example-name = o nome, mostrado aos operadores (opcional)
identity-example-email = o e-mail (opcional)
identity-example-exp = quando o token expira, em segundos desde 1970 (obrigatório, no máximo { $days } dias à frente)
identity-example-library = Qualquer biblioteca de JWT o assina, por exemplo em Node.js:
secret-copy = Copiar
secret-copy-label = Copiar: { $label }
secret-copied = Copiado.
secret-not-copied = Não foi possível copiar automaticamente: o texto está selecionado, pressione Ctrl+C (⌘C no Mac).

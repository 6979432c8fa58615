# O cartão do cliente no CRM. Ver en.ftl.

card-someone = um operador que não está nesta lista
card-contacts-none = Nenhum
card-nobody = Ninguém ainda
card-lead-by = Lead de { $source }, criado por { $name }
card-lead-auto = Lead de { $source }, criado automaticamente
card-conversations = { $count ->
    [one] { $count } conversa
   *[other] { $count } conversas
}
card-other-channel = outro canal
card-unnamed = Cliente sem nome
card-lead-unreachable = Não há como falar com este cliente de novo: peça o e-mail dele ou espere que ele escreva por um mensageiro.
card-lead-exists = Este cliente já é um lead.
card-lead-impossible = Não é possível criar um lead deste cliente.
card-lead-made-mine = Lead criado. Você é o responsável por este cliente.
card-lead-made-theirs = Lead criado. { $name } continua responsável.
card-lead-made = Lead criado.
card-title = Cliente
card-refresh-label = Atualizar o cartão do cliente
card-refresh = Atualizar
card-loading = Carregando o cartão do cliente…
card-none = Ainda não há cartão: o CRM cria um quando o cliente escreve.
card-other-conversations = Outras conversas
card-creating-lead = Criando lead…
card-create-lead = Criar lead
card-not-lead = Não é lead
card-name = Nome
card-unknown = Desconhecido
card-emails = E-mails
card-phones = Telefones
card-responsible = Responsável
card-lead = Lead
card-read = Ler
card-conversations-none = Nenhuma.
card-source-live-chat = Chat ao vivo
card-lead-not-written = O cliente ainda não escreveu.

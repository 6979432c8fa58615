# O que os formulários de administração compartilham (veja en.ftl).

form-no-channel = Ainda não há nenhum canal.
form-channel = Canal
form-name-invalid = Informe um nome de 1 a { $max } caracteres, em uma linha.
form-char-count = { $used } de { $limit } caracteres
form-char-count-over = { $used } de { $limit } caracteres: { $over } a mais
form-save = Salvar
form-saved = Salvo
form-saving = Salvando…
form-unsaved = Alterações não salvas
form-leave-unsaved = Esta página tem alterações que não foram salvas. Sair e perdê-las?

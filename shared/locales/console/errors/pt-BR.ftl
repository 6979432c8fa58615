# Quando uma chamada falha. Ver en.ftl.

errors-network = Não foi possível falar com o servidor. Verifique a conexão e tente de novo.
errors-not-understood = A resposta do servidor não foi entendida. Tente de novo.
errors-status = O servidor respondeu { $status }. Tente de novo.
errors-unwritten = Não foi possível montar o pedido. Tente de novo.
errors-bad-frame = O servidor não entendeu o pedido. Recarregue a página e tente de novo.
errors-invalid = O servidor recusou um valor: confira os campos e tente de novo.
errors-too-large = Isto passa do tamanho permitido.
errors-forbidden = Você não tem permissão para fazer isto.
errors-unauthorized = Sua sessão terminou: entre de novo.
errors-not-found = Isto não existe mais: pode ter sido excluído.
errors-conflict = Alguém chegou antes, ou isto já existe. Recarregue e tente de novo.
errors-consent-required = O visitante ainda não aceitou o aviso de dados pessoais.
errors-channel-disabled = O canal está desligado: ninguém pode responder até que um administrador o ligue de novo.
errors-too-many = Tentativas demais: espere um pouco e tente de novo.
errors-internal = Algo deu errado no servidor. Tente de novo.
errors-closed = Esta conversa está encerrada: ela reabre quando o visitante escrever.
errors-already-rated = O visitante já avaliou esta conversa.
errors-unsupported-type = Arquivos deste tipo não podem ser enviados.
login-wrong = E-mail ou senha incorretos.

## Por que uma configuração não pode ser salva. Ver en.ftl.

errors-name = Informe um nome de 1 a { $max } caracteres, sem caracteres de controle.
errors-position = O cargo tem no máximo { $max } caracteres, em uma linha.
errors-avatar = O avatar deve ser um endereço https:// de no máximo { $max } caracteres, sem espaços.
errors-twice = { $name } aparece duas vezes: mantenha uma.
errors-chat-title = O título do chat tem no máximo 80 caracteres, em uma linha; deixe-o vazio para mostrar o nome do canal.
errors-url = O endereço deve começar com https:// (http:// só para localhost), ter no máximo { $max } caracteres e não ter espaços.
errors-bot-name = O nome do bot deve ter de 1 a { $max } caracteres de texto.
errors-bot-declined = { $name } declarou que não atende canais abertos; escolha outro bot ou nenhum.
errors-bot-status = O bot respondeu HTTP { $status }; ele deve responder 200 com JSON.
errors-bot-answer = A resposta do bot não é válida.
errors-bot-no-answer = O bot não respondeu no endereço informado; confira o URL e se o bot está no ar.
errors-bot-no-name = O bot não disse o próprio nome; dê um nome a ele.
errors-bot-too-many = A conta já tem { $max } bots; exclua um primeiro.
errors-bot-built-in = O bot de perguntas frequentes é embutido e não pode ser excluído.
errors-rating-wait = A espera pela avaliação deve ficar entre 0 e 60 minutos.
errors-zone = “{ $zone }” não é um fuso horário (use um nome como America/Sao_Paulo).
errors-time = “{ $time }” não é uma hora do dia (use HH:MM, de 00:00 a 24:00).
errors-midnight = Um intervalo não pode começar às 24:00.
errors-holiday = { $day }/{ $month } não é um dia do ano.
errors-idle = O tempo de espera antes de repassar deve ficar entre 1 minuto e 12 horas.
errors-capacity = O limite de conversas simultâneas deve ficar entre 1 e { $max }.
errors-queue-too-long = Uma fila tem no máximo { $max } entradas.
errors-department-too-big = Um departamento tem no máximo { $max } membros.
errors-not-a-person = { $name } não é uma pessoa ativa.
errors-delay-no-answer = O tempo antes da resposta de ausência deve ficar entre { $min } e 24 horas.
errors-delay-timeout = O tempo para encerrar a conversa deve ficar entre { $min } e 24 horas.
errors-part-greeting = O texto da saudação
errors-part-out-of-hours = O texto da resposta fora do expediente
errors-part-no-answer = O texto da resposta de ausência
errors-part-timeout = O texto da mensagem de encerramento
errors-part-text = { $part }: { $reason }

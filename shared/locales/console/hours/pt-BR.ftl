# As horas trabalhadas de um canal (console/src/view/hours.rs). Ver en.ftl.

hours-title = Horas trabalhadas
hours-intro = Fora deste horário, os visitantes recebem a resposta fora do horário acima.
hours-on = Limitar às horas trabalhadas
hours-on-hint = Desativado, o canal fica sempre aberto: a resposta só é enviada quando não há nenhum operador on-line.
hours-zone = Fuso horário
hours-zone-hint = Um nome como America/Sao_Paulo. Os horários são os do relógio desse lugar, incluindo o horário de verão.
hours-zone-missing = Informe um fuso horário, como America/Sao_Paulo.

## Horário de funcionamento por dia da semana

hours-week = Horário de funcionamento
hours-week-hint = Um dia sem horário fica fechado. Um horário que fecha na mesma hora em que abre, ou antes, passa da meia-noite.
hours-copy-weekdays = Copiar segunda-feira para os dias úteis
hours-copy-weekdays-hint = De terça a sexta-feira recebem o horário de segunda-feira.
hours-closed = Fechado
hours-add = Adicionar horário
hours-add-label = Adicionar horário: { $day }
hours-span-name = { $day } (horário { $number })
hours-span-opens = { $name }: abertura
hours-span-closes = { $name }: fechamento
hours-span-overnight = até o dia seguinte
hours-span-remove = Remover
hours-span-remove-label = Remover horário: { $name }
hours-span-no-start = Informe o horário de abertura: { $name }.
hours-span-no-end = Informe o horário de fechamento: { $name }.
hours-overlap = Os horários se sobrepõem ({ $day }): um intervalo deve terminar antes do início do próximo, e só o último pode passar da meia-noite.
hours-monday = Segunda-feira
hours-tuesday = Terça-feira
hours-wednesday = Quarta-feira
hours-thursday = Quinta-feira
hours-friday = Sexta-feira
hours-saturday = Sábado
hours-sunday = Domingo

## Feriados

hours-holidays = Feriados
hours-holidays-hint = Fechado o dia todo, qualquer que seja o horário do dia da semana.
hours-no-holiday = Nenhum feriado.
hours-holiday-remove = Remover
hours-holiday-remove-label = Remover o feriado { $holiday }
hours-holiday-date = Uma data
hours-holiday-add-date = Adicionar data
hours-holiday-month = Todo ano: mês
hours-holiday-day = Dia
hours-holiday-add-yearly = Adicionar todo ano
hours-holiday-no-date = Informe uma data ou escolha uma no calendário.
hours-holiday-no-day = Informe o dia do mês, de 1 a 31.
hours-holiday-not-a-day = { $day } de { $month } não é um dia do ano.
hours-holiday-no-month = Escolha um mês.
hours-holiday-twice = { $holiday } já é feriado.
hours-holiday-on-date = { $day } de { $month } de { $year }
hours-holiday-yearly = { $day } de { $month }, todo ano
hours-holiday-yearly-numbers = { $day }/{ $month }, todo ano

## Meses: o nome na lista e numa data

hours-january = Janeiro
hours-february = Fevereiro
hours-march = Março
hours-april = Abril
hours-may = Maio
hours-june = Junho
hours-july = Julho
hours-august = Agosto
hours-september = Setembro
hours-october = Outubro
hours-november = Novembro
hours-december = Dezembro
hours-in-january = janeiro
hours-in-february = fevereiro
hours-in-march = março
hours-in-april = abril
hours-in-may = maio
hours-in-june = junho
hours-in-july = julho
hours-in-august = agosto
hours-in-september = setembro
hours-in-october = outubro
hours-in-november = novembro
hours-in-december = dezembro

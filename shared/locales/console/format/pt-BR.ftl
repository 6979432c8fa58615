# Como status, entregas, avaliações, destinos de transferência e visitantes
# verificados aparecem no console. Ver en.ftl.

format-status-new = Nova
format-status-waiting = Aguardando
format-status-active = Ativa
format-status-active-by = Ativa — { $operator }
format-status-closed = Encerrada
format-verdict-like = Gostou
format-verdict-dislike = Não gostou
format-rating = Avaliação do visitante: { $verdict }
format-rating-comment = Avaliação do visitante: { $verdict }: “{ $comment }”
format-delivery-sending = Enviando…
format-delivery-sent = Enviada
format-delivery-seen = Vista
format-member = { $name } — { $presence }, { $count ->
    [one] { $count } conversa
   *[other] { $count } conversas
}
format-member-online = disponível
format-member-away = ausente
format-member-offline = desconectado
format-verified = Verificado: { $id }
format-verified-title = Conectado no site como { $id }
format-verified-title-known = Conectado no site como { $id } ({ $known })
format-contact-email = E-mail:
format-contact-left = Deixou um e-mail:
format-duration-s = { $s } s
format-duration-m = { $m } min
format-duration-m-s = { $m } min { $s } s
format-duration-h = { $h } h
format-duration-h-m = { $h } h { $m } min
format-date = { $day }/{ $month }/{ $year }

# Cómo se leen en la consola los estados, las entregas, las evaluaciones,
# los destinos de transferencia y los visitantes verificados. Ver en.ftl.

format-status-new = Nueva
format-status-waiting = En espera
format-status-active = Activa
format-status-active-by = Activa — { $operator }
format-status-closed = Cerrada
format-verdict-like = Le gustó
format-verdict-dislike = No le gustó
format-rating = Evaluación del visitante: { $verdict }
format-rating-comment = Evaluación del visitante: { $verdict }: “{ $comment }”
format-delivery-sending = Enviando…
format-delivery-sent = Enviado
format-delivery-seen = Visto
format-member = { $name } — { $presence }, { $count ->
    [one] { $count } conversación
   *[other] { $count } conversaciones
}
format-member-online = disponible
format-member-away = ausente
format-member-offline = desconectado
format-verified = Verificado: { $id }
format-verified-title = Conectado en el sitio como { $id }
format-verified-title-known = Conectado en el sitio como { $id } ({ $known })
format-contact-email = Correo electrónico:
format-contact-left = Dejó un correo electrónico:
format-duration-s = { $s } s
format-duration-m = { $m } min
format-duration-m-s = { $m } min { $s } s
format-duration-h = { $h } h
format-duration-h-m = { $h } h { $m } min
format-date = { $day }/{ $month }/{ $year }

# A lista de conversas (a caixa de entrada). Ver en.ftl.

inbox-offer-dismiss = Dispensar
inbox-empty = Nenhuma conversa ainda.
inbox-paused = Canal desligado
inbox-paused-title = O canal desta conversa está desligado: ninguém pode responder até que um administrador o ligue de novo.
inbox-offered = Oferecida a você
inbox-unread = { $count ->
    [one] { $count } não lida
   *[other] { $count } não lidas
}
inbox-offer-group = Oferta: conversa com { $visitor }
inbox-accept = Aceitar
inbox-accept-label = Aceitar a conversa com { $visitor }
inbox-skip = Pular
inbox-skip-label = Pular a conversa com { $visitor }

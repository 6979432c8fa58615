# La lista de conversaciones (la bandeja de entrada). Ver en.ftl.

inbox-offer-dismiss = Descartar
inbox-empty = Todavía no hay conversaciones.
inbox-paused = Canal desactivado
inbox-paused-title = El canal de esta conversación está desactivado: nadie puede responder hasta que un administrador lo vuelva a activar.
inbox-offered = Ofrecida a usted
inbox-unread = { $count } sin leer
inbox-offer-group = Oferta: conversación con { $visitor }
inbox-accept = Aceptar
inbox-accept-label = Aceptar la conversación con { $visitor }
inbox-skip = Omitir
inbox-skip-label = Omitir la conversación con { $visitor }

# Quién es el visitante y dónde está. Ver en.ftl.

visitor-info-title = Visitante
visitor-info-none = El widget todavía no ha dicho dónde está el visitante.
visitor-info-page = Ahora en
visitor-info-referrer = Llegó desde
visitor-info-direct = Directamente, o no indicado
visitor-info-browser = Navegador
visitor-info-not-said = No indicado
visitor-info-lang = Idioma
visitor-info-time = Hora local
visitor-info-before = Antes
visitor-info-trail = Páginas de esta visita
visitor-info-before-unknown = Todavía no se sabe
visitor-info-before-none = Ninguna: esta es la primera
visitor-info-before-count = { $count ->
    [one] { $count } conversación
   *[other] { $count } conversaciones
}
visitor-info-lang-name = { $name } ({ $tag })

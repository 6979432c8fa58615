# Quem é o visitante e onde está. Ver en.ftl.

visitor-info-title = Visitante
visitor-info-none = O widget ainda não informou onde o visitante está.
visitor-info-page = Agora em
visitor-info-referrer = Veio de
visitor-info-direct = Diretamente, ou não informado
visitor-info-browser = Navegador
visitor-info-not-said = Não informado
visitor-info-lang = Idioma
visitor-info-time = Hora local
visitor-info-before = Antes
visitor-info-trail = Páginas desta visita
visitor-info-before-unknown = Ainda não se sabe
visitor-info-before-none = Nenhuma: esta é a primeira
visitor-info-before-count = { $count ->
    [one] { $count } conversa
   *[other] { $count } conversas
}
visitor-info-lang-name = { $name } ({ $tag })

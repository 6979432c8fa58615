# La página Clientes. Ver en.ftl.

clients-title = Clientes
clients-intro = Todos los que escribieron a un canal, una ficha por persona: un cliente que vuelve a escribir con el mismo correo, teléfono, cuenta de mensajería o usuario identificado es reconocido, y sus conversaciones se reúnen en su ficha.
clients-load-more = Cargar más
clients-lead-none = No
clients-open-label = Abrir la ficha de { $name }
clients-col-name = Nombre
clients-col-emails = Correos
clients-col-phones = Teléfonos
clients-col-responsible = Responsable
clients-col-lead = Lead
clients-col-conversations = Conversaciones
clients-col-changed = Último cambio
clients-close = Cerrar
clients-cards = Fichas de clientes
clients-search-label = Buscar por nombre, correo o teléfono
clients-search = Buscar
clients-loading = Cargando los clientes…
clients-merge-open = Fusionar en esta ficha…
clients-merge-title = Fusionar otra ficha en “{ $name }”
clients-merge-hint = Busca la otra ficha de la misma persona y elígela: nada cambia hasta que confirmes.
clients-merge-find = Buscar la otra ficha
clients-cancel = Cancelar
clients-merge-question = ¿Fusionar “{ $from }” en “{ $name }”?
clients-merging = Fusionando…
clients-merge = Fusionar
clients-merge-looking = Buscando fichas…
clients-merge-none = Ninguna otra ficha coincide.
clients-choose-label = Elegir { $name }
clients-choose = Elegir
clients-contacts-move = Sus contactos y las cuentas por las que se le reconoce pasan a “{ $name }”: quien escriba con ellos será reconocido como “{ $name }”.
clients-contacts-move-listed = Sus contactos ({ $contacts }) y las cuentas por las que se le reconoce pasan a “{ $name }”: quien escriba con ellos será reconocido como “{ $name }”.
clients-conversations-move = { $moved ->
    [one] Su conversación pasa a “{ $name }”, que tendrá { $total }.
   *[other] Sus { $moved } conversaciones pasan a “{ $name }”, que tendrá { $total }.
}
clients-keeps = “{ $name }” conserva su nombre, responsable y lead; los de “{ $from }” solo completan lo que falte.
clients-disappears = “{ $from }” desaparece de la lista. No se puede deshacer.
clients-merged = “{ $from }” se fusionó en “{ $name }”, que ahora tiene { $total }.
clients-count = { $count ->
    [one] { $count } ficha, del cambio más reciente al más antiguo.
   *[other] { $count } fichas, del cambio más reciente al más antiguo.
}
clients-count-more = { $count ->
    [one] { $count } ficha (hay más abajo), del cambio más reciente al más antiguo.
   *[other] { $count } fichas (hay más abajo), del cambio más reciente al más antiguo.
}
clients-count-search = { $count ->
    [one] { $count } ficha con “{ $search }”, del cambio más reciente al más antiguo.
   *[other] { $count } fichas con “{ $search }”, del cambio más reciente al más antiguo.
}
clients-count-search-more = { $count ->
    [one] { $count } ficha con “{ $search }” (hay más abajo), del cambio más reciente al más antiguo.
   *[other] { $count } fichas con “{ $search }” (hay más abajo), del cambio más reciente al más antiguo.
}
clients-empty = Todavía no hay clientes: se crea una ficha cuando un cliente escribe por primera vez.
clients-empty-search = Ninguna ficha coincide con “{ $search }”.

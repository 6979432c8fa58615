# Las respuestas predefinidas en el cuadro de respuesta. Ver en.ftl.

picker-open-title = Insertar una respuesta predefinida (o escribe / y su atajo)
picker-open = Respuestas
picker-panel = Respuestas predefinidas
picker-hint = ↑ ↓ para elegir, Enter para insertar, Esc para cerrar
picker-search = Buscar respuestas
picker-close = Cerrar
picker-count = { $count ->
    [0] Ninguna respuesta coincide.
    [one] { $count } respuesta.
   *[other] { $count } respuestas.
}
picker-none = Este canal no tiene respuestas predefinidas. Un administrador elige su lista en la configuración del canal.
picker-no-match = Ninguna respuesta coincide con esta búsqueda.

# Lo que comparten los formularios de administración (vea en.ftl).

form-no-channel = Todavía no hay ningún canal.
form-channel = Canal
form-name-invalid = Ingrese un nombre de 1 a { $max } caracteres, en una sola línea.
form-char-count = { $used } de { $limit } caracteres
form-char-count-over = { $used } de { $limit } caracteres: { $over } de más
form-save = Guardar
form-saved = Guardado
form-saving = Guardando…
form-unsaved = Cambios sin guardar
form-leave-unsaved = Esta página tiene cambios sin guardar. ¿Salir y perderlos?

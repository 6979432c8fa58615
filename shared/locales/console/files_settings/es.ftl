# La página de archivos (toda la cuenta, #21). Ver en.ftl.

files-title = Archivos
files-intro = Los visitantes y los operadores pueden enviar archivos en las conversaciones: las imágenes se muestran en la conversación y todo lo demás se descarga. Estas reglas valen para todos los canales. El tipo de un archivo se lee de su contenido, no de su nombre.
files-loading = Cargando…
files-max = Archivo más grande, en MB
files-max-hint = Hasta { $most } MB. Un archivo más grande se rechaza antes de guardar cualquier parte de él, y a quien lo envía se le indica el límite.
files-kinds = Qué se puede enviar
files-kind-image = Imágenes (PNG, JPEG, GIF, WebP)
files-kind-pdf = Documentos PDF
files-kind-text = Texto sin formato
files-kind-csv = Tablas CSV
files-kind-office = Documentos de oficina (Word, Excel, PowerPoint, OpenDocument)
files-none = No hay nada marcado: nadie puede enviar archivos.
files-others = Todo lo demás, como programas, páginas web y dibujos SVG, se rechaza.

# A página de arquivos (a conta inteira, #21). Ver en.ftl.

files-title = Arquivos
files-intro = Visitantes e operadores podem enviar arquivos nas conversas: as imagens aparecem na conversa, todo o resto é baixado. Estas regras valem para todos os canais. O tipo de um arquivo é lido do conteúdo dele, não do nome.
files-loading = Carregando…
files-max = Maior arquivo, em MB
files-max-hint = Até { $most } MB. Um arquivo maior é recusado antes que qualquer parte dele seja armazenada, e quem o envia é informado do limite.
files-kinds = O que pode ser enviado
files-kind-image = Imagens (PNG, JPEG, GIF, WebP)
files-kind-pdf = Documentos PDF
files-kind-text = Texto simples
files-kind-csv = Tabelas CSV
files-kind-office = Documentos de escritório (Word, Excel, PowerPoint, OpenDocument)
files-none = Nada está marcado: ninguém pode enviar arquivos.
files-others = Todo o resto, como programas, páginas da web e desenhos SVG, é recusado.

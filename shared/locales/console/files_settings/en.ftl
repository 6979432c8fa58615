# The files page (the whole account, #21): `console/src/view/files_settings.rs`.
# Same checks as ../en.ftl.

files-title = Files
files-intro = Visitors and operators may send files in conversations: pictures show in the conversation, everything else is downloaded. These rules hold for every channel. A file's kind is read from its contents, not from its name.
files-loading = Loading…
files-max = Largest file, in MB
files-max-hint = Up to { $most } MB. A larger file is refused before any of it is stored, and the sender is told the limit.
files-kinds = What may be sent
files-kind-image = Pictures (PNG, JPEG, GIF, WebP)
files-kind-pdf = PDF documents
files-kind-text = Plain text
files-kind-csv = CSV tables
files-kind-office = Office documents (Word, Excel, PowerPoint, OpenDocument)
files-none = Nothing is checked: nobody can send files.
files-others = Anything else, such as programs, web pages and SVG drawings, is refused.

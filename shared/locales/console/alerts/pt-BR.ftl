# Os alertas. Ver en.ftl.

alerts-offered = Nova conversa: { $name }
alerts-transferred = { $name } agora é sua
alerts-late = { $name } aguarda uma resposta
alerts-late-anyone = Um cliente aguarda uma resposta
alerts-title = Console do Canal

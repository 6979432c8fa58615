# A avaliação do supervisor de uma conversa. Ver en.ftl.

supervisor-rating-title = Avaliação do supervisor
supervisor-rating-shown = Avaliação do supervisor:
supervisor-rating-legend = Avaliar como supervisor
supervisor-rating-like = Gostei
supervisor-rating-dislike = Não gostei
supervisor-rating-comment = Comentário (opcional)
supervisor-rating-save = Salvar avaliação

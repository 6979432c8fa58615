# La evaluación del supervisor de una conversación. Ver en.ftl.

supervisor-rating-title = Evaluación del supervisor
supervisor-rating-shown = Evaluación del supervisor:
supervisor-rating-legend = Evaluar como supervisor
supervisor-rating-like = Me gusta
supervisor-rating-dislike = No me gusta
supervisor-rating-comment = Comentario (opcional)
supervisor-rating-save = Guardar evaluación

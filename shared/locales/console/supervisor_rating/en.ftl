# The supervisor's rating of a conversation (R-QA-3).

supervisor-rating-title = Supervisor's rating
supervisor-rating-shown = Supervisor's rating:
supervisor-rating-legend = Rate as supervisor
supervisor-rating-like = Like
supervisor-rating-dislike = Dislike
supervisor-rating-comment = Comment (optional)
supervisor-rating-save = Save rating

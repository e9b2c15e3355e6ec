"""What a request, a plan and an event are, and what makes a plan valid.

Nothing here imports `solver` or `service`: data flows one way
(models <- solver <- service).
"""

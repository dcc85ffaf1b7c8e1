"""Exceptions every app's services share."""


class InvalidTransition(Exception):
    """The action is not possible from the object's current state (a workflow
    step out of order, or a concurrent change won the race). Views turn it into
    a message; ``ValidationError`` is for problems the user can fix in a form."""

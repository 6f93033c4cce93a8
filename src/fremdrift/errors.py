"""Errors a user can act on: the command line prints the message as one line, never a traceback."""


class UserError(Exception):
    """Something the user gave us is wrong; the message says what and what to do."""

    exit_code = 2

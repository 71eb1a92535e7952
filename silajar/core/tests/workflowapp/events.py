"""The toy procedure's event sentences."""

EVENTS = {
    "errand.finish": "%(actor)s finished the errand %(object)s",
    "errand.reopen": "%(actor)s reopened the errand %(object)s",
}

"""What the access log may show of a request's URL."""

from __future__ import annotations

import logging


class QueryRedaction(logging.Filter):
    """Keeps the values of query parameters the spec does not know out of the access log.

    A client may put its key in the URL (`?access_token=...`); the spec's own parameters (`limit`,
    `after`, `brand`, ...) keep their values, which are what a reader of the log needs."""

    def __init__(self, known: set[str]) -> None:
        super().__init__()
        self.known = known

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str) and "?" in args[2]:
            path, _, query = args[2].partition("?")
            shown = [
                pair if pair.partition("=")[0] in self.known else pair.partition("=")[0] + "=[redacted]"
                for pair in query.split("&")
            ]
            record.args = (args[0], args[1], f"{path}?{'&'.join(shown)}", args[3], args[4])
        return True

"""Keeping share tokens and answer text out of server logs.

A share token in a URL (`/f/<token>`, `/s/<token>`, `/c/<token>`) is all anyone needs to answer a
form, read a feedback page or co-assess as someone, so access logs, which are kept, copied and
shipped elsewhere, must not hold it.
The same goes for any query-string parameter whose name says it is a token. `redact` rewrites a
log line; gunicorn (`logger_class` in gunicorn.conf.py) and Flask's development server
(the `werkzeug` logger, through `init_app`) both pass their lines through it.

Answer text is a different matter: the app never logs it (tests/test_logs.py checks the paths
that handle it). A database error can still quote it: SQLAlchemy's message lists the statement's
values (config.py sets `hide_parameters`) and PostgreSQL's own DETAIL quotes the row ("Failing
row contains (…)"). Flask logs any unhandled error with its message, and flask-admin logs a failed
save the same way, so on those loggers `DatabaseErrorFilter` keeps a database error's frames and
type and leaves its message out.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from flask import Flask
from gunicorn.glogging import Logger as GunicornLogger
from sqlalchemy.exc import SQLAlchemyError

REDACTED = "[redacted]"

# The path segment after /f/, /s/ or /c/ (participant forms, feedback pages, co-assessors' links),
# wherever it appears: request line, path, Referer (a form page's own requests carry it), Location.
_SHARE_PATH = re.compile(r"(/[fsc]/)[^/?#\s\"']+")
# Values of query parameters named like `token`, `share_token`, `TOKEN` …, in a URL or in a
# bare query string (gunicorn's %(q)s).
_TOKEN_PARAM = re.compile(
    r"(?:^|(?<=[?&;\s\"']))([^=&;#?/\s\"']*token[^=&;#?/\s\"']*=)[^&;#\s\"']*", re.IGNORECASE
)


def redact(text: str) -> str:
    """`text` with share tokens replaced by "[redacted]"; everything else left as it was."""
    return _TOKEN_PARAM.sub(rf"\g<1>{REDACTED}", _SHARE_PATH.sub(rf"\g<1>{REDACTED}", text))


class RedactingFilter(logging.Filter):
    """Rewrites each record's finished message through `redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class DatabaseErrorFilter(logging.Filter):
    """Logs a database error's traceback frames and exception types, not its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and any(isinstance(e, SQLAlchemyError) for e in _chain(exc)):
            record.exc_text = _without_messages(exc)
            record.exc_info = None
        return True


def _chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    return chain


def _without_messages(exc: BaseException) -> str:
    names = " from ".join(f"{type(e).__module__}.{type(e).__qualname__}" for e in _chain(exc))
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return (
        f"Traceback (most recent call last):\n{frames}{names} "
        "(message left out: a database error can quote the values being written)"
    )


def _add_filter(logger: logging.Logger, kind: type[logging.Filter]) -> None:
    if not any(isinstance(f, kind) for f in logger.filters):
        logger.addFilter(kind())


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger with share tokens taken out of access lines and error lines (a failed
    request is logged with its URI). The finished line is redacted once, whatever atoms the
    access-log format uses (%(r)s, %(U)s, %(q)s, %(f)s, headers …): cheaper than cleaning
    every atom on every request, and nothing a format can add escapes it."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        _add_filter(self.error_log, RedactingFilter)
        _add_filter(self.access_log, RedactingFilter)


def init_app(app: Flask) -> None:
    # Flask's development server logs each request line to "werkzeug"; Flask logs unhandled
    # errors as "Exception on <path>", with the traceback, to the app's logger; flask-admin
    # logs a failed create, save or delete with its traceback.
    _add_filter(logging.getLogger("werkzeug"), RedactingFilter)
    for logger in (app.logger, logging.getLogger("flask-admin.sqla")):
        _add_filter(logger, RedactingFilter)
        _add_filter(logger, DatabaseErrorFilter)

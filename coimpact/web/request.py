"""The request class: posted fields as every part of the app can read them."""

from __future__ import annotations

from flask import Request as FlaskRequest
from werkzeug.datastructures import ImmutableMultiDict


class Request(FlaskRequest):
    """Drops multipart fields whose name Werkzeug could not read.

    A crafted multipart body (a field named "\\r", say) gives a field whose name is None;
    Flask-WTF's CSRF check, WTForms and our own readers all expect text and would fail with a
    500 before any view could answer. Such a field cannot be anything a page of ours sent.
    """

    def _load_form_data(self) -> None:
        super()._load_form_data()
        for attribute in ("form", "files"):
            fields = self.__dict__.get(attribute)
            if fields is not None and None in fields:
                self.__dict__[attribute] = ImmutableMultiDict(
                    (name, value) for name, value in fields.items(multi=True) if name is not None
                )

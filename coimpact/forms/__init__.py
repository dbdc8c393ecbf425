"""WTForms used by the app: staff sign-in here; participant forms are built from stored
definitions (see `participant.py` once forms are served)."""

from coimpact.forms.auth import LoginForm

__all__ = ["LoginForm"]

"""`make load`: simulated participants against the app under gunicorn, then a count of what was
stored. See load/__main__.py for the run and its settings."""

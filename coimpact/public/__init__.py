"""Pages anyone may open: landing page, health check, and the participant forms.

The forms check their own CSRF token (the blueprint is exempt from the global check) so that an
expired token re-shows the page with every answer instead of a bare 400.
"""

# Each module registers its pages on the blueprint as it is imported.
from coimpact.public import coassess, easy, feedback, limits, pages, standard  # noqa: F401
from coimpact.public.blueprint import bp

__all__ = ["bp"]

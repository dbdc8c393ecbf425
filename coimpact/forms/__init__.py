"""Forms used on both sides of the app: staff sign-in (`auth`), the participant form built from
a published version (`participant`), what a share link leads to (`published`) and what a sent
form becomes (`submission`), the last shared by the participant pages and paper entry."""

from coimpact.forms.auth import LoginForm

__all__ = ["LoginForm"]

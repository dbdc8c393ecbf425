"""Co-assessment in the admin: a project's co-assessors and their links, the group session
mode for a shared screen, the decision log, closing a period, and where easy-read wording is
missing. The co-assessors' own pages are public (`/c/<token>`), not here."""

"""Collecting evidence in the admin: forms and their questions, share links, paper entry and
responses."""

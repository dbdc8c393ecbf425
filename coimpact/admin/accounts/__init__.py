"""Accounts in the admin (admins only): users, memberships and the audit log."""

"""Staff sign-in: the sign-in pages, who may see what, wrong-password lockout, password hashing."""

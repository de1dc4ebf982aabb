"""Accounts: sign-in, the second factor, lockout, users and API tokens, and who may see what."""

"""Convene notifications: SMS, email, calendar invites and reply understanding (no web or DB)."""

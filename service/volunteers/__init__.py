"""Volunteers: the roster (details, certifications, availability, blackouts, conflicts) and links."""

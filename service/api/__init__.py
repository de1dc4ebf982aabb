"""The JSON API under /api/v1: thin routers that call the use-case modules."""

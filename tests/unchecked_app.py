"""The application with the use cases' overlap check taken out, for tests/test_concurrency.py.

A server process imports this module (uvicorn `unchecked_app:app`), so the patch reaches every
worker process. With `seats.overlapping_seat` gone, only the database can refuse a double booking.
"""

from service.hearings import seats

seats.overlapping_seat = lambda *args, **kwargs: None

from service.main import create_app  # noqa: E402  (after the patch, which it must not undo)

app = create_app()

"""Hearings: booking, moving and cancelling, seats held by hand, and other times that would do."""

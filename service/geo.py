"""Distances and the nearest neighborhood to a point."""

from __future__ import annotations

import math

from sqlmodel import Session, select

from service.models import Neighborhood

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_neighborhood(
    session: Session, lat: float, lon: float, max_km: float = 15.0
) -> Neighborhood | None:
    """The neighborhood whose centroid is closest, if within `max_km`."""
    best, best_d = None, max_km
    for n in session.exec(select(Neighborhood)).all():
        d = haversine_km(lat, lon, n.lat, n.lon)
        if d <= best_d:
            best, best_d = n, d
    return best

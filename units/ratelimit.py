"""A fixed-window request limit per client address, in Django's cache.

Used by the public pages (award look-up, certificate verification). With
``CACHE_URL`` pointing at Redis the count holds across all web workers.
"""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is set by the client unless a trusted
    # proxy rewrites it, and trusting it would let anyone reset their own limit.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request: HttpRequest, *, scope: str, per_minute: int) -> bool:
    """Count this request against ``scope`` for the current minute; true once
    the address has made more than ``per_minute`` requests in it."""
    minute = int(timezone.now().timestamp() // 60)
    key = f"ratelimit:{scope}:{client_ip(request)}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > per_minute

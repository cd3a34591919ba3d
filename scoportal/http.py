"""When the published content last changed, for the API's ``Last-Modified`` (``api/http.py``)."""

import math

from django.core.cache import cache
from django.db.models import Max, Min, Q
from django.utils import timezone

LAST_MODIFIED_CACHE_KEY = "api:content-last-modified"
LAST_MODIFIED_TTL = 60  # seconds; bounds the lag of a change made in another process (an import, another worker)


def content_last_modified():
    """When the published content last changed: cached, so a read costs no query most of the time.

    Computed as the latest ``updated_at`` of any article (publishing,
    unpublishing and editing all save the article, so a list that loses an
    article moves this forward too) or the latest publication date that has
    come (a scheduled article appearing), never in the future. Cached for
    ``LAST_MODIFIED_TTL`` seconds at most, and no later than the next scheduled
    publication; a save or delete of content in this process moves it to now
    (``touch_content``).
    """
    cached = cache.get(LAST_MODIFIED_CACHE_KEY)
    if cached is not None:
        return cached or None  # "" caches "no articles at all"
    from articles.models import Article

    now = timezone.now()
    dates = Article.objects.aggregate(
        updated=Max("updated_at", filter=Q(updated_at__lte=now)),
        published=Max("published_at", filter=Q(published_at__lte=now)),
        scheduled=Min("published_at", filter=Q(published_at__gt=now, status=Article.Status.PUBLISHED)),
    )
    values = [dates[name] for name in ("updated", "published") if dates[name] is not None]
    value = max(values) if values else None
    timeout = LAST_MODIFIED_TTL
    if dates["scheduled"] is not None:
        timeout = max(1, min(timeout, math.ceil((dates["scheduled"] - now).total_seconds())))
    cache.set(LAST_MODIFIED_CACHE_KEY, value or "", timeout)
    return value


def touch_content(sender=None, **kwargs):
    """Content changed just now: the next API read says so in ``Last-Modified``.

    Called by ``scoportal.content_cache`` when a content change commits.
    """
    cache.set(LAST_MODIFIED_CACHE_KEY, timezone.now(), LAST_MODIFIED_TTL)

"""Partner API keys, made, hashed and checked by djangorestframework-api-key.

A partner sends ``Authorization: Api-Key <key>`` (api/authentication.py) for a
higher rate limit than anonymous readers (api/throttles.py). Keys are issued
and revoked in the admin (api/admin.py); the key is shown once and never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager


class ApiKeyManager(BaseAPIKeyManager):
    def assign_key(self, obj):
        """Give ``obj`` a new key's prefix and hash; return the key itself, to be shown once.

        The library's generator makes the key (``<prefix>.<secret>``) and its
        SHA-512 hash. Unlike the library we keep a numeric primary key rather
        than ``<prefix>.<hash>``, so the hash never appears in the admin's URLs,
        the throttles' cache keys or logs.
        """
        key, obj.prefix, obj.hashed_key = self.key_generator.generate()
        return key


class ApiKey(AbstractAPIKey):
    """A partner's API key: the library's prefix, hash, ``revoked`` flag and expiry, plus its use.

    The library looks a key up by its prefix (stored in clear: it also names the
    key in the admin) and compares the hash in constant time
    (``ApiKey.objects.get_from_key``).
    """

    id = models.BigAutoField(primary_key=True)
    name = models.CharField("partner", max_length=200, help_text="Who the key is for.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    request_count = models.PositiveBigIntegerField(default=0, editable=False)

    objects = ApiKeyManager()

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def revoke(self):
        """Revoke the key for good (it is kept for its history; the library refuses to un-revoke it)."""
        if self.revoked:
            return
        self.revoked = True
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked", "revoked_at"])

    def record_use(self):
        """Count one request and stamp the time, in one UPDATE (no lost increments)."""
        now = timezone.now()
        type(self).objects.filter(pk=self.pk).update(request_count=F("request_count") + 1, last_used_at=now)
        self.last_used_at = now

"""Admin for partner API keys: issue (the key is shown once), list and revoke."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from rest_framework_api_key.admin import APIKey as LibraryAPIKey

from api.models import ApiKey
from articles.admin_merge import ValidSelectionMixin

# The library registers its own concrete APIKey model; its table stays empty (ours has the partner's
# fields), so only ours is in the admin. Importing the library's admin first makes the order certain.
admin.site.unregister(LibraryAPIKey)

DETAIL_FIELDS = (
    "name",
    "prefix",
    "revoked",
    "created_by",
    "created",
    "revoked_at",
    "last_used_at",
    "request_count",
)


@admin.register(ApiKey)
class ApiKeyAdmin(ValidSelectionMixin, admin.ModelAdmin):
    """Only the partner's name is entered; the key is generated on save.

    The key appears once, in the message after "Save", and is not kept
    anywhere: the row holds its prefix and hash only, and the hash is never
    shown (it is in no list column, field, filter or URL).
    """

    list_display = ("name", "prefix", "revoked", "created", "last_used_at", "request_count")
    list_filter = ("revoked",)
    search_fields = ("name", "prefix")
    date_hierarchy = "created"
    actions = ["revoke_keys"]

    def get_fields(self, request, obj=None):
        return ("name",) if obj is None else DETAIL_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else DETAIL_FIELDS[1:]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = ApiKey.objects.assign_key(obj)
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            format_html(
                "The API key for “{}” is <code>{}</code>. Copy it now and give it to the partner: "
                "it is stored only as a hash and will not be shown again.",
                obj.name,
                key,
            ),
            messages.WARNING,
        )

    @admin.action(description="Revoke selected API keys", permissions=["change"])
    def revoke_keys(self, request, queryset):
        count = queryset.filter(revoked=False).update(revoked=True, revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} API key(s).", messages.SUCCESS)

"""The "Merge selected …" admin action, shared by people, authors and sources.

The editor selects two or more rows and picks the action. A confirmation page
lists them, asks which one to keep, and carries each row's fingerprint (a hash
of what the editor saw). Posting it back with ``post=yes`` merges them, in one
transaction, only if every row is still as it was shown: otherwise someone
changed or deleted one meanwhile and nothing is merged.

Merging deletes rows, so the action needs the delete permission, and the
posted confirmation checks it again on its own.
"""

import hashlib
import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse

MAX_PK = 2**63 - 1
MAX_ROWS = 50  # a merge is of a few duplicates; "select all" of a whole table is a mistake


class ValidSelectionMixin:
    """For any ModelAdmin with actions: a selection that is not integer ids gets a message, not a 500.

    (Django's own action handling filters on the posted ids before any action runs.)
    """

    def response_action(self, request, queryset):
        if parse_ids(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)) is None:
            self.message_user(request, "The selection is not valid; nothing was changed.", messages.ERROR)
            return None
        return super().response_action(request, queryset)


def parse_ids(values):
    """The posted primary keys as integers, or None if any is not a valid id."""
    try:
        ids = [int(value) for value in values]
    except (TypeError, ValueError):
        return None
    return ids if all(0 < pk <= MAX_PK for pk in ids) else None


def fingerprint(obj, *related):
    """A hash of the row's editable fields and of ``related`` (what the merge moves, e.g. aliases and a count)."""
    fields = {f.attname: f.value_from_object(obj) for f in obj._meta.concrete_fields if f.editable}
    payload = json.dumps([fields, related], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def merge_action(merge, *, fingerprint, summary=None):
    """An admin action that merges the selected rows into one with ``merge(keep, others)``.

    ``merge`` returns a result whose ``str()`` is the success message;
    ``fingerprint(obj)`` is the state a row must still have when the merge is
    confirmed; ``summary(obj)``, if given, describes a row on the confirmation page.
    """

    @admin.action(description="Merge selected %(verbose_name_plural)s", permissions=["delete"])
    def merge_selected(modeladmin, request, queryset):
        if request.POST.get("post") == "yes":
            merge_confirmed(modeladmin, request, merge, fingerprint)
            return None  # back to the changelist, with the message
        return confirmation_page(modeladmin, request, queryset, fingerprint, summary)

    return merge_selected


def confirmation_page(modeladmin, request, queryset, fingerprint, summary):
    opts = modeladmin.model._meta
    objects = list(queryset.order_by("pk")[: MAX_ROWS + 1])
    if not 2 <= len(objects) <= MAX_ROWS:
        message = f"Select between 2 and {MAX_ROWS} {opts.verbose_name_plural} to merge."
        modeladmin.message_user(request, message, messages.ERROR)
        return None
    rows = [
        {
            "obj": obj,
            "fingerprint": fingerprint(obj),
            "summary": summary(obj) if summary else "",
            "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)]),
        }
        for obj in objects
    ]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {opts.verbose_name_plural}",
        "subtitle": None,
        "opts": opts,
        "rows": rows,
        "action_name": "merge_selected",  # the name of the action function
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/merge_confirmation.html", context)


class _Changed(Exception):
    """A selected row is not as the confirmation page showed it."""


def merge_confirmed(modeladmin, request, merge, fingerprint):
    """Run the merge the editor confirmed, or say why not; changes nothing unless it succeeds."""
    model, plural = modeladmin.model, modeladmin.model._meta.verbose_name_plural
    if not modeladmin.has_delete_permission(request):
        raise PermissionDenied
    ids = sorted(set(parse_ids(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)) or []))
    keep_id = (parse_ids([request.POST.get("keep", "")]) or [None])[0]
    if not 2 <= len(ids) <= MAX_ROWS or keep_id not in ids:
        message = f"Choose two or more different {plural} and the one to keep among them. Nothing was merged."
        modeladmin.message_user(request, message, messages.ERROR)
        return
    shown = {pk: request.POST.get(f"fingerprint_{pk}") for pk in ids}
    try:
        with transaction.atomic():
            locked = model._default_manager.select_for_update().filter(pk__in=ids).order_by("pk")
            rows = {obj.pk: obj for obj in locked}
            if rows.keys() != set(ids) or any(fingerprint(rows[pk]) != shown[pk] for pk in ids):
                raise _Changed
            keep = rows.pop(keep_id)
            others = list(rows.values())
            modeladmin.log_deletions(request, others)
            result = merge(keep, others)
            modeladmin.log_change(request, keep, str(result))
    except _Changed:
        message = (
            f"Some of the selected {plural} were changed or deleted since the merge was shown. "
            "Nothing was merged: select them again to see them as they are now."
        )
        modeladmin.message_user(request, message, messages.ERROR)
        return
    modeladmin.message_user(request, str(result), messages.SUCCESS)

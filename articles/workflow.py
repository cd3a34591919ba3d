"""The editorial workflow: draft → in review → published → archived.

Plain functions taking ``(article, user)``, called by admin actions, commands and
API views alike. Each checks the user's permission on the server (raising
``PermissionDenied``) before the transition (raising ``WorkflowError`` when the
article is not in a state it can move from), re-reads the status under a row
lock so a stale instance cannot skip a step, saves only ``status``,
``published_at`` and ``updated_at``, and records the change as a revision.

    submit     draft → in_review                 articles.change_article
    publish    draft, in_review → published      articles.publish_article
    unpublish  published → draft                 articles.publish_article
    archive    any but archived → archived       articles.publish_article
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.history import record
from articles.models import Article

Status = Article.Status

CHANGE = "articles.change_article"
PUBLISH = "articles.publish_article"
SAVED_FIELDS = ["status", "published_at", "updated_at"]
COMMENTS = {
    Status.IN_REVIEW: "Submitted for review.",
    Status.PUBLISHED: "Published.",
    Status.DRAFT: "Unpublished (back to draft).",
    Status.ARCHIVED: "Archived.",
}
EDITABLE = {Status.DRAFT, Status.IN_REVIEW}


class WorkflowError(ValueError):
    """The article cannot make this transition from its current status."""


def _require(user, perm):
    if user is None or not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to do this ({perm}).")


def may_edit(user, article=None):
    """Contributors edit drafts and articles in review; published and archived ones take an editor."""
    if not user.has_perm(CHANGE):
        return False
    return article is None or article.status in EDITABLE or user.has_perm(PUBLISH)


def _label(status):
    return str(Status(status).label).lower()


def _transition(article, user, perm, allowed, target, verb, published_at=None):
    _require(user, perm)
    with record(article, user, COMMENTS[target]):
        current = Article.objects.select_for_update().values_list("status", flat=True).get(pk=article.pk)
        article.status = current
        if current not in allowed:
            names = " or ".join(_label(s) for s in allowed)
            raise WorkflowError(f"Cannot {verb} “{article}”: it is {_label(current)}; only {names} articles can be.")
        article.status = target
        if published_at is not None:
            article.published_at = published_at
        article.save(update_fields=SAVED_FIELDS)
    return article


def article_submit(article, user):
    """Send a draft to review."""
    return _transition(article, user, CHANGE, [Status.DRAFT], Status.IN_REVIEW, "submit")


def article_publish(article, user, at=None):
    """Publish a draft or an article in review.

    ``at`` sets the publication date; a future date schedules the article (it is
    not public until then). Without ``at`` the article keeps its date, and an
    article with no date stays undated, which is public at once.
    """
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    return _transition(article, user, PUBLISH, [Status.DRAFT, Status.IN_REVIEW], Status.PUBLISHED, "publish", at)


def article_unpublish(article, user):
    """Take a published (or scheduled) article back to draft; its date is kept."""
    return _transition(article, user, PUBLISH, [Status.PUBLISHED], Status.DRAFT, "unpublish")


def article_archive(article, user):
    """Withdraw an article from any status for good."""
    allowed = [Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED]
    return _transition(article, user, PUBLISH, allowed, Status.ARCHIVED, "archive")


ACTIONS = {
    "submit": (article_submit, CHANGE),
    "publish": (article_publish, PUBLISH),
    "unpublish": (article_unpublish, PUBLISH),
    "archive": (article_archive, PUBLISH),
}


def articles_bulk(action, queryset, user):
    """Apply one action ("submit", "publish", "unpublish" or "archive") to many articles.

    Returns ``(changed, refused)``: how many articles moved, and how many could
    not make the transition from their status (these are left as they were).
    Raises ``PermissionDenied`` before touching anything if the user may not do
    the action at all. All or nothing if anything else goes wrong.
    """
    try:
        function, perm = ACTIONS[action]
    except KeyError:
        raise ValueError(f"Unknown workflow action {action!r}; expected one of {', '.join(ACTIONS)}.") from None
    _require(user, perm)
    changed = refused = 0
    with transaction.atomic():
        for article in queryset.order_by("pk"):  # one lock order, so concurrent bulk actions cannot deadlock
            try:
                function(article, user)
            except WorkflowError:
                refused += 1
            else:
                changed += 1
    return changed, refused

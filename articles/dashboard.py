"""The editorial dashboard on the admin index: what is waiting for an editor.

``editorial_dashboard(user)`` returns the panels' data in at most four queries,
whatever the number of articles: one aggregate for every article count, one
count of people, and one short list each for the review queue and the recent
imports. It returns ``None``, and runs no query, for a user who may not view
articles; the people panel needs ``people.view_person`` as well.

Each count links to the admin list filtered to the same articles, by the query
strings the article and person admins' filters accept.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from people.models import Person

LIST_LENGTH = 5
RECENT_DAYS = 7

VIEW_ARTICLE = "articles.view_article"
VIEW_PERSON = "people.view_person"


def _changelist(model, query):
    return f"{reverse(f'admin:{model}_changelist')}?{query}"


def _article_rows(queryset, *fields):
    """The first few articles as dicts of ``fields``, with the link to each one's change page."""
    rows = []
    for row in queryset.values("pk", "title", *fields)[:LIST_LENGTH]:
        row["url"] = reverse("admin:articles_article_change", args=[row["pk"]])
        if "status" in row:
            row["status_label"] = Article.Status(row["status"]).label
        rows.append(row)
    return rows


def imported_since(days=RECENT_DAYS, now=None):
    """Where "imported in the last ``days`` days" starts: local midnight that many days before today.

    The same window as the article admin's ``imported=7d`` filter
    (articles/admin_filters.py), so the count and the list it links to agree.
    """
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start_of_today - datetime.timedelta(days=days)


def editorial_dashboard(user, now=None):
    if not user.has_perm(VIEW_ARTICLE):
        return None
    in_review = Q(status=Article.Status.IN_REVIEW)
    imported = Q(created_at__gte=imported_since(now=now))

    counts = Article.objects.aggregate(
        in_review=Count("pk", filter=in_review),
        imported=Count("pk", filter=imported),
        no_date=Count("pk", filter=Q(published_at__isnull=True)),
        no_source=Count("pk", filter=Q(source__isnull=True)),
    )
    review_queue = Article.objects.filter(in_review).order_by("-updated_at", "-pk")
    recent = Article.objects.filter(imported).order_by("-created_at", "-pk")

    dashboard = {
        "in_review": {
            "count": counts["in_review"],
            "articles": _article_rows(review_queue, "updated_at"),
            "url": _changelist("articles_article", "status__exact=in_review"),
        },
        "imported": {
            "count": counts["imported"],
            "days": RECENT_DAYS,
            "articles": _article_rows(recent, "status", "created_at"),
            "url": _changelist("articles_article", f"imported={RECENT_DAYS}d"),
        },
        "no_date": {"count": counts["no_date"], "url": _changelist("articles_article", "has_date=no")},
        "no_source": {"count": counts["no_source"], "url": _changelist("articles_article", "has_source=no")},
        "no_description": None,
    }
    if user.has_perm(VIEW_PERSON):
        dashboard["no_description"] = {
            "count": Person.objects.filter(description="").count(),
            "url": _changelist("people_person", "has_description=no"),
        }
    return dashboard

"""Article history, kept by django-reversion.

A revision of an article holds the article with its byline, quotes and tag
links (see the registration in ``articles.models``), so comparing or restoring
a revision covers all of them. Imports write in bulk and record no revision
(it would cost the importer several queries a document); instead the first
change to an article records the article as it then stands, so the imported
state can always be restored.
"""

import difflib
from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleAuthor, Author, Place, Source, TaggedPlace, TaggedTopic, Topic
from people.models import Person, Quote

BASELINE_COMMENT = "As it stood before its first recorded change (e.g. as imported)."

# Fields an editor compares, in the order of the change form.
COMPARED_FIELDS = [
    "title",
    "status",
    "published_at",
    "source",
    "dateline",
    "original_url",
    "standfirst",
    "body",
    "author_bio",
    "photo_caption",
    "photo_credit",
]


def article_versions(article_pk):
    """The article's versions, newest first, with their revisions."""
    return Version.objects.get_for_object_reference(Article, article_pk).select_related("revision__user")


def ensure_baseline(article_pk, user=None):
    """Record the article's current state if it has no history yet.

    Call it outside any revision block, before a change is made.
    """
    if reversion.is_active() or article_versions(article_pk).exists():
        return
    article = Article.objects.filter(pk=article_pk).first()
    if article is None:
        return
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(BASELINE_COMMENT)


@contextmanager
def record(article, user, comment):
    """Record a change made outside the admin (workflow, API) as one revision.

    Use as ``with record(article, user, "Published"): ...``. The article and
    what it follows are serialised when the block ends, so the revision holds
    what was saved, including quotes or tag links deleted inside the block.
    """
    ensure_baseline(article.pk, user)
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user if getattr(user, "pk", None) else None)
        reversion.set_comment(comment)
        yield article
        reversion.add_to_revision(article)


@dataclass(frozen=True)
class FieldChange:
    label: str
    lines: list  # (kind, text) with kind one of " ", "-", "+"


def snapshot(version):
    """What an editor sees of one revision of an article: text per labelled field."""
    fields = version.field_dict
    related = _related_rows(version)
    names = _names(fields, related)
    shot = {}
    for name in COMPARED_FIELDS:
        value = fields.get(name if name != "source" else "source_id")
        if name == "source":
            value = names[Source].get(value, "")
        elif name == "status":
            value = Article.Status(value).label if value in Article.Status.values else value
        elif name == "published_at":
            value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
        shot[Article._meta.get_field(name).verbose_name.capitalize()] = str(value or "")
    byline = sorted(related[ArticleAuthor], key=lambda row: (row["position"], row["id"]))
    shot["Byline"] = "\n".join(names[Author].get(row["author_id"], "?") for row in byline)
    shot["Topics"] = "\n".join(sorted(names[Topic].get(row["tag_id"], "?") for row in related[TaggedTopic]))
    shot["Places"] = "\n".join(sorted(names[Place].get(row["tag_id"], "?") for row in related[TaggedPlace]))
    quotes = sorted(related[Quote], key=lambda row: (row["position"], row["id"]))
    shot["Quotes"] = "\n".join(_quote_line(row, names[Person]) for row in quotes)
    return shot


def compare(old, new):
    """The fields that differ between two snapshots, as line diffs."""
    changes = []
    for label, new_text in new.items():
        old_text = old.get(label, "")
        if old_text == new_text:
            continue
        lines = [
            (line[0], line[2:])
            for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines())
            if line[:1] in (" ", "-", "+")
        ]
        changes.append(FieldChange(label, lines))
    return changes


def _related_rows(version):
    """Field dicts of the byline, quotes and tag links stored in the same revision."""
    models = [ArticleAuthor, TaggedTopic, TaggedPlace, Quote]
    types = ContentType.objects.get_for_models(*models)
    by_type = {types[model].pk: model for model in models}
    rows = {model: [] for model in models}
    for other in version.revision.version_set.filter(content_type__in=by_type):
        data = {"id": int(other.object_id), **other.field_dict}
        parent = data.get("article_id", data.get("content_object_id"))
        if parent == int(version.object_id):
            rows[by_type[other.content_type_id]].append(data)
    return rows


def _names(fields, related):
    wanted = {
        Source: {fields.get("source_id")} - {None},
        Author: {row["author_id"] for row in related[ArticleAuthor]},
        Topic: {row["tag_id"] for row in related[TaggedTopic]},
        Place: {row["tag_id"] for row in related[TaggedPlace]},
        Person: {row["person_id"] for row in related[Quote]},
    }
    return {model: dict(model.objects.filter(pk__in=ids).values_list("pk", "name")) for model, ids in wanted.items()}


def _quote_line(row, people):
    who = people.get(row["person_id"], "(person removed)")
    role = ", ".join(part for part in (row.get("role"), row.get("organization")) if part)
    kind = "said" if row.get("is_direct") else "reported"
    return f"{who}{f' ({role})' if role else ''} {kind}: {row.get('text', '')}"

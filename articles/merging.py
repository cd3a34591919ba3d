"""Folding duplicate authors or sources into one, and the helpers people/merging.py shares.

Plain functions: the admin action (articles/admin_merge.py) asks which row
to keep and checks nothing changed meanwhile; these do the merge. Author
names are in the search vector, so merging authors refreshes the vectors of
the articles whose bylines moved; sources are not in it.
"""

from dataclasses import dataclass

from django.db import transaction

from articles.models import Article, ArticleAuthor, Author, Source
from articles.search import refresh_search_vectors


def lock_for_merge(model, keep, others):
    """(keep, others) read again with ``select_for_update``, locked in pk order so that two merges cannot deadlock.

    Call it inside a transaction. Raises ValueError if there is nothing to merge,
    ``model.DoesNotExist`` if a row is gone.
    """
    ids = {keep.pk, *(other.pk for other in others)}
    if len(ids) < 2:
        raise ValueError("A merge needs at least one row other than the one kept.")
    rows = {row.pk: row for row in model._default_manager.select_for_update().filter(pk__in=ids).order_by("pk")}
    if rows.keys() != ids:
        raise model.DoesNotExist(f"A {model._meta.verbose_name} to merge no longer exists.")
    kept = rows.pop(keep.pk)
    return kept, list(rows.values())


def fill_blanks(keep, others, fields):
    """Give each empty field of ``keep`` the first non-empty value among ``others``; returns the fields filled."""
    filled = []
    for field in fields:
        if not getattr(keep, field):
            value = next((getattr(other, field) for other in others if getattr(other, field)), None)
            if value:
                setattr(keep, field, value)
                filled.append(field)
    return filled


def counted(count, singular, plural=None):
    """ "1 quote", "3 quotes"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


@dataclass(frozen=True)
class AuthorsMerged:
    kept: Author
    removed: int
    bylines_moved: int
    duplicates_dropped: int

    def __str__(self):
        dropped = f", {counted(self.duplicates_dropped, 'duplicate byline')} dropped" if self.duplicates_dropped else ""
        return (
            f"Merged {counted(self.removed + 1, 'author')} into “{self.kept}”: "
            f"{counted(self.bylines_moved, 'byline')} moved{dropped}."
        )


@dataclass(frozen=True)
class SourcesMerged:
    kept: Source
    removed: int
    articles_moved: int

    def __str__(self):
        return (
            f"Merged {counted(self.removed + 1, 'source')} into “{self.kept}”: "
            f"{counted(self.articles_moved, 'article')} moved."
        )


def merge_authors(keep, others):
    """Move the bylines of ``others`` to ``keep`` and delete them, in one transaction.

    An article can name an author once: where it named several of the merged
    authors, one byline entry stays, at the earliest of their positions, so
    the byline keeps its order. Empty bio and affiliation are filled from
    ``others``.
    """
    with transaction.atomic():
        keep, others = lock_for_merge(Author, keep, others)
        other_ids = [other.pk for other in others]
        entries = ArticleAuthor.objects.select_for_update().filter(author_id__in=[keep.pk, *other_ids])
        by_article = {}
        for entry in entries.order_by("article_id", "position", "pk"):
            by_article.setdefault(entry.article_id, []).append(entry)

        changed, dropped, bylines_moved = [], [], 0
        for article_entries in by_article.values():
            staying = next((e for e in article_entries if e.author_id == keep.pk), article_entries[0])
            dropped += [e.pk for e in article_entries if e is not staying]
            bylines_moved += staying.author_id != keep.pk
            first_position = article_entries[0].position
            if staying.author_id != keep.pk or staying.position != first_position:
                staying.author_id, staying.position = keep.pk, first_position
                changed.append(staying)
        # Dropping first: the unique (article, author) constraint holds after every statement.
        ArticleAuthor.objects.filter(pk__in=dropped).delete()
        ArticleAuthor.objects.bulk_update(changed, ["author", "position"])

        filled = fill_blanks(keep, others, ["bio", "affiliation"])
        if filled:
            Author.objects.filter(pk=keep.pk).update(**{field: getattr(keep, field) for field in filled})
        Author.objects.filter(pk__in=other_ids).delete()
        refresh_search_vectors(by_article)  # the merged names leave the vectors, the kept one comes in
    return AuthorsMerged(keep, len(others), bylines_moved, len(dropped))


def merge_sources(keep, others):
    """Point the articles of ``others`` at ``keep`` and delete them, in one transaction.

    Empty homepage and country are filled from ``others``.
    """
    with transaction.atomic():
        keep, others = lock_for_merge(Source, keep, others)
        other_ids = [other.pk for other in others]
        articles_moved = Article.objects.filter(source_id__in=other_ids).update(source=keep)
        filled = fill_blanks(keep, others, ["homepage_url", "country"])
        if filled:
            Source.objects.filter(pk=keep.pk).update(**{field: getattr(keep, field) for field in filled})
        Source.objects.filter(pk__in=other_ids).delete()
    return SourcesMerged(keep, len(others), articles_moved)

"""Articles, their sources and authors, and their topic and place tags.

DESIGN: tags. An article carries two kinds of tag, topics ("COVID-19") and
places ("Kazakhstan"), and the site facets on each kind separately. We use two
django-taggit tag models (``Topic`` and ``Place``) with one TaggableManager
each, rather than one tag model with a ``kind`` column, because:

- the same word can be both kinds ("Afghanistan" is a topic and a place), which
  one model with a unique ``name`` could not hold;
- each facet is then a plain join on its own through table, with a real foreign
  key to ``Article`` (no generic relation, no ``kind`` filter on every query);
- ``article.topics`` and ``article.places`` read naturally in code, templates,
  admin forms and the API.
"""

import hashlib
import re

import reversion
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles import search
from scoportal.slugs import base_slug, unique_slug

# A blank line, whatever the line endings (browsers send CRLF).
PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")


def content_hash(raw_text):
    """The identity of an imported document: SHA-256 of its exact text."""
    return hashlib.sha256(raw_text.encode("utf-8")).hexdigest()


# URL fields: only web addresses. Another scheme in an href (javascript:, data:) runs in the reader's
# browser, so the rule is kept at three levels: forms validate the whole URL (http_url_validator),
# save() and a CHECK constraint refuse any other scheme from every write path, and what is emitted
# goes through web_url(), which shows nothing for a value that slipped past both.
HTTP_SCHEMES = ("http://", "https://")
HTTP_URL_MESSAGE = _("Enter a web address starting with http:// or https://.")
http_url_validator = URLValidator(schemes=["http", "https"], message=HTTP_URL_MESSAGE)


def web_url(value):
    """``value`` if it is an http(s) URL (any case), else "": what may be emitted as a link."""
    return value if value and value.lower().startswith(HTTP_SCHEMES) else ""


def http_url_constraint(field, name):
    """The database's half of the rule: the field is empty or starts with http:// or https://."""
    allowed = Q(**{field: ""})
    for scheme in HTTP_SCHEMES:
        allowed |= Q(**{f"{field}__istartswith": scheme})
    return models.CheckConstraint(condition=allowed, name=name, violation_error_message=HTTP_URL_MESSAGE)


def require_http_urls(instance, *fields):
    """Raise ValidationError if one of ``fields`` holds a non-empty value that is not an http(s) URL.

    Called by ``save()``, so every path that saves a model (the admin, the importer,
    commands, the API) meets it. Only the scheme is checked here, as the constraint
    does; the full URL syntax is the forms' check, and a stored http(s) address that
    the validator would find odd must not make an unrelated save fail.
    """
    refused = [field for field in fields if getattr(instance, field) != web_url(getattr(instance, field))]
    if refused:
        raise ValidationError({field: [HTTP_URL_MESSAGE] for field in refused})


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", _("Newspaper")
        NEWS_AGENCY = "news_agency", _("News agency")
        JOURNAL = "journal", _("Journal")
        THINK_TANK = "think_tank", _("Think tank")
        GOVERNMENT = "government", _("Government")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    homepage_url = models.URLField(blank=True, validators=[http_url_validator])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [http_url_constraint("homepage_url", "source_homepage_url_http")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        require_http_urls(self, "homepage_url")
        if not self.slug:
            self.slug = unique_slug(Source, self.name, instance_pk=self.pk, fallback="source")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:source", args=[self.slug])

    @property
    def safe_homepage_url(self):
        """The homepage to link to: "" unless it is an http(s) URL."""
        return web_url(self.homepage_url)


class Author(models.Model):
    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    bio = models.TextField(blank=True)
    affiliation = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, instance_pk=self.pk, fallback="author")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


class AsciiSlugTag(TagBase):
    """A tag whose slug is ASCII, as the URL patterns expect: taggit keeps "Économie" as "économie"."""

    class Meta:
        abstract = True

    def slugify(self, tag, i=None):
        slug = base_slug(tag, fallback=self._meta.model_name)
        return slug if i is None else f"{slug}_{i}"


class Topic(AsciiSlugTag):
    """A subject from the curated vocabulary (articles/ingest/data/topics.json)."""

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])


class Place(AsciiSlugTag):
    """A country, by its common English name."""

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")

    def get_absolute_url(self):
        return reverse("articles:place", args=[self.slug])


@reversion.register()
class TaggedTopic(TaggedItemBase):
    # Both directions are served by two-column indexes (the unique constraint and Meta.indexes),
    # so the foreign keys need no single-column index of their own.
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="topic_links", db_index=False)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_links", db_index=False)

    def __str__(self):
        return self.tag.name

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic")]
        indexes = [models.Index(fields=["tag", "content_object"])]


@reversion.register()
class TaggedPlace(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="place_links", db_index=False)
    tag = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="article_links", db_index=False)

    def __str__(self):
        return self.tag.name

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_place")]
        indexes = [models.Index(fields=["tag", "content_object"])]


# The largest columns of an article, which no public page or API response shows.
IMPORT_DATA = ("raw_text", "search_vector")


def published_condition(now=None, through=""):
    """The rule of ``published()`` as a ``Q``, on articles or ``through`` a relation to one (``"article__"``).

    Through a relation the rule applies to the article the query already joins,
    so a person's quotes, newest article first, can walk the articles' public
    order index and stop after a page; as a semi-join on ``published()`` they
    sorted every article (docs/performance.md).
    """
    now = now or timezone.now()

    def on(lookup, value):
        return Q(**{through + lookup: value})

    return on("status", Article.Status.PUBLISHED) & (on("published_at__lte", now) | on("published_at__isnull", True))


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public and partners may see: the one rule, used everywhere.

        Published status, and a publication date that is not in the future
        (a future date schedules the article). An article published with no
        date at all is visible: many scraped texts carry none.
        """
        return self.filter(published_condition(now))

    def scheduled(self, now=None):
        """Published, with a date still to come: each joins ``published()`` on its date."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def unpublished(self):
        """Any status but published: with ``scheduled()``, everything ``published()`` leaves out."""
        return self.exclude(status=Article.Status.PUBLISHED)

    def next_publication(self, now):
        """When the next scheduled article comes out (``None`` if none is scheduled): ``published()`` changes then."""
        return self.scheduled(now).aggregate(next=models.Min("published_at"))["next"]

    def statuses_locked(self):
        """The statuses of these articles, their rows locked to the end of the transaction (``FOR UPDATE``)."""
        return set(self.select_for_update().values_list("status", flat=True))

    def newest_first(self):
        return self.order_by("-sort_date", "-pk")

    def oldest_first(self):
        return self.order_by("sort_date", "pk")

    def search(self, text):
        """Full-text match annotated with ``rank``; PostgreSQL websearch syntax, a plain match on SQLite."""
        return search.search(self, text)

    def with_snippets(self, text):
        return search.with_snippets(self, text)

    def for_listing(self):
        """What a list of articles shows (source and byline), in two queries whatever the page size."""
        byline = models.Prefetch("byline", queryset=ArticleAuthor.objects.select_related("author"))
        return self.select_related("source").prefetch_related(byline).without_import_data()

    def without_import_data(self):
        """Leave out the imported document and the search vector: large, and never shown to readers."""
        return self.defer(*IMPORT_DATA)

    def with_tags(self):
        return self.prefetch_related("topics", "places")


# History (django-reversion): a revision of an article holds its byline, quotes and
# tag links too, so restoring it restores all of them. The search vector is
# derived data, rebuilt after a restore (articles.history.restore_revision).
@reversion.register(follow=("byline", "quotes", "topic_links", "place_links"), exclude=("search_vector",))
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=255, unique=True, blank=True)
    standfirst = models.TextField(blank=True, help_text=_("Summary or editor's note shown under the title."))
    body = models.TextField(blank=True, help_text=_("Plain text; paragraphs separated by a blank line."))
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    authors = models.ManyToManyField(Author, through="ArticleAuthor", blank=True, related_name="articles")
    published_at = models.DateTimeField(null=True, blank=True)
    # The public order: the publication date, else the import time (an undated article still reads
    # "date not stated"). Never NULL, so the order is a plain index and a stable API cursor.
    sort_date = models.GeneratedField(
        expression=Coalesce("published_at", "created_at"), output_field=models.DateTimeField(), db_persist=True
    )
    dateline = models.CharField(max_length=200, blank=True)
    original_url = models.URLField(max_length=1000, blank=True, validators=[http_url_validator])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    author_bio = models.TextField(blank=True, help_text=_("The note on the author printed with the article."))
    photo_caption = models.TextField(blank=True)
    photo_credit = models.CharField(max_length=300, blank=True)
    import_notes = models.TextField(blank=True, help_text=_("What the importer could not find or was unsure of."))
    raw_text = models.TextField(blank=True, editable=False, help_text=_("The document exactly as imported."))
    content_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # PostgreSQL full-text index (articles/search.py); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    topics = TaggableManager(through=TaggedTopic, blank=True, related_name="articles", verbose_name=_("topics"))
    places = TaggableManager(through=TaggedPlace, blank=True, related_name="articles", verbose_name=_("places"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-sort_date", "-pk"]
        indexes = [
            models.Index(fields=["status", "-sort_date", "-id"], name="article_public_order"),
            # The admin lists every status in the model's order: without this, every page sorted the whole table.
            models.Index(fields=["-sort_date", "-id"], name="article_newest"),
            models.Index(fields=["-published_at"], name="article_published"),
            models.Index(fields=["-created_at"], name="article_created"),
            # The sitemap index dates each section by its most recently changed published articles.
            models.Index(fields=["-updated_at"], name="article_changed"),
            # Filters join links to articles by id, then check visibility: read from this index, not the table.
            models.Index(fields=["id", "status", "published_at"], name="article_visibility"),
        ]
        constraints = [http_url_constraint("original_url", "article_original_url_http")]
        permissions = [("publish_article", "Can publish, unpublish and archive articles")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        require_http_urls(self, "original_url")
        if self._state.adding:
            self.content_hash = content_hash(self.raw_text) if self.raw_text else None
        elif (content_hash(self.raw_text) if self.raw_text else None) != self.content_hash:
            raise ValueError("Article.raw_text is the document as imported and cannot be changed.")
        if not self.slug:
            self.slug = unique_slug(Article, self.title, max_length=200, instance_pk=self.pk, fallback="article")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    def is_scheduled(self, now=None):
        """Published with a date still to come (one of ``ArticleQuerySet.scheduled``): public from that date."""
        now = now or timezone.now()
        return self.may_be_public(self.status) and self.published_at is not None and self.published_at > now

    @staticmethod
    def may_be_public(status):
        """Whether an article of this status is public now or will be when its date comes (see ``published()``)."""
        return status == Article.Status.PUBLISHED

    @property
    def safe_original_url(self):
        """The original article to link to: "" unless it is an http(s) URL."""
        return web_url(self.original_url)

    def paragraphs(self):
        return [p.strip() for p in PARAGRAPH_BREAK.split(self.body) if p.strip()]


@reversion.register()
class ArticleAuthor(models.Model):
    """An author's place in an article's byline, which keeps its order."""

    # (article, author) and (author, article) indexes serve both directions; no single-column ones.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="byline", db_index=False)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="bylines", db_index=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")]
        indexes = [models.Index(fields=["author", "article"])]

    def __str__(self):
        return f"{self.author} on {self.article}"


class ContentState(models.Model):
    """One row: the content version (``articles/content_version.py``), and the version the facet totals count.

    The facet totals are current exactly while ``totals_version == version``
    and no scheduled article has come out since (``totals_valid_until``); see
    ``articles/facet_totals.py``.
    """

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)  # of the last change counted in ``version``
    totals_version = models.BigIntegerField(null=True, blank=True)
    totals_valid_until = models.DateTimeField(null=True, blank=True)  # the next scheduled publication
    totals_computed_at = models.DateTimeField(null=True, blank=True)
    published_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"content version {self.version}"


class FacetTotal(models.Model):
    """The facet counts over all published articles, precomputed by ``refresh_facet_totals``."""

    facet = models.CharField(max_length=16)
    position = models.PositiveIntegerField()  # order within the facet: by count, or years newest first
    value = models.CharField(max_length=255)
    label = models.CharField(max_length=255)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facet", "position"], name="unique_facet_position")]

    def __str__(self):
        return f"{self.facet}: {self.label} ({self.count})"

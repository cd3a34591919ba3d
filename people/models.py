"""The people quoted in articles, and what they said."""

import reversion
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from people.names import name_key
from scoportal.slugs import unique_slug


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if not self.slug:
            self.slug = unique_slug(Person, self.name, instance_pk=self.pk, fallback="person")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.slug])


class PersonAlias(models.Model):
    """Another spelling of a person's name ("Sergey Lujanin" for "Sergei Luzyanin")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("aliases")
        constraints = [models.UniqueConstraint(fields=["person", "name_key"], name="unique_person_alias")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


@reversion.register()  # versioned with its article (Article follows "quotes")
class Quote(models.Model):
    """A statement an article attributes to a person, with the role it gave them.

    Role and organization are stored per quote, as the article states them at
    that time: titles change, and history must not be rewritten.

    ``body_start``/``body_end`` are where the importer read the statement:
    ``article.body[body_start:body_end]`` is its text (or its first words).
    Spans are neither cleared nor moved when an editor changes the body or the
    quote: the article page uses a span only while the text there still is the
    quote's, and otherwise searches the body for it (``portal.mark_quotes``).
    """

    # Meta.indexes (article, position) and (person, article) serve both foreign keys.
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="quotes", db_index=False)
    text = models.TextField()
    is_direct = models.BooleanField(default=False, help_text=_("Direct quotation rather than reported speech."))
    role = models.CharField(max_length=300, blank=True)
    organization = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Order of the statement in the article."))
    body_start = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("Offset in Article.body where the statement starts; set by the importer."),
    )
    body_end = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("Offset in Article.body where the statement ends; set by the importer."),
    )

    class Meta:
        ordering = ["article", "position", "pk"]
        indexes = [
            models.Index(fields=["person", "article"]),
            # person included (PostgreSQL): the quoted-person facet of a short list of articles reads the index only
            models.Index(fields=["article", "position"], include=["person"], name="quote_article_position"),
        ]
        constraints = [
            models.CheckConstraint(  # both or neither: half a span places nothing
                condition=Q(body_start__isnull=True, body_end__isnull=True)
                | Q(body_start__isnull=False, body_end__isnull=False, body_start__lte=F("body_end")),
                name="quote_body_span",
                violation_error_message=_("A quote's span in the body needs a start and an end, the start first."),
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"


class PersonTotal(models.Model):
    """A person's figures over the published articles, precomputed with the facet totals (``people/totals.py``).

    Written in the same transaction as ``FacetTotal`` and current exactly when it
    is (``articles.facet_totals.current_state()``); pages read these rows only
    then and count live otherwise. Only a person quoted in a published article
    has one.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="total")
    rank = models.PositiveIntegerField(unique=True)  # the index's order: most quoted first, then by name
    quote_count = models.PositiveIntegerField()  # their quotes in published articles
    last_changed = models.DateTimeField()  # the newest change among those articles: the sitemap's lastmod
    # None, as ``queries.latest_role``: no published quote of theirs states a role
    latest_role = models.CharField(max_length=300, null=True)  # noqa: DJ001
    latest_organization = models.CharField(max_length=300, null=True)  # noqa: DJ001
    topics = models.JSONField(default=list)  # ``queries.person_topics``: [{slug, name, count}], most articles first

    def __str__(self):
        return f"{self.person_id}: {self.quote_count} quotes"

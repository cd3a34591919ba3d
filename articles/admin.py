"""The editorial admin for articles: review what the importer extracted, fix it, publish it.

Workflow changes go through ``articles.workflow`` (permissions checked there,
on the server); every change is kept as a revision (``articles.history``).
"""

from contextlib import contextmanager
from datetime import datetime

import reversion
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import IntegrityError, models
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from taggit.models import Tag as TaggitTag

from articles import admin_filters, history
from articles.admin_inlines import BylineInline, PlaceInline, QuoteInline, TopicInline
from articles.admin_merge import ValidSelectionMixin, fingerprint, merge_action
from articles.forms import AddTagForm, ImportArticlesForm, PlainTextField
from articles.ingest.runner import FAILED, import_one
from articles.ingest.writer import Lookups
from articles.merging import merge_authors, merge_sources
from articles.models import (
    IMPORT_DATA,
    Article,
    ArticleAuthor,
    ArticleQuerySet,
    Author,
    Place,
    Source,
    TaggedPlace,
    TaggedTopic,
    Topic,
)
from articles.search import is_postgresql, refresh_search_vectors, web_query
from articles.tuning import index_scans_preferred
from articles.views import ArticlePreviewView
from articles.workflow import articles_bulk, may_edit
from people.models import Quote

Status = Article.Status

# The admin is the editors' desk. Without the navigation sidebar the article list and form get the
# 275 px it took at every width (at 1280 px the list's columns were squeezed one word a line); the
# index and the breadcrumbs lead everywhere it did.
admin.site.site_header = "SCO Portal editorial desk"
admin.site.site_title = "SCO Portal editorial desk"
admin.site.index_title = "Dashboard"
admin.site.enable_nav_sidebar = False

SHOWN_NAMES = 2  # a list cell names the first authors or tags, then "+N"; the title attribute names all


# Large text columns no changelist column shows: each page of 50 read them all (the raw document, text,
# search vector) for nothing.
NOT_LISTED = (*IMPORT_DATA, "body", "standfirst", "import_notes", "author_bio", "photo_caption")


class ChangeListQuerySet(ArticleQuerySet):
    """The changelist's articles: the date hierarchy lists the years of the whole list from one cheap query
    (``admin_filters.years_of``) instead of ``DISTINCT`` over every article."""

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        if kind != "year" or tzinfo is not None or self.query.has_filters():
            return super().datetimes(field_name, kind, order, tzinfo)  # filtered: over the matching rows only
        zone = timezone.get_current_timezone()
        years = admin_filters.years_of(self.model, field_name, self.db)
        return [datetime(year, 1, 1, tzinfo=zone) for year in (years if order == "DESC" else reversed(years))]


class ArticleChangeList(ChangeList):
    """The page's rows without their large texts, and their byline and tags in three queries, not per row.

    The prefetched rows are plain lists (``to_attr``): as querysets, Django and
    taggit built a filtered queryset per article and relation, 150 a page.
    Only the list's own queryset is narrowed: actions get theirs from
    ``get_queryset`` whole, since they save and record the articles.
    """

    def get_queryset(self, request, exclude_parameters=None):
        articles = super().get_queryset(request, exclude_parameters)
        # ``_db``, not ``db``: no alias is fixed, so an action's writes are still routed as writes.
        return ChangeListQuerySet(articles.model, articles.query, articles._db, articles._hints)

    def get_results(self, request):
        self.queryset = self.queryset.defer(*NOT_LISTED).prefetch_related(
            Prefetch("byline", ArticleAuthor.objects.select_related("author"), to_attr="listed_byline"),
            Prefetch("topic_links", TaggedTopic.objects.select_related("tag").order_by("tag__name"), "listed_topics"),
            Prefetch("place_links", TaggedPlace.objects.select_related("tag").order_by("tag__name"), "listed_places"),
        )
        super().get_results(request)


def _workflow_action(action, description, permission):
    @admin.action(description=description, permissions=[permission])
    def run(modeladmin, request, queryset):
        modeladmin.run_workflow(request, action, queryset)

    run.__name__ = f"{action}_selected"
    return run


@admin.register(Article)
class ArticleAdmin(ValidSelectionMixin, VersionAdmin):
    list_display = [
        "title_cell",
        "status_label",
        "source_name",
        "byline_names",
        "published_on",
        "quote_count",
        "tag_names",
    ]
    list_filter = [
        "status",
        admin_filters.SourceFilter,
        admin_filters.TopicFilter,
        admin_filters.PlaceFilter,
        admin_filters.MissingTagsFilter,
        admin_filters.YearFilter,
        admin_filters.HasDateFilter,
        admin_filters.HasSourceFilter,
        admin_filters.ImportedFilter,
    ]
    list_select_related = ["source"]
    list_per_page = 50
    search_fields = [  # Django's search, used on SQLite; PostgreSQL reads the same from the search vector
        "title", "body", "byline__author__name", "quotes__person__name", "quotes__person__aliases__name",
        "topics__name", "places__name",
    ]  # fmt: skip
    search_help_text = "Words of the title, text, authors, quoted people (any spelling) and tags."
    date_hierarchy = "published_at"
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {"form_class": PlainTextField},
    }
    readonly_fields = ["raw_text_view", "import_notes", "content_hash", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "published_at", "source", "dateline", "original_url"]}),
        ("Text", {"fields": ["standfirst", ("body", "raw_text_view")]}),
        (
            "Printed with the article",
            {"fields": ["author_bio", "photo_caption", "photo_credit"], "classes": ["collapse"]},
        ),
        ("Import", {"fields": ["import_notes", "content_hash", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [QuoteInline, BylineInline, TopicInline, PlaceInline]  # who said what first: the core of a review
    actions = [
        _workflow_action("submit", "Submit selected articles for review", "change"),
        _workflow_action("publish", "Publish selected articles", "publish"),
        _workflow_action("unpublish", "Unpublish selected articles (back to draft)", "publish"),
        _workflow_action("archive", "Archive selected articles", "publish"),
        "add_tag",
    ]
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True  # the newest revision first, and preselected for comparing with the one before

    # Queries and columns

    def get_queryset(self, request):
        quotes = Quote.objects.filter(article=OuterRef("pk")).order_by().values("article").annotate(n=Count("pk"))
        quote_count = Coalesce(Subquery(quotes.values("n"), output_field=IntegerField()), 0)
        return super().get_queryset(request).annotate(quote_count=quote_count)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "body" in form.base_fields:
            form.base_fields["body"].widget.attrs.update(rows=30)
        return form

    @admin.display(description="title", ordering="title")
    def title_cell(self, article):
        return clamped(article.title)  # three lines at most (admin.css); the link's name keeps the whole title

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        if article.is_scheduled():
            return format_html("Scheduled for {}", timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M"))
        return article.get_status_display()

    @admin.display(description="source", ordering="source__name")
    def source_name(self, article):
        if article.source is None:
            return None
        return clamped(article.source.name)

    @admin.display(description="authors")
    def byline_names(self, article):
        return first_names([link.author.name for link in article.listed_byline])

    @admin.display(description="published", ordering="published_at")
    def published_on(self, article):
        if article.published_at is None:
            return None
        moment = timezone.localtime(article.published_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            moment.isoformat(),
            moment.strftime("%Y-%m-%d %H:%M"),
            moment.strftime("%Y-%m-%d"),
        )

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, article):
        return article.quote_count

    @admin.display(description="tags")
    def tag_names(self, article):
        return first_names([link.tag.name for link in [*article.listed_topics, *article.listed_places]])

    @admin.display(description="Raw text as imported")
    def raw_text_view(self, article):
        if not article.raw_text:
            return "(not imported: written in the admin)"
        # A region of its own, reachable with the keyboard: it scrolls.
        return format_html(
            '<pre class="raw-text" tabindex="0" role="region" aria-label="Raw text as imported">{}</pre>',
            article.raw_text,
        )

    def view_on_site(self, article):
        if Article.objects.published().filter(pk=article.pk).exists():
            return article.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[article.pk])

    # Permissions: contributors edit drafts and articles in review, never publish

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_edit(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("status")
        return fields

    # History: one revision per save, holding the article as saved with its inlines

    @contextmanager
    def create_revision(self, request):
        # Record manually, after the inlines are saved (save_related): reversion's
        # automatic recording would snapshot quotes and tags before the inlines
        # change them, and keep rows the form deleted.
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            yield

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and object_id.isdigit():
            history.ensure_baseline(int(object_id), request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore a revision: judged against the article as it is now, and never a back door to publishing."""
        if not object_id.isdigit():
            raise Http404("No such article.")
        article = get_object_or_404(Article, pk=object_id)
        version = get_object_or_404(history.article_versions(object_id), pk=version_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if version.field_dict.get("status") != article.status and not self.has_publish_permission(request):
            raise PermissionDenied("Restoring this revision would change the article's status.")
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        except (IntegrityError, ObjectDoesNotExist):
            self.message_user(
                request,
                "This revision names a person, author, source or tag that has since been merged or deleted, "
                "so it cannot be restored as it was. Compare it with the current one and copy what you need.",
                messages.ERROR,
            )
            return redirect(reverse("admin:articles_article_history", args=[article.pk]))

    def recover_view(self, request, version_id, extra_context=None):
        # A deleted article comes back with the status it had: an editor's decision.
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Workflow actions record one revision per article themselves (articles.workflow).
        context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
        if not request.GET.get(SEARCH_VAR, "").strip():
            return admin.ModelAdmin.changelist_view(self, request, context)
        with index_scans_preferred(self.get_queryset(request).db):  # a common word: see index_scans_preferred
            response = admin.ModelAdmin.changelist_view(self, request, context)
            return response.render() if hasattr(response, "render") else response  # its queries, in the block

    def get_search_results(self, request, queryset, search_term):
        """On PostgreSQL, the words searched for in the stored search vector, through its GIN index.

        The vector holds the title, standfirst, text, authors, people quoted
        (and their aliases) and tags. Django's own search, ``icontains`` over
        the text and over joined names, took over a minute a page on 100,000 articles.
        """
        if not search_term.strip() or not is_postgresql(queryset.db):
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(search_vector=web_query(search_term)), False

    def delete_model(self, request, obj):
        history.ensure_baseline(obj.pk, request.user)  # so "Recover deleted articles" can bring it back
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            history.ensure_baseline(pk, request.user)
        super().delete_queryset(request, queryset)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tag inlines save link rows directly, which sends no m2m_changed signal.
        refresh_search_vectors([form.instance.pk])
        if reversion.is_active():
            reversion.add_to_revision(form.instance)

    # Actions

    def run_workflow(self, request, action, queryset):
        try:
            changed, refused = articles_bulk(action, queryset, request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        verb = {"submit": "Submitted", "publish": "Published", "unpublish": "Unpublished", "archive": "Archived"}
        self.message_user(
            request, f"{verb[action]} {_articles(changed)}.", messages.SUCCESS if changed else messages.WARNING
        )
        if refused:
            self.message_user(
                request, f"Left {_articles(refused)} as they were: their status does not allow it.", messages.WARNING
            )

    @admin.action(description="Add a tag to selected articles", permissions=["change"])
    def add_tag(self, request, queryset):
        form = AddTagForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            changed, unchanged, refused = 0, 0, 0
            kind, name = form.cleaned_data["kind"], form.cleaned_data["name"]
            for article in queryset.order_by("pk"):
                if not may_edit(request.user, article):
                    refused += 1
                    continue
                manager = getattr(article, kind)
                if manager.filter(name__iexact=name).exists():
                    unchanged += 1
                    continue
                with history.record(article, request.user, f"Added {kind[:-1]} “{name}”."):
                    manager.add(name)
                changed += 1
            self.message_user(request, f"Tagged {_articles(changed)} with “{name}”.", messages.SUCCESS)
            if unchanged:
                self.message_user(request, f"{_articles(unchanged).capitalize()} already had it.", messages.INFO)
            if refused:
                self.message_user(
                    request,
                    f"Refused {_articles(refused)}: you may not change published or archived articles.",
                    messages.WARNING,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add a tag",
            "form": form,
            "articles": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/add_tag.html", context)

    # Extra pages: import, preview, compare revisions

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="articles_article_import"),
            path("<int:object_id>/preview/", view(self.preview_view), name="articles_article_preview"),
            path("<int:object_id>/history/compare/", view(self.compare_view), name="articles_article_compare"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload files or paste text; each document goes through the importer as a draft."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        reports = None
        form = ImportArticlesForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            lookups = Lookups()
            reports = [import_one(name, data, lookups=lookups) for name, data in form.documents()]
            form = ImportArticlesForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import articles",
            "form": form,
            "reports": reports,
            "failed": FAILED,
        }
        return TemplateResponse(request, "admin/articles/article/import.html", context)

    def preview_view(self, request, object_id):
        """The article as the public would see it, whatever its status (staff only)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = ArticlePreviewView.as_view()(request, pk=object_id)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def compare_view(self, request, object_id):
        """Two revisions of an article side by side, field by field."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=object_id)
        versions = history.article_versions(article.pk)
        old_id, new_id = request.GET.get("from", ""), request.GET.get("to", "")
        if not (old_id.isdigit() and new_id.isdigit()):
            self.message_user(request, "Choose two revisions to compare.", messages.ERROR)
            return redirect(reverse("admin:articles_article_history", args=[article.pk]))
        found = {v.revision_id: v for v in versions.filter(revision_id__in=[int(old_id), int(new_id)])}
        if int(old_id) not in found or int(new_id) not in found:
            raise Http404("No such revision of this article.")
        old, new = sorted([found[int(old_id)], found[int(new_id)]], key=lambda v: v.revision.date_created)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Compare revisions of “{article}”",
            "old": old,
            "new": new,
            "changes": history.compare(history.snapshot(old), history.snapshot(new)),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


def _articles(count):
    return f"{count} article{'' if count == 1 else 's'}"


def clamped(text):
    """A list cell cut to a few lines by admin.css (``.clamped``), the whole text in its tooltip."""
    return format_html('<span class="clamped" title="{}">{}</span>', text, text)


def first_names(names, shown=SHOWN_NAMES):
    """A list cell: the first names and "+N" for the others (named to screen readers), all in the tooltip."""
    if not names:
        return None
    rest = names[shown:]
    more = format_html(
        ' <span class="more">+{}<span class="visually-hidden"> more: {}</span></span>', len(rest), ", ".join(rest)
    )
    return format_html('<span title="{}">{}{}</span>', ", ".join(names), ", ".join(names[:shown]), more if rest else "")


@admin.register(Source)
class SourceAdmin(ValidSelectionMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "country", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name"]  # also the article form's source autocomplete
    prepopulated_fields = {"slug": ["name"]}
    actions = [
        merge_action(
            merge_sources,
            fingerprint=lambda source: fingerprint(source, source.articles.count()),
            summary=lambda source: f"{source.article_count} articles; {source.get_kind_display()}",
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, source):
        return source.article_count


@admin.register(Author)
class AuthorAdmin(ValidSelectionMixin, admin.ModelAdmin):
    list_display = ["name", "affiliation", "article_count"]
    search_fields = ["name"]  # also the byline's author autocomplete
    prepopulated_fields = {"slug": ["name"]}
    actions = [
        merge_action(
            merge_authors,
            fingerprint=lambda author: fingerprint(author, author.bylines.count()),
            summary=lambda author: f"{author.article_count} articles; {author.affiliation or 'no affiliation'}",
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("bylines"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, author):
        return author.article_count


@admin.register(Topic, Place)
class TagAdmin(ValidSelectionMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# Topics and places are the tag models here; taggit's own generic Tag model holds nothing.
admin.site.unregister(TaggitTag)

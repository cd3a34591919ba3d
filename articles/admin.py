"""A minimal admin for articles; the editorial admin is built on top of it."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from articles.forms import ImportArticlesForm
from articles.ingest.runner import FAILED, import_one
from articles.ingest.writer import Lookups
from articles.models import Article, ArticleAuthor, Author, Place, Source, Topic


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "source", "published_at"]
    list_filter = ["status", "source"]
    list_select_related = ["source"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source"]
    readonly_fields = ["raw_text", "content_hash", "import_notes", "created_at", "updated_at"]
    inlines = [ArticleAuthorInline]
    change_list_template = "admin/articles/article/change_list.html"

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_view)
        return [path("import/", import_view, name="articles_article_import"), *super().get_urls()]

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


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic, Place)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

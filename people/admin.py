"""The admin for people and quotes: counts, alias search, and merging duplicates."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count

from articles.workflow import may_edit
from people.merging import merge_people
from people.models import Person, PersonAlias, Quote
from scoportal.admin_merge import ValidSelectionMixin, fingerprint, merge_action


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


class HasDescriptionFilter(admin.SimpleListFilter):
    """``?has_description=no`` is what the editorial dashboard links to."""

    title = "has description"
    parameter_name = "has_description"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(description="")
        if self.value() == "no":
            return queryset.filter(description="")
        return queryset


def person_fingerprint(person):
    aliases = sorted(alias.name for alias in person.aliases.all())
    return fingerprint(person, aliases, person.quotes.count())


def person_summary(person):
    aliases = ", ".join(alias.name for alias in person.aliases.all()) or "none"
    return f"{person.quote_count} quotes in {person.article_count} articles; aliases: {aliases}"


@admin.register(Person)
class PersonAdmin(ValidSelectionMixin, admin.ModelAdmin):
    list_display = ["name", "alias_names", "quote_count", "article_count", "slug"]
    list_filter = [HasDescriptionFilter]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]
    actions = [merge_action(merge_people, fingerprint=person_fingerprint, summary=person_summary)]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_count=Count("quotes", distinct=True),
                article_count=Count("quotes__article", distinct=True),
            )
            .prefetch_related("aliases")
        )

    @admin.display(description="aliases")
    def alias_names(self, person):
        return ", ".join(alias.name for alias in person.aliases.all())

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, person):
        return person.quote_count

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, person):
        return person.article_count


@admin.register(Quote)
class QuoteAdmin(ValidSelectionMixin, admin.ModelAdmin):
    list_display = ["person", "article", "is_direct", "role"]
    list_select_related = ["person", "article"]
    search_fields = ["text", "person__name"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["article"]

    def has_change_permission(self, request, obj=None):
        # The same rule as the article's own form: contributors only touch drafts and articles in review.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_edit(request.user, obj.article))

    def save_model(self, request, obj, form, change):
        if not may_edit(request.user, obj.article):  # the article may have been switched in the form
            raise PermissionDenied("Only editors may change quotes of published or archived articles.")
        super().save_model(request, obj, form, change)

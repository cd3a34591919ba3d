"""The admin for people and quotes: counts, alias search, and merging duplicates.

A person's description is shown on their public page as soon as it is saved, with
no review step: only editors (who hold ``articles.publish_article``) may write it.
For contributors the field is read-only, and ``save_model`` refuses a changed one
whatever the form sent.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count

from articles.admin_merge import ValidSelectionMixin, fingerprint, merge_action
from articles.workflow import PUBLISH, may_edit
from people.merging import merge_people
from people.models import Person, PersonAlias, Quote


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


def may_describe(user):
    """Editors write the public description of a person; contributors only read it."""
    return user.has_perm(PUBLISH)


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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if may_describe(request.user) else [*fields, "description"]

    def save_model(self, request, obj, form, change):
        if not may_describe(request.user) and obj.description != self._stored_description(obj):
            raise PermissionDenied("Only editors may change a person's description.")
        super().save_model(request, obj, form, change)

    @staticmethod
    def _stored_description(person):
        """The description as saved ("" for a new person)."""
        if person.pk is None:
            return ""
        return Person.objects.filter(pk=person.pk).values_list("description", flat=True).first() or ""

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

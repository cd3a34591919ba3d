"""A minimal admin for people and quotes; the editorial admin builds on it."""

from django.contrib import admin

from people.models import Person, PersonAlias, Quote


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["person", "article", "is_direct", "role"]
    list_select_related = ["person", "article"]
    search_fields = ["text", "person__name"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["article"]

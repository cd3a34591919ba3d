"""Write endpoints of the partner API: staff only, with the model permissions, through the same code as the admin.

- POST /api/v1/imports/ {"text": …}: the importer makes a draft (never published here).
- PUT/PATCH /api/v1/articles/<slug>/tags/ {"topics": […], "places": […]}: replace an article's tags.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.history import record
from articles.ingest.decode import MAX_BYTES
from articles.ingest.runner import FAILED, import_one
from articles.models import Article
from articles.shared_rows import get_or_create_shared
from articles.workflow import may_edit

MAX_TAGS = 50


def staff_with(permission):
    """A permission class: a logged-in staff member holding ``permission`` (an API key alone never writes)."""

    class StaffWithPermission(BasePermission):
        message = f"Only staff with the {permission} permission may do this."

        def has_permission(self, request, view):
            user = request.user
            return bool(user and user.is_authenticated and user.is_staff and user.has_perm(permission))

    return StaffWithPermission


class ImportSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_BYTES, trim_whitespace=False, help_text="The raw article text.")
    name = serializers.CharField(max_length=200, required=False, default="api upload", help_text="A label for it.")


class ImportResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["created", "unchanged"])
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    people = serializers.IntegerField()
    quotes = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


class ImportView(APIView):
    """Import one document as a draft; 201 when created, 200 when it was imported before, 422 when refused."""

    permission_classes = [staff_with("articles.add_article")]
    serializer_class = ImportSerializer

    def post(self, request, version=None):
        incoming = ImportSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        report = import_one(incoming.validated_data["name"], incoming.validated_data["text"].encode("utf-8"))
        if report.outcome == FAILED:
            return Response({"detail": report.error}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        article, parsed = report.article, report.parsed
        body = {
            "outcome": report.outcome,
            "id": article.pk,
            "slug": article.slug,
            "title": article.title,
            "status": article.status,
            "people": len(parsed.people),
            "quotes": len(parsed.quotes),
            "warnings": parsed.warnings,
        }
        return Response(body, status=status.HTTP_201_CREATED if report.outcome == "created" else status.HTTP_200_OK)


class TagsSerializer(serializers.Serializer):
    topics = serializers.ListField(child=serializers.CharField(max_length=100), max_length=MAX_TAGS, required=False)
    places = serializers.ListField(child=serializers.CharField(max_length=100), max_length=MAX_TAGS, required=False)


def shared_tag(model, name):
    """The tag of ``model`` with this name (case aside), made if there is none, whoever else makes it meanwhile."""
    return get_or_create_shared(model, {"name__iexact": name}, {"name": name}, lock_key=name.casefold())[0]


class ArticleTagsView(APIView):
    """Replace the topics and/or places of an article, drafts included (this is editorial work).

    The same rule as the admin: published and archived articles need the
    publish permission too. The change is recorded as a revision.
    """

    permission_classes = [staff_with("articles.change_article")]
    serializer_class = TagsSerializer

    def get_article(self, slug):
        return get_object_or_404(Article, slug=slug)

    def put(self, request, slug, version=None):
        article = self.get_article(slug)
        incoming = TagsSerializer(data=request.data)
        if not may_edit(request.user, article):
            raise PermissionDenied("Only editors may change published or archived articles.")
        incoming.is_valid(raise_exception=True)
        with transaction.atomic(), record(article, request.user, "Tags replaced through the API."):
            for kind in ("topics", "places"):
                if kind in incoming.validated_data:
                    names = {n.strip().casefold(): n.strip() for n in incoming.validated_data[kind] if n.strip()}
                    manager = getattr(article, kind)
                    manager.set([shared_tag(manager.through.tag_model(), names[key]) for key in sorted(names)])
        return Response(
            {"slug": article.slug, "topics": list(article.topics.names()), "places": list(article.places.names())}
        )

    patch = put

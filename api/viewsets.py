"""What the viewsets of ``articles/api/`` and ``people/api/`` share: the slug of their lookups, the filter backend."""

from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"  # no dots or slashes: a lookup can never walk out of its path


class FilterSetBackend(DjangoFilterBackend):
    """DjangoFilterBackend that keeps the bound FilterSet on the view (for the facets) and 400s when invalid."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise filter_utils.translate_validation(filterset.errors)
        view.filterset = filterset
        return filterset.qs

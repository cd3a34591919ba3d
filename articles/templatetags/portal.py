"""Template helpers for the public pages."""

from django import template

from articles.facets import query_string
from articles.search import render_snippet

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one): pagination, sorting."""
    params = context["request"].GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value not in (None, ""):
            params[name] = str(value)
    return query_string(params, drop=())


@register.filter
def snippet(text):
    """A search snippet, escaped, with the matched words in <mark>."""
    return render_snippet(text or "")

"""Template helpers for the public pages."""

from urllib.parse import urlencode

from django import template

from articles.search import render_snippet

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one): pagination, sorting."""
    params = context["request"].GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value not in (None, ""):
            params[name] = value
    pairs = sorted((k, v) for k, values in params.lists() for v in values if v != "")
    return "?" + urlencode(pairs) if pairs else "?"


@register.filter
def snippet(text):
    """A search snippet, escaped, with the matched words in <mark>."""
    return render_snippet(text or "")

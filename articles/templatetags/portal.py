"""Template helpers for the public pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

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


SEARCH_SCOPES = {"topic": "this topic", "place": "this country", "source": "this source", "author": "this author"}


@register.simple_tag(takes_context=True)
def search_prompt(context):
    """What a list page's search box searches: "Search articles", or "Search this topic" on a topic's page."""
    scope = SEARCH_SCOPES.get(context.get("subject_param")) if context.get("subject") else None
    return f"Search {scope or 'articles'}"


@register.filter
def shown_facets(facets):
    """The list's facets that have something to show (values, or the note that they were not counted in time)."""
    return [facet for facet in (facets or {}).values() if facet.values or facet.timed_out]


@register.filter
def snippet(text):
    """A search snippet, escaped, with the matched words in <mark>."""
    return render_snippet(text or "")


# --- Article pages: JSON-LD, canonical URLs -------------------------------------------------------

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """A ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&`` are escaped as in json_script,
    so no string in the data (a title holding ``</script>``) can end the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context, path=None, drop="page sort"):
    """The absolute canonical URL: ``path`` if given, else this page's path and its sorted query less ``drop``.

    Empty when there is no request (the 400 and 500 pages are rendered without one).
    """
    request = context.get("request")
    if request is None:
        return ""
    if path is None:
        query = query_string(request.GET, drop=tuple(drop.split()))
        path = request.path + (query if query != "?" else "")
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, quoted=(), url=""):
    """schema.org NewsArticle data for an article page (read from what the page has already loaded)."""
    request = context.get("request")

    def absolute(path):
        return request.build_absolute_uri(path) if request else path

    url = url or absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "publisher": {"@type": "Organization", "name": "SCO Portal", "url": absolute("/")},
    }
    description = article.standfirst or Truncator(" ".join(article.body.split())).words(40)
    if description:
        data["description"] = description
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.updated_at:
        data["dateModified"] = article.updated_at.isoformat()
    if article.dateline:
        data["dateline"] = article.dateline
    authors = [link.author for link in article.byline.all()]
    if authors:
        data["author"] = [{"@type": "Person", "name": a.name, "url": absolute(a.get_absolute_url())} for a in authors]
    if article.source:
        source = {"@type": "Organization", "name": article.source.name}
        if article.source.safe_homepage_url:
            source["url"] = article.source.safe_homepage_url
        data["sourceOrganization"] = source
    if article.safe_original_url:
        data["isBasedOn"] = article.safe_original_url
    topics = [t.name for t in article.topics.all()]
    places = [p.name for p in article.places.all()]
    if topics:
        data["articleSection"] = topics[0]
    if topics or places:
        data["keywords"] = topics + places
    mentions = []
    for entry in quoted:
        person = {"@type": "Person", "name": entry.person.name, "url": absolute(entry.person.get_absolute_url())}
        first = entry.quotes[0]
        if first.role:
            person["jobTitle"] = first.role
        if first.organization:
            person["affiliation"] = {"@type": "Organization", "name": first.organization}
        mentions.append(person)
    if mentions:
        data["mentions"] = mentions
    return ld_json(data)

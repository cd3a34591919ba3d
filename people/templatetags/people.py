"""Template helpers for the people pages."""

from django import template
from django.template.defaultfilters import pluralize, urlencode
from django.urls import reverse
from django.utils.html import format_html_join

register = template.Library()

TOPIC_ITEM = (
    '<li><a href="{}{}">{}</a> <span class="count" title="{} article{}">{}'
    '<span class="visually-hidden"> article{}</span></span></li>'
)


@register.simple_tag
def topic_items(person, topics):
    """The list items of a person's topics, each linking to the articles quoting them on it, in one pass.

    As a template loop (seven variables a topic) this was a third of the most
    quoted person's page: they have 300 topics.
    """
    link = f"{reverse('articles:list')}?person={urlencode(person.slug)}&topic="
    rows = ((topic, pluralize(topic["count"])) for topic in topics)
    return format_html_join(
        "", TOPIC_ITEM, ((link, urlencode(t["slug"]), t["name"], t["count"], s, t["count"], s) for t, s in rows)
    )

"""Template tags for the admin: the editorial dashboard on the index page."""

from django import template

from articles import dashboard

register = template.Library()


@register.inclusion_tag("admin/articles/editorial_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """The dashboard panels, or nothing (and no query) for a user who may not view articles."""
    return {"dashboard": dashboard.editorial_dashboard(context["request"].user)}

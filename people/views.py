"""Public pages for quoted people: only quotes from published articles (people/queries.py)."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views import View

from articles.facet_totals import current_state
from articles.views import paginate
from people.queries import (
    MAX_PEOPLE_QUERY_LENGTH,
    people_with_quote_counts,
    person_quotes,
    person_topics,
    quoted_people,
    with_latest_roles,
)

PEOPLE_PER_PAGE = 50
QUOTES_PER_PAGE = 50


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=MAX_PEOPLE_QUERY_LENGTH,
        strip=True,
        error_messages={"max_length": f"The search text is too long (at most {MAX_PEOPLE_QUERY_LENGTH} characters)."},
    )


class PersonListView(View):
    """Everyone quoted in published articles, most quoted first; ``q`` searches names and aliases."""

    template_name = "people/person_list.html"

    def get(self, request):
        form = PeopleSearchForm(request.GET)
        if not form.is_valid():
            context = {"form": form, "errors": form.errors, "query": ""}
            return TemplateResponse(request, self.template_name, context, status=400)
        query = form.cleaned_data["q"]
        people = people_with_quote_counts(query, current_state())  # precomputed while current
        page = paginate(people, request.GET.get("page"), per_page=PEOPLE_PER_PAGE)
        people = with_latest_roles(page.object_list)
        return TemplateResponse(
            request, self.template_name, {"form": form, "query": query, "page": page, "people": people}
        )


class PersonDetailView(View):
    """A person and everything they said in published articles, grouped by article, newest first.

    A person quoted only in unpublished articles has no public page. Their
    count and topics are precomputed while the totals are current, else counted.
    """

    template_name = "people/person_detail.html"

    def get(self, request, slug):
        state = current_state()
        person = get_object_or_404(quoted_people(state).prefetch_related("aliases"), slug=slug)
        figures = person.total if state is not None else None
        count = figures.quote_count if figures else None
        page = paginate(person_quotes(person), request.GET.get("page"), per_page=QUOTES_PER_PAGE, count=count)
        if not page.paginator.count:
            raise Http404("Nobody by that name is quoted in a published article.")
        topics = figures.topics if figures else person_topics(person)
        context = {"person": person, "page": page, "quotes": page.object_list, "topics": topics}
        return TemplateResponse(request, self.template_name, context)

"""Each person's figures over the published articles, precomputed with the facet totals (``PersonTotal``).

At 100,000 articles, counting everyone's quotes to order the people index,
ranking their quotes for the latest roles, counting the topics of the most
quoted person's 23,000 articles and dating everyone's newest article for the
sitemap each took a quarter to half a second in the request
(docs/performance.md). ``articles.facet_totals.refresh`` calls ``count`` with
the published articles before its transaction (about two seconds at 100,000
articles) and the writer it returns inside it, so these rows are stamped with
the totals' version and current exactly when they are.
"""

from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber

from articles.models import TaggedTopic, Topic, published_condition
from people.models import Person, PersonTotal
from people.queries import NEWEST_STATEMENT_FIRST, public_quotes


def count(published, now, using="default"):
    """Every person's figures over the articles published at ``now``; returns the writer of their rows.

    ``published`` is ``Article.objects.published(now)``, unused here: each
    query applies the same rule to the articles its quotes or tags join.
    """
    quotes = public_quotes(now).using(using).order_by()
    figures = quotes.values("person_id").annotate(quote_count=Count("*"), last_changed=Max("article__updated_at"))
    figures = {row["person_id"]: row for row in figures}
    names = Person.objects.using(using).filter(pk__in=list(figures)).order_by("name", "pk").values_list("pk", flat=True)
    by_name = {person_id: position for position, person_id in enumerate(names)}  # in the database's collation
    ranked = sorted(figures, key=lambda person_id: (-figures[person_id]["quote_count"], by_name[person_id]))
    roles = latest_roles(quotes)
    topics = topics_by_person(now, using)
    rows = [
        PersonTotal(
            person_id=person_id,
            rank=rank,
            quote_count=figures[person_id]["quote_count"],
            last_changed=figures[person_id]["last_changed"],
            latest_role=roles.get(person_id, (None, None))[0],
            latest_organization=roles.get(person_id, (None, None))[1],
            topics=topics.get(person_id, []),
        )
        for rank, person_id in enumerate(ranked)
    ]

    def write():
        PersonTotal.objects.using(using).all().delete()
        PersonTotal.objects.using(using).bulk_create(rows, batch_size=1000)

    return write


def latest_roles(quotes):
    """{person id: (role, organization)} of each person's latest quote among ``quotes`` that states a role."""
    latest = (
        quotes.exclude(role="")
        .annotate(newness=Window(RowNumber(), partition_by=F("person_id"), order_by=list(NEWEST_STATEMENT_FIRST)))
        .filter(newness=1)
        .values_list("person_id", "role", "organization")
    )
    return {person_id: (role, organization) for person_id, role, organization in latest}


def topics_by_person(now, using):
    """{person id: [{slug, name, count}]}: the topics of the published articles quoting each, as ``person_topics``."""
    topics = Topic.objects.using(using).order_by("name", "pk").values_list("pk", "slug", "name")
    topics = {pk: (position, slug, name) for position, (pk, slug, name) in enumerate(topics)}
    pairs = (
        TaggedTopic.objects.using(using)
        .filter(published_condition(now, through="content_object__"), content_object__quotes__isnull=False)
        .values_list("content_object__quotes__person_id", "tag_id")
        .annotate(articles=Count("content_object_id", distinct=True))  # an article may quote a person twice
        .order_by()
    )
    counted = {}
    for person_id, tag_id, articles in pairs:
        counted.setdefault(person_id, []).append((-articles, topics[tag_id][0], tag_id))
    return {
        person_id: [
            {"slug": topics[tag_id][1], "name": topics[tag_id][2], "count": -minus} for minus, _, tag_id in sorted(rows)
        ]
        for person_id, rows in counted.items()
    }

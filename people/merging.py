"""Folding duplicate people into one ("Sergey Lujanin" and "Sergei Luzyanin").

A plain function: the admin action (articles/admin_merge.py) asks which
person to keep and checks nothing changed meanwhile; this does the merge.
"""

from dataclasses import dataclass

from django.db import transaction

from articles.merging import counted, fill_blanks, lock_for_merge
from articles.search import refresh_search_vectors
from people.models import Person, PersonAlias, Quote
from people.names import name_key


@dataclass(frozen=True)
class PeopleMerged:
    kept: Person
    removed: int
    quotes_moved: int
    aliases_added: int

    def __str__(self):
        return (
            f"Merged {counted(self.removed + 1, 'person', 'people')} into “{self.kept}”: "
            f"{counted(self.quotes_moved, 'quote')} moved, {counted(self.aliases_added, 'alias', 'aliases')} added."
        )


def merge_people(keep, others):
    """Move the quotes of ``others`` to ``keep``, keep their names and aliases as aliases of ``keep``, delete them.

    All in one transaction. ``keep``'s description stays; if it has none it
    takes the first one among ``others``. Quoted people's names and aliases are
    in the search index, so the vectors of every article quoting ``keep`` are
    refreshed.
    """
    with transaction.atomic():
        keep, others = lock_for_merge(Person, keep, others)
        other_ids = [other.pk for other in others]
        quotes_moved = Quote.objects.filter(person_id__in=other_ids).update(person=keep)

        known = {keep.name_key, *keep.aliases.values_list("name_key", flat=True)}
        spellings = [other.name for other in others]
        spellings += (
            PersonAlias.objects.filter(person_id__in=other_ids)
            .order_by("person_id", "pk")
            .values_list("name", flat=True)
        )
        new_aliases = []
        for spelling in spellings:
            key = name_key(spelling)
            if key and key not in known:
                known.add(key)
                new_aliases.append(PersonAlias(person=keep, name=spelling, name_key=key))
        PersonAlias.objects.bulk_create(new_aliases)  # bulk_create skips save(), hence name_key set above

        if fill_blanks(keep, others, ["description"]):
            Person.objects.filter(pk=keep.pk).update(description=keep.description)
        Person.objects.filter(pk__in=other_ids).delete()
        refresh_search_vectors(set(Quote.objects.filter(person=keep).values_list("article_id", flat=True)))
    return PeopleMerged(keep, len(others), quotes_moved, len(new_aliases))

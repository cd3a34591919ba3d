"""Keep each article's stored search vector in step with what it is made of.

Search-index refresh is one of the two things signals are used for here (the
other is cache invalidation); domain logic lives in plain functions.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, ArticleAuthor, Author
from articles.search import refresh_search_vectors
from people.models import Person, PersonAlias, Quote


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, using="default", **kwargs):
    if not raw and not getattr(instance, "search_refresh_later", False):
        refresh_search_vectors([instance.pk], using)


@receiver(post_save, sender=Quote)
@receiver(post_delete, sender=Quote)
def quote_changed(sender, instance, using="default", **kwargs):
    refresh_search_vectors([instance.article_id], using)


@receiver(m2m_changed, sender=Article.topics.through)
@receiver(m2m_changed, sender=Article.places.through)
def tags_changed(sender, instance, action, using="default", **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Article):
        refresh_search_vectors([instance.pk], using)


@receiver(post_save, sender=ArticleAuthor)
@receiver(post_delete, sender=ArticleAuthor)
def byline_changed(sender, instance, using="default", **kwargs):
    refresh_search_vectors([instance.article_id], using)


@receiver(post_save, sender=Author)
def author_renamed(sender, instance, using="default", update_fields=None, **kwargs):
    if update_fields is None or "name" in update_fields:  # the importer fills in a bio: no name in the vectors changes
        articles = ArticleAuthor.objects.filter(author=instance).values_list("article_id", flat=True)
        refresh_search_vectors(articles, using)


@receiver(post_save, sender=Person)
@receiver(post_save, sender=PersonAlias)
@receiver(post_delete, sender=PersonAlias)
def person_renamed(sender, instance, using="default", **kwargs):
    person_id = instance.pk if sender is Person else instance.person_id
    refresh_search_vectors(Quote.objects.filter(person_id=person_id).values_list("article_id", flat=True), using)

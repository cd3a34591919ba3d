import datetime

import pytest
from django.utils import timezone

from articles.models import Article


def hidden_states():
    """Every way an article can exist without being public."""
    return [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.ARCHIVED},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + datetime.timedelta(days=1)},
    ]


HIDDEN_IDS = ["draft", "in_review", "archived", "future"]


@pytest.fixture(params=range(4), ids=HIDDEN_IDS)
def hidden_state(request):
    return hidden_states()[request.param]

"""Users in the editorial roles the migration creates."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User


def ensure_roles():
    """The groups come from a data migration; a transactional test's flush removes them, so make them again."""
    if Group.objects.filter(name__in=["Editors", "Contributors"]).count() < 2:
        importlib.import_module("articles.migrations.0004_roles").create_roles(apps, None)


def user_in(group, username=None, **fields):
    """A staff user in ``group``, fetched again so no permission is cached."""
    ensure_roles()
    user = User.objects.create_user(username or group.lower(), password="pw", is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def editor():
    return user_in("Editors")


@pytest.fixture
def contributor():
    return user_in("Contributors")

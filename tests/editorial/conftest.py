"""Users in the editorial roles the migration creates."""

import pytest
from django.contrib.auth.models import Group, User


def user_in(group, username=None, **fields):
    """A staff user in ``group``, fetched again so no permission is cached."""
    user = User.objects.create_user(username or group.lower(), password="pw", is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def editor():
    return user_in("Editors")


@pytest.fixture
def contributor():
    return user_in("Contributors")

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_creates_editor_once_and_prints_the_password(settings, capsys):
    settings.DEBUG = True
    call_command("ensure_editor")
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    editor = get_user_model().objects.get(username="editor")
    assert editor.is_superuser and editor.check_password(password)

    call_command("ensure_editor")
    again = capsys.readouterr().out
    assert password not in again  # the password is never shown again, but how to set a new one is
    assert "Log in at /admin/ as 'editor'" in again
    assert "manage.py changepassword editor" in again
    assert get_user_model().objects.count() == 1


def test_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("ensure_editor")
    assert not get_user_model().objects.exists()

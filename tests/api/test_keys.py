"""Partner API keys: storage, verification, authentication, usage counting, throttling and the admin.

The API tests use a tiny view defined here (``urlpatterns`` + ``pytest.mark.urls``)
with the project's default authentication and throttle classes, so they do not
depend on the real endpoints. The admin tests use the project's own URLs.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from api.models import ApiKey
from api.throttles import AnonRateThrottle, ApiKeyRateThrottle

pytestmark = pytest.mark.django_db

api_urls = pytest.mark.urls(__name__)


class WhoAmIView(APIView):
    """Test-only endpoint reporting how the request was authenticated."""

    permission_classes = [AllowAny]

    def get(self, request):
        key = request.auth if isinstance(request.auth, ApiKey) else None
        return Response(
            {
                "key": key.prefix if key else None,
                "authenticated": request.user.is_authenticated,
                "throttles": [type(t).__name__ for t in self.get_throttles()],
            }
        )


urlpatterns = [path("whoami/", WhoAmIView.as_view(), name="whoami")]


@pytest.fixture(autouse=True)
def clear_throttle_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tiny_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "api_key": "5/min"},
    }


@pytest.fixture
def client_api():
    return APIClient()


def with_key(plaintext):
    return {"HTTP_AUTHORIZATION": f"Api-Key {plaintext}"}


def issue(name, user=None):
    """A new key for ``name``: ``(api_key, plaintext)``, as the admin issues it."""
    return ApiKey.objects.create_key(name=name, created_by=user)


# --- the model ---------------------------------------------------------------


def test_key_is_stored_as_prefix_and_hash_only():
    api_key, plaintext = issue("Xinhua")
    prefix, dot, secret = plaintext.partition(".")
    assert dot and len(prefix) == 8 and len(secret) == 32  # the library's format, "<prefix>.<secret>"
    row = ApiKey.objects.filter(pk=api_key.pk).values().get()
    assert row["prefix"] == prefix
    assert row["hashed_key"].startswith("sha512$$")
    assert ApiKey.objects.key_generator.verify(plaintext, row["hashed_key"])
    assert all(secret not in str(value) for value in row.values())
    assert isinstance(row["id"], int)  # not the library's "<prefix>.<hash>": no hash in URLs or cache keys


def test_issued_keys_are_distinct():
    keys = {issue(f"Partner {n}")[1] for n in range(5)}
    assert len(keys) == 5
    assert ApiKey.objects.values("prefix").distinct().count() == 5


def test_issue_records_the_user():
    user = get_user_model().objects.create_user("issuer")
    api_key, _ = issue("TASS", user)
    assert api_key.created_by == user and not api_key.revoked and api_key.request_count == 0


def test_only_the_exact_active_key_is_valid():
    api_key, plaintext = issue("Xinhua")
    assert ApiKey.objects.get_from_key(plaintext) == api_key
    assert not ApiKey.objects.is_valid(plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B"))  # same prefix
    assert not ApiKey.objects.is_valid(plaintext + "x")
    assert not ApiKey.objects.is_valid(plaintext[:8])
    assert not ApiKey.objects.is_valid(plaintext[:9])
    assert not ApiKey.objects.is_valid("")
    assert not ApiKey.objects.is_valid("unknownprefix-and-some-more-characters")


def test_revoke_deactivates_for_good():
    api_key, plaintext = issue("Xinhua")
    api_key.revoke()
    api_key = ApiKey.objects.get(pk=api_key.pk)
    assert api_key.revoked and api_key.revoked_at is not None
    assert not ApiKey.objects.is_valid(plaintext)
    revoked_at = api_key.revoked_at
    api_key.revoke()  # idempotent: the first revocation time is kept
    api_key.refresh_from_db()
    assert api_key.revoked_at == revoked_at
    api_key.revoked = False
    with pytest.raises(ValidationError):  # the library refuses to undo a revocation
        api_key.save()


# --- authentication ----------------------------------------------------------


@api_urls
def test_no_header_is_anonymous(client_api):
    response = client_api.get("/whoami/")
    assert response.status_code == 200
    assert response.json()["key"] is None and response.json()["authenticated"] is False


@api_urls
def test_other_schemes_are_left_to_other_authenticators(client_api):
    response = client_api.get("/whoami/", HTTP_AUTHORIZATION="Bearer something")
    assert response.status_code == 200 and response.json()["key"] is None


@api_urls
def test_valid_key_authenticates(client_api):
    api_key, plaintext = issue("Xinhua")
    response = client_api.get("/whoami/", **with_key(plaintext))
    assert response.status_code == 200
    # a key grants a rate limit, not a user's permissions
    assert response.json() == {
        "key": api_key.prefix,
        "authenticated": False,
        "throttles": ["AnonRateThrottle", "ApiKeyRateThrottle"],
    }


@api_urls
def test_keyword_is_case_insensitive(client_api):
    _, plaintext = issue("Xinhua")
    assert client_api.get("/whoami/", HTTP_AUTHORIZATION=f"api-key {plaintext}").status_code == 200


@api_urls
def test_revoked_key_is_401(client_api):
    api_key, plaintext = issue("Xinhua")
    api_key.revoke()
    response = client_api.get("/whoami/", **with_key(plaintext))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Api-Key"
    assert "detail" in response.json()
    api_key.refresh_from_db()
    assert api_key.request_count == 0


@api_urls
@pytest.mark.parametrize(
    "header",
    [
        "Api-Key",
        "Api-Key  ",
        "Api-Key two parts",
        "Api-Key short",
        "Api-Key this-key-was-never-issued-by-anyone-at-all-000",
        "Api-Key caf\u00e9-not-ascii-key-value-here",
    ],
)
def test_malformed_or_unknown_key_is_401_json(client_api, header):
    issue("Xinhua")
    response = client_api.get("/whoami/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Api-Key"
    assert isinstance(response.json()["detail"], str)


@api_urls
def test_wrong_key_with_a_real_prefix_is_401(client_api):
    _, plaintext = issue("Xinhua")
    forged = plaintext[:9] + "x" * (len(plaintext) - 9)  # the same "<prefix>."
    assert client_api.get("/whoami/", **with_key(forged)).status_code == 401


@api_urls
def test_expired_key_is_401(client_api):
    api_key, plaintext = issue("Xinhua")
    ApiKey.objects.filter(pk=api_key.pk).update(expiry_date=timezone.now() - datetime.timedelta(minutes=1))
    assert client_api.get("/whoami/", **with_key(plaintext)).status_code == 401


@api_urls
def test_usage_is_counted(client_api):
    api_key, plaintext = issue("Xinhua")
    other, _ = issue("TASS")
    for _ in range(3):
        assert client_api.get("/whoami/", **with_key(plaintext)).status_code == 200
    api_key.refresh_from_db()
    other.refresh_from_db()
    assert api_key.request_count == 3 and api_key.last_used_at is not None
    assert other.request_count == 0 and other.last_used_at is None


@api_urls
def test_usage_is_counted_with_one_atomic_update(client_api):
    _, plaintext = issue("Xinhua")
    with CaptureQueriesContext(connection) as queries:
        client_api.get("/whoami/", **with_key(plaintext))
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1
    # incremented in the database (F expression), not read-modify-write in Python
    assert '"request_count" = ("api_apikey"."request_count" + ' in updates[0]


# --- throttling --------------------------------------------------------------


def hits_until_throttled(client_api, limit=20, **headers):
    for n in range(1, limit + 1):
        response = client_api.get("/whoami/", **headers)
        if response.status_code == 429:
            assert "Retry-After" in response
            return n - 1
        assert response.status_code == 200
    return limit


@api_urls
def test_anonymous_rate(client_api, tiny_rates):
    assert hits_until_throttled(client_api) == 2


@api_urls
def test_anonymous_rate_is_per_client_address(client_api, tiny_rates):
    assert hits_until_throttled(client_api, REMOTE_ADDR="192.0.2.1") == 2
    assert hits_until_throttled(client_api, REMOTE_ADDR="192.0.2.2") == 2


@api_urls
def test_key_rate_is_higher_than_anonymous(client_api, tiny_rates):
    _, plaintext = issue("Xinhua")
    assert hits_until_throttled(client_api) == 2
    # the anonymous limit is used up for this address; the key has its own, higher limit
    assert hits_until_throttled(client_api, **with_key(plaintext)) == 5


@api_urls
def test_each_key_has_its_own_bucket(client_api, tiny_rates):
    _, first = issue("Xinhua")
    _, second = issue("TASS")
    assert hits_until_throttled(client_api, **with_key(first)) == 5
    assert hits_until_throttled(client_api, **with_key(second)) == 5
    assert client_api.get("/whoami/").status_code == 200  # anonymous bucket untouched


@api_urls
def test_logged_in_staff_are_not_throttled(client_api, tiny_rates):
    staff = get_user_model().objects.create_user("editor", is_staff=True)
    client_api.force_login(staff)
    assert hits_until_throttled(client_api, limit=8) == 8


def test_throttles_apply_only_to_their_kind_of_request(rf):
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request

    api_key, _ = issue("Xinhua")
    anonymous = Request(rf.get("/"))
    anonymous.user, anonymous.auth = AnonymousUser(), None
    keyed = Request(rf.get("/"))
    keyed.user, keyed.auth = AnonymousUser(), api_key

    assert AnonRateThrottle().get_cache_key(anonymous, None) is not None
    assert AnonRateThrottle().get_cache_key(keyed, None) is None
    assert ApiKeyRateThrottle().get_cache_key(anonymous, None) is None
    assert ApiKeyRateThrottle().get_cache_key(keyed, None) == f"throttle_api_key_{api_key.pk}"


# --- admin -------------------------------------------------------------------


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


def test_admin_shows_the_new_key_once_and_never_stores_it(client, superuser):
    client.force_login(superuser)
    add_url = reverse("admin:api_apikey_add")
    form = client.get(add_url).content.decode()
    assert 'name="name"' in form and "hashed_key" not in form

    response = client.post(add_url, {"name": "Xinhua"}, follow=True)
    assert response.status_code == 200
    api_key = ApiKey.objects.get()
    assert api_key.created_by == superuser and api_key.name == "Xinhua"
    shown = [str(m) for m in response.context["messages"] if "<code>" in str(m)]
    assert len(shown) == 1
    plaintext = shown[0].split("<code>")[1].split("</code>")[0]
    assert ApiKey.objects.get_from_key(plaintext) == api_key
    assert response.content.decode().count(plaintext) == 1

    # not in the key's row, not in any session
    assert api_key.hashed_key != plaintext and plaintext not in str(ApiKey.objects.filter(pk=api_key.pk).values().get())
    assert not any(plaintext in str(s.get_decoded()) for s in Session.objects.all())

    # and never again
    for url in (
        reverse("admin:api_apikey_changelist"),
        reverse("admin:api_apikey_change", args=[api_key.pk]),
    ):
        assert plaintext not in client.get(url).content.decode()


def test_admin_never_displays_the_hash(client, superuser):
    api_key, plaintext = issue("Xinhua", superuser)
    client.force_login(superuser)
    changelist = client.get(reverse("admin:api_apikey_changelist"))
    change = client.get(reverse("admin:api_apikey_change", args=[api_key.pk]))
    for response in (changelist, change):
        page = response.content.decode()
        assert response.status_code == 200
        assert api_key.prefix in page and "Xinhua" in page
        assert api_key.hashed_key.split("$")[-1] not in page and plaintext not in page
    assert 'name="name"' in change.content.decode()
    assert 'name="prefix"' not in change.content.decode()  # read-only


def test_admin_edit_keeps_the_key(client, superuser):
    api_key, plaintext = issue("Xinhua", superuser)
    client.force_login(superuser)
    response = client.post(reverse("admin:api_apikey_change", args=[api_key.pk]), {"name": "Xinhua News"})
    assert response.status_code == 302
    assert ApiKey.objects.get_from_key(plaintext).name == "Xinhua News"


def test_admin_revoke_action(client, superuser):
    revoked, revoked_plaintext = issue("Xinhua", superuser)
    kept, kept_plaintext = issue("TASS", superuser)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [revoked.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert any("Revoked 1" in str(m) for m in response.context["messages"])
    assert not ApiKey.objects.is_valid(revoked_plaintext)
    assert ApiKey.objects.get_from_key(kept_plaintext) == kept
    revoked.refresh_from_db()
    assert revoked.revoked_at is not None


def test_non_staff_cannot_reach_the_admin(client):
    user = get_user_model().objects.create_user("reader", password="pw")
    client.force_login(user)
    for url in (reverse("admin:api_apikey_changelist"), reverse("admin:api_apikey_add")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert client.post(reverse("admin:api_apikey_add"), {"name": "Sneaky"}).status_code == 302
    assert not ApiKey.objects.exists()


def test_staff_needs_the_model_permissions(client):
    staff = get_user_model().objects.create_user("clerk", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:api_apikey_changelist")).status_code == 403
    assert client.post(reverse("admin:api_apikey_add"), {"name": "Sneaky"}).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_apikey", content_type__app_label="api"))
    staff = get_user_model().objects.get(pk=staff.pk)  # drop the permission cache
    client.force_login(staff)
    api_key, plaintext = issue("Xinhua")
    assert client.get(reverse("admin:api_apikey_changelist")).status_code == 200
    assert client.post(reverse("admin:api_apikey_add"), {"name": "Sneaky"}).status_code == 403
    # viewing does not allow revoking
    client.post(reverse("admin:api_apikey_changelist"), {"action": "revoke_keys", "_selected_action": [api_key.pk]})
    assert ApiKey.objects.get_from_key(plaintext) == api_key
    assert ApiKey.objects.count() == 1

"""Settings come from the environment, and bad values stop start-up with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from scoportal.env import cache_config, database_config, env_bool

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "q9Z!vP2#mN8$bL5^wR1&tY4*x7-Kd3@hG6%jF0+sA2=cV8~uE4?oI7"


def run_manage(*args, **env):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "DATABASE_URL",
            "DATABASE_REPLICA_URL",
            "CACHE_URL",
            "CONTENT_CACHE_SECONDS",
            "SERVER_TIMING",
        }  # fmt: skip
    }
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_start_up_refuses_without_secret_key_when_debug_is_off():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_debug_mode_runs_without_a_secret_key():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_the_embedded_sqlite_database_checks_without_a_warning_but_postgresql_keeps_them():
    """``make run`` (runserver checks the database too) used to print SQLite's W040 beside "no issues"."""
    sqlite = run_manage("check", "--database", "default", DEBUG="1")
    assert sqlite.returncode == 0 and "W040" not in sqlite.stdout + sqlite.stderr, sqlite.stderr
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    postgresql = run_manage("shell", "-c", "from django.conf import settings; print(settings.SILENCED_SYSTEM_CHECKS)",
                            DEBUG="1", DATABASE_URL=url)  # fmt: skip
    assert postgresql.stdout.strip().splitlines()[-1] == "[]", postgresql.stderr


@pytest.mark.parametrize("url", ["not-a-url", "postgres://user@host:notaport/db", "mysql://root@localhost/db"])
def test_malformed_database_url_names_the_variable(url):
    result = run_manage("check", DEBUG="1", DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_debug_value_names_the_variable():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_check_warns_only_about_https():
    """With DEBUG off and a strong key, only the settings that need TLS in front remain."""
    result = run_manage("check", "--deploy", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="example.org")
    ids = {part.split(")")[0] for part in result.stderr.split("(security.")[1:]}
    assert ids <= {"W004", "W008", "W012", "W016"}, result.stderr


def test_deploy_check_is_clean_behind_https():
    result = run_manage("check", "--deploy", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="example.org", HTTPS="1")
    assert "security.W" not in result.stderr, result.stderr
    assert result.returncode == 0


def test_env_bool_reads_common_spellings():
    assert env_bool("X", environ={"X": "yes"}) is True
    assert env_bool("X", environ={"X": "0"}) is False
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(SystemExit, match="X must be one of"):
        env_bool("X", environ={"X": "perhaps"})


def test_database_url_default_is_sqlite_and_postgres_is_understood():
    sqlite = database_config("sqlite:////tmp/portal.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    postgres = database_config("postgres://postgres@127.0.0.1:5432/scoportal")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert postgres["NAME"] == "scoportal"


def test_cache_url_chooses_redis_or_local_memory():
    assert cache_config("")["BACKEND"].endswith("LocMemCache")
    assert cache_config("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(SystemExit, match="CACHE_URL"):
        cache_config("memcached://127.0.0.1")


@pytest.mark.django_db
def test_suite_runs_on_the_database_named_by_database_url():
    """CI runs the suite twice; this proves each run used the database it claims."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_caching_is_on_by_default_except_in_development():
    """(With a replica too: the content version is read from the primary, whatever the cache.)"""
    script = "from django.conf import settings; print(settings.CONTENT_CACHE_SECONDS)"
    production = {"SECRET_KEY": "test-only", "ALLOWED_HOSTS": "example.org"}
    replica = {"DATABASE_URL": "postgres://u@db/a", "DATABASE_REPLICA_URL": "postgres://u@replica/a"}
    redis = {"CACHE_URL": "redis://127.0.0.1:6379/9"}
    runs = {
        "local memory": run_manage("shell", "-c", script, **production),
        "redis": run_manage("shell", "-c", script, **production, **redis),
        "development": run_manage("shell", "-c", script, DEBUG="1", **redis),
        "set": run_manage("shell", "-c", script, DEBUG="1", CONTENT_CACHE_SECONDS="60"),
        "replica, local memory": run_manage("shell", "-c", script, **production, **replica),
        "replica, redis": run_manage("shell", "-c", script, **production, **replica, **redis),
    }
    printed = {name: result.stdout.strip().splitlines()[-1] for name, result in runs.items()}
    assert printed == {
        "local memory": "300", "redis": "300", "development": "0", "set": "60",
        "replica, local memory": "300", "replica, redis": "300",
    }  # fmt: skip

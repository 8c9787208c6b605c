"""Production settings: `check --deploy` is clean and a missing secret stops the start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only what production has: no secret unless given, no test-only switches.
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="topblog.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_demo_secret_key():
    from topblog.settings import INSECURE_DEMO_SECRET_KEY

    result = _manage("check", SECRET_KEY=INSECURE_DEMO_SECRET_KEY)
    assert result.returncode != 0


def test_production_refuses_to_seed_demo_data(tmp_path):
    # A file of its own: were the refusal ever lost, --reset must not reach a real database.
    result = _manage(
        "seed_demo", "--reset", "--applications", "1",
        SECRET_KEY=secrets.token_urlsafe(64), DATABASE_URL=f"sqlite:///{tmp_path / 'scratch.sqlite3'}",
    )
    assert result.returncode != 0
    assert "Демо-данные в этой установке запрещены" in result.stderr

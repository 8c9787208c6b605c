"""`make run PORT=...`: the demo's mail links lead to the port it serves on."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.requirements import missing


def run_command(**environment) -> str:
    """The command `make run` would start the server with (make -n prints, runs nothing)."""
    make = shutil.which("make")
    if make is None:
        missing("make is not installed")
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"} | environment
    printed = subprocess.run(
        [make, "-n", "run", "PORT=8782"], cwd=Path(settings.BASE_DIR), env=env,
        capture_output=True, text=True, check=True,
    ).stdout
    [line] = [line for line in printed.splitlines() if "runserver" in line]
    return line


def test_the_demo_links_its_mail_to_the_port_it_serves_on():
    line = run_command()
    assert "SITE_URL=http://127.0.0.1:8782" in line and line.endswith("runserver 127.0.0.1:8782")


@pytest.mark.parametrize("site_url", ["https://portal.example.ru"])
def test_a_site_url_given_is_kept(site_url):
    assert f"SITE_URL={site_url} " in run_command(SITE_URL=site_url)

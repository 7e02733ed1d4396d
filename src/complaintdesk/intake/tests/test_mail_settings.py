"""Mail settings come from the environment; a bad one stops start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def check_with(tmp_path, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith(("IMAP_", "INTAKE_MAIL_"))
    }
    environment.update(COMPLAINTDESK_DATA=str(tmp_path / "data"), **env)
    return subprocess.run(
        [sys.executable, "-m", "complaintdesk.cli", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"IMAP_HOST": "imap.example.com"}, "IMAP_USER and IMAP_PASSWORD"),
        ({"IMAP_PORT": "70000"}, "IMAP_PORT"),
        ({"INTAKE_MAIL_MAX_MB": "0"}, "INTAKE_MAIL_MAX_MB"),
        ({"INTAKE_MAIL_ADDRESS": "complaints"}, "INTAKE_MAIL_ADDRESS"),
    ],
)
def test_a_bad_mail_setting_stops_start_up_naming_it(tmp_path, env, named):
    result = check_with(tmp_path, **env)
    assert result.returncode == 2
    assert named in result.stderr


def test_a_complete_imap_configuration_starts(tmp_path):
    result = check_with(
        tmp_path, IMAP_HOST="imap.example.com", IMAP_USER="complaints", IMAP_PASSWORD="secret"
    )
    assert result.returncode == 0, result.stderr

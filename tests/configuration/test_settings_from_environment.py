"""Start-up reads its settings from the environment and stops, naming the variable, on a bad
one. Each case runs the real `complaintdesk` command in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run_check(tmp_path, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
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
    ("variable", "value"),
    [
        ("EMAIL_PORT", "twenty-five"),
        ("EMAIL_USE_TLS", "perhaps"),
        ("DEBUG", "maybe"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("DATABASE_URL", "mongodb://localhost/complaints"),
        ("SECRET_KEY", "short"),
        ("SITE_URL", "example.com"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_message_naming_it(tmp_path, variable, value):
    result = run_check(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_with_no_settings_at_all_it_starts_on_sqlite_in_the_data_dir(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "secret_key").exists()


def test_the_generated_secret_key_is_kept_for_the_next_start(tmp_path):
    run_check(tmp_path)
    first = (tmp_path / "data" / "secret_key").read_text()
    run_check(tmp_path)
    assert (tmp_path / "data" / "secret_key").read_text() == first
    assert len(first) >= 50
    assert oct((tmp_path / "data" / "secret_key").stat().st_mode)[-3:] == "600"

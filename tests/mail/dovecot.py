"""A real Dovecot IMAP server for the tests: its own configuration, state and maildir under a
temporary directory, listening on a free loopback port, without TLS, with one plaintext user.
Needs Debian's dovecot-imapd; the tests skip with that reason when it is missing."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER = "complaints"
PASSWORD = "mailbox-password"


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    maildir: Path


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot",) if os.access(p, os.X_OK)), None
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _mail_owner() -> pwd.struct_passwd:
    # Dovecot never reads mail as root: as root the mailbox belongs to `nobody`.
    return pwd.getpwnam("nobody") if os.getuid() == 0 else pwd.getpwuid(os.getuid())


def _config(root: Path, port: int) -> str:
    me = pwd.getpwuid(os.getuid())
    owner = _mail_owner()
    # As root, Dovecot drops privileges to its own system users; as anyone else it runs
    # everything as that user.
    service_user = "dovenull" if os.getuid() == 0 else me.pw_name
    internal_user = "dovecot" if os.getuid() == 0 else me.pw_name
    return f"""
base_dir = {root}/run
state_dir = {root}/state
instance_name = complaintdesk-test-{port}
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
default_login_user = {service_user}
default_internal_user = {internal_user}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


@contextmanager
def running_dovecot(root: Path) -> Iterator[Mailbox]:
    binary = dovecot_binary()
    assert binary is not None
    port = _free_port()
    owner = _mail_owner()
    for name in ("run", "state", "mail", "home"):
        (root / name).mkdir(parents=True, exist_ok=True)
    for name in ("mail", "home"):
        os.chown(root / name, owner.pw_uid, owner.pw_gid)
    # Dovecot's unprivileged processes must reach their sockets under base_dir.
    for path in (root, root / "run"):
        path.chmod(0o755)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    config = root / "dovecot.conf"
    config.write_text(_config(root, port))
    process = subprocess.Popen(
        [binary, "-F", "-c", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                    if conn.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"dovecot did not start:\n{output}\n{log}")
            time.sleep(0.1)
        yield Mailbox("127.0.0.1", port, USER, PASSWORD, root / "mail" / USER)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

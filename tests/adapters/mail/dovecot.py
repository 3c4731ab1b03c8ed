"""A real IMAP server for tests: Dovecot with a temporary configuration of its own.

`dovecot_server()` starts `/usr/sbin/dovecot -F` with a config written to a temporary
folder (never the system's): one passwd-file user, `ssl = required` with a self-signed
certificate made here (its own CA: pass `ca_file` to the client), free ports on
127.0.0.1 for IMAPS and for IMAP with STARTTLS (`disable_plaintext_auth`: no login
before it), maildirs in the temporary folder. Run as the current user; as root the mail
processes run as the `dovecot` user (Dovecot refuses mail access as UID 0). Skips the
test, saying why, where Dovecot is not installed (`apt-get install dovecot-imapd`).
The inbox page's test reuses it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from imapclient import IMAPClient

DOVECOT = "/usr/sbin/dovecot"


@dataclass(frozen=True)
class Dovecot:
    """A running server: where it listens, its one user, and the certificate to trust."""

    host: str
    port: int  # IMAPS: TLS from the first byte
    starttls_port: int  # plain IMAP where only STARTTLS lets a login through
    user: str
    password: str
    ca_file: Path

    def client(self) -> IMAPClient:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        client = IMAPClient(self.host, port=self.port, ssl=True, ssl_context=context, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        """Seed the mailbox the way mail arrives for the reader: IMAP APPEND."""
        with self.client() as client:
            for raw in messages:
                client.append(folder, raw)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, valid for a day, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tijdig test imap")])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _accounts() -> tuple[str, str, str]:
    """(login user, internal user, mail user): the current user, or Dovecot's own
    users when running as root."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid()).pw_name
        return me, me, me
    return "dovenull", "dovecot", "dovecot"


def _config(base: Path, port: int, starttls_port: int, password: str) -> Path:
    cert_file, key_file = self_signed(base)
    login, internal, mail_user = _accounts()
    owner = pwd.getpwnam(mail_user)
    mail = base / "mail"
    mail.mkdir()
    os.chown(mail, owner.pw_uid, owner.pw_gid)
    users = base / "users"
    users.write_text(
        f"tijdig:{{PLAIN}}{password}:{owner.pw_uid}:{owner.pw_gid}::{mail}/tijdig\n",
        encoding="utf-8",
    )
    config = base / "dovecot.conf"
    config.write_text(
        f"""
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
instance_name = tijdig-test-{port}
protocols = imap
listen = 127.0.0.1
default_login_user = {login}
default_internal_user = {internal}
first_valid_uid = {min(owner.pw_uid, os.geteuid() or owner.pw_uid)}
ssl = required
ssl_cert = <{cert_file}
ssl_key = <{key_file}
disable_plaintext_auth = yes
auth_mechanisms = plain
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {users}
}}
userdb {{
  driver = passwd-file
  args = {users}
}}
service imap-login {{
  inet_listener imap {{
    port = {starttls_port}
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""",
        encoding="utf-8",
    )
    return config


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text(encoding="utf-8") if log.exists() else ""
            raise RuntimeError(f"dovecot stopped ({process.returncode}): {text}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("dovecot did not listen within 15 s")


@contextmanager
def dovecot_server() -> Iterator[Dovecot]:
    """Dovecot running from a temporary folder of its own until the block ends (not
    pytest's tmp_path: as root, the `dovecot` user must be able to reach the maildirs)."""
    if not Path(DOVECOT).exists() or shutil.which("doveconf") is None:
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    with tempfile.TemporaryDirectory(prefix="tijdig-dovecot-") as folder:
        base = Path(folder)
        base.chmod(0o755)
        with _running(base) as server:
            yield server


@contextmanager
def _running(base: Path) -> Iterator[Dovecot]:
    port, starttls_port, password = free_port(), free_port(), "geheim-test-42"
    config = _config(base, port, starttls_port, password)
    with (base / "stdout.log").open("wb") as output:
        process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)], stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_for(port, process, base / "dovecot.log")
        _wait_for(starttls_port, process, base / "dovecot.log")
        yield Dovecot("127.0.0.1", port, starttls_port, "tijdig", password, base / "cert.pem")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

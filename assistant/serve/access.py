"""Who may open the served assistant: the address it listens on, and the shared access token.

Listening beyond this machine needs one of two guards: the force's reverse proxy in front
(``--behind-proxy``: it does sign-on and TLS) or a shared token (``--token-file``). The token is
checked on every request, so no app process starts for a browser without it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
import stat
from pathlib import Path

from assistant.errors import InputError, problem

TOKEN_COOKIE = "cr_assistant_access"
TOKEN_PARAMETER = "token"
MIN_TOKEN_LENGTH = 16
MAX_TOKEN_FILE_BYTES = 4096
TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9._~-]+")
MAKE_TOKEN = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > FILE; chmod 600 FILE"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only. A name other than localhost is
    taken as reachable from elsewhere: what it resolves to can change."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, behind_proxy: bool, token_file: Path | None) -> None:
    """Refuse (one line) to listen beyond this machine without a proxy or a token."""
    if is_loopback(host) or behind_proxy or token_file is not None:
        return
    raise InputError(
        f"serve: --host {host} is reachable from other machines: add --behind-proxy (the "
        "force's reverse proxy does sign-on and TLS) or --token-file FILE (a shared access "
        "token), or listen on 127.0.0.1"
    )


def read_token(path: Path) -> str:
    """The token in ``path``: a regular file of the server's user, readable by it alone."""
    where = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError(problem(where, "token file", "does not exist", MAKE_TOKEN)) from None
    except OSError as error:
        what = "is a symbolic link" if Path(path).is_symlink() else error.strerror
        raise InputError(
            problem(where, "token file", f"cannot be read ({what})", MAKE_TOKEN)
        ) from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError(problem(where, "token file", "is not a file", MAKE_TOKEN))
        if info.st_mode & 0o077:
            raise InputError(
                problem(
                    where,
                    "token file",
                    f"other users may read it (mode {stat.S_IMODE(info.st_mode):o})",
                    f"chmod 600 {path}",
                )
            )
        if info.st_uid != os.getuid():
            raise InputError(
                problem(where, "token file", "belongs to another user", "chown it to this user")
            )
        data = handle.read(MAX_TOKEN_FILE_BYTES + 1)
    if len(data) > MAX_TOKEN_FILE_BYTES:
        raise InputError(problem(where, "token file", "is too large for a token", MAKE_TOKEN))
    token = data.decode("ascii", errors="replace").strip()
    if len(token) < MIN_TOKEN_LENGTH or not TOKEN_CHARACTERS.fullmatch(token):
        raise InputError(
            problem(
                where,
                "token",
                f"needs {MIN_TOKEN_LENGTH} or more of A-Z a-z 0-9 - _ . ~ on one line",
                MAKE_TOKEN,
            )
        )
    return token


class TokenCheck:
    """The shared token, compared in constant time. A browser shows it once (the link
    ``/?token=...``) and is then given a cookie holding a value derived from it, so the token
    itself does not stay in the address bar, the history or a proxy's log of later requests."""

    def __init__(self, token: str) -> None:
        self._token = token.encode("ascii")
        self.cookie_value = hmac.new(
            self._token, b"cr-assistant browser", hashlib.sha256
        ).hexdigest()

    def token_matches(self, offered: str) -> bool:
        return hmac.compare_digest(offered.encode("utf-8", "replace"), self._token)

    def cookie_matches(self, offered: str) -> bool:
        return hmac.compare_digest(offered.encode("utf-8", "replace"), self.cookie_value.encode())

"""The web server: one assistant process per browser tab, drawn in the page by xterm.js.

Built on textual-serve's parts (its ``AppService`` runs one app process per websocket and relays
the screen, keys and file downloads; its ``static`` folder holds the page's script, styles and
font), with the routes, the page and the guards of our own:

- a shared token, when given, is checked on every request before anything else (so no app
  process starts for a browser without it);
- at most ``max_sessions`` processes: the page is only sent with a place (a ticket, held for
  ``TICKET_SECONDS``) for its session, and otherwise a page saying the server is full;
- the log holds the method, the path without its query, the status and the time: never an
  address, a token, a cookie or what the officer typed;
- each session's saved cases go to a folder of its own, removed when the session ends.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shlex
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from aiohttp import WSCloseCode, web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from assistant.serve.access import TOKEN_COOKIE, TOKEN_PARAMETER, TokenCheck
from assistant.serve.pages import (
    CONTENT_SECURITY_POLICY,
    OTHER_RESPONSES_POLICY,
    notice_page,
    terminal_page,
)

log = logging.getLogger("cr-assistant.serve")

TICKET_SECONDS = 60.0  # how long a page that was sent keeps its place for its session
SESSION_MB = 120  # a session's process with room to spare (python -m assistant.bench --only serve)
SESSIONS_PER_CPU = 8  # officers read and think far more than they press keys
# assistant.recovery: where a session's saved cases go (its own folder). Only that folder: the
# decision record and its queue stay in the server's data folder, shared by every session.
SESSIONS_VARIABLE = "CR_ASSISTANT_SESSIONS"


def default_max_sessions() -> int:
    """As many sessions as half the memory holds, and no more than the processors serve."""
    cpus = os.cpu_count() or 1
    try:
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        memory_mb = 2048
    return max(1, min(cpus * SESSIONS_PER_CPU, memory_mb // 2 // SESSION_MB))


@dataclass(frozen=True)
class ServeConfig:
    host: str
    port: int
    title: str  # the page title: the force and its policy
    child_args: tuple[str, ...]  # --tree/--trees for each session's app
    max_sessions: int
    token: str | None = None
    behind_proxy: bool = False
    # The module each session runs (the benchmarks serve a minimal app the same way).
    app_module: str = "assistant.serve.child"


class QuietAccessLogger(AbstractAccessLogger):
    """One line per request, with nothing that identifies who made it."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        path = request.path
        if path.startswith("/ws/"):
            path = "/ws"  # the ticket is no one's business
        self.logger.info("%s %s %s %.0f ms", request.method, path, response.status, time * 1000)


@dataclass
class Sessions:
    """The places: tickets given with a page, and sessions running."""

    limit: int
    tickets: dict[str, float] = field(default_factory=dict)
    running: int = 0

    def _expire(self) -> None:
        now = time.monotonic()
        for ticket, until in list(self.tickets.items()):
            if until < now:
                del self.tickets[ticket]

    def reserve(self) -> str | None:
        """A ticket for a new page, or None when every place is taken."""
        self._expire()
        if self.running + len(self.tickets) >= self.limit:
            return None
        ticket = secrets.token_urlsafe(16)
        self.tickets[ticket] = time.monotonic() + TICKET_SECONDS
        return ticket

    def claim(self, ticket: str) -> bool:
        """Turn a page's ticket into a running session (once)."""
        self._expire()
        if self.tickets.pop(ticket, None) is None:
            return False
        self.running += 1
        return True

    def release(self) -> None:
        self.running -= 1


class AssistantServer:
    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.sessions = Sessions(config.max_sessions)
        self.downloads = DownloadManager()
        self.token = TokenCheck(config.token) if config.token else None
        self.sockets: set[web.WebSocketResponse] = set()
        # Each session's saved cases, under one folder of this server's own (mode 700).
        self.session_root = Path(tempfile.mkdtemp(prefix="cr-assistant-serve-"))
        self.static = Path(str(files("textual_serve") / "static"))

    # -- the application -------------------------------------------------------------------------
    def make_app(self) -> web.Application:
        # The headers go on every response, the refusal of a browser without the token too.
        middlewares = [self.security_headers]
        if self.token is not None:
            middlewares.append(self.require_token)
        app = web.Application(middlewares=middlewares)
        app.add_routes(
            [
                web.get("/", self.handle_page),
                web.get("/ws/{ticket}", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.static("/static", self.static, show_index=False, follow_symlinks=False),
            ]
        )
        app.on_shutdown.append(self.close_sessions)
        app.on_cleanup.append(self.remove_session_root)
        return app

    @web.middleware
    async def security_headers(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        response.headers.setdefault("Content-Security-Policy", OTHER_RESPONSES_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @web.middleware
    async def require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Let a request through with the access cookie, or the token once (``/?token=``),
        which is swapped for the cookie and taken out of the address."""
        assert self.token is not None
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if cookie and self.token.cookie_matches(cookie):
            return await handler(request)
        offered = request.query.get(TOKEN_PARAMETER, "")
        if offered and self.token.token_matches(offered):
            response = web.HTTPSeeOther(location=request.path)
            response.set_cookie(
                TOKEN_COOKIE,
                self.token.cookie_value,
                httponly=True,
                samesite="Strict",
                secure=request.secure or self.config.behind_proxy,
                path="/",
            )
            raise response
        return web.Response(
            status=401,
            content_type="text/html",
            text=notice_page(
                self.config.title,
                "This link needs its access token",
                "Open the CR assistant with the link your force gave you (it ends with "
                "?token=…). Ask your IT service desk if you do not have it.",
            ),
        )

    # -- routes ----------------------------------------------------------------------------------
    async def handle_page(self, request: web.Request) -> web.Response:
        ticket = self.sessions.reserve()
        if ticket is None:
            log.info("full: %d of %d sessions running", self.sessions.running, self.sessions.limit)
            return web.Response(
                status=503,
                headers={"Retry-After": "60"},
                content_type="text/html",
                text=notice_page(
                    self.config.title,
                    "The CR assistant is busy",
                    f"All {self.sessions.limit} places are in use. Try again in a minute: a "
                    "place is freed when someone closes their tab.",
                    retry=True,
                ),
            )
        nonce = secrets.token_urlsafe(16)
        return web.Response(
            content_type="text/html",
            text=terminal_page(self.config.title, ticket, nonce),
            headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY.format(nonce=nonce)},
        )

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if not self.sessions.claim(request.match_info["ticket"]):
            # An old page (its place expired, or already used): it shows "Session ended" and
            # its button opens a new page, with a new place if there is one.
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER)
            return websocket
        folder = Path(tempfile.mkdtemp(dir=self.session_root))
        self.sockets.add(websocket)
        log.info("session started: %d of %d", self.sessions.running, self.sessions.limit)
        service: AppService | None = None
        try:
            service = AppService(
                self.child_command(folder),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=lambda: _close(websocket),
                download_manager=self.downloads,
            )
            await service.start(_size(request, "width", 80), _size(request, "height", 24))
            await relay(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            if service is not None:
                await service.stop()  # asks the app to quit, and waits for the process to end
            shutil.rmtree(folder, ignore_errors=True)
            self.sockets.discard(websocket)
            self.sessions.release()
            log.info("session ended: %d of %d", self.sessions.running, self.sessions.limit)
        return websocket

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the app delivered (an export, a training report), to its browser."""
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download has expired: export again.") from None
        response = web.StreamResponse()
        response.content_type = meta.mime_type
        if meta.encoding:
            response.charset = meta.encoding
        name = "".join(c for c in meta.file_name if c.isalnum() or c in "._-") or "download.txt"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- sessions --------------------------------------------------------------------------------
    def child_command(self, folder: Path) -> str:
        """The shell command for one session's app: its saved cases go to ``folder``."""
        command = [sys.executable, "-m", self.config.app_module, *self.config.child_args]
        sessions = shlex.quote(str(folder / "sessions"))
        return f"{SESSIONS_VARIABLE}={sessions} exec {shlex.join(command)}"

    async def close_sessions(self, app: web.Application) -> None:
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping")

    async def remove_session_root(self, app: web.Application) -> None:
        shutil.rmtree(self.session_root, ignore_errors=True)


async def relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """Keys, resizes and focus from the page to the app, as textual-serve's server does."""
    from aiohttp import WSMsgType

    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            kind, data = message.json()
        except (ValueError, TypeError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = data.get("width"), data.get("height")
            if isinstance(width, int) and isinstance(height, int):
                await service.set_terminal_size(max(1, min(width, 500)), max(1, min(height, 300)))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


async def _close(websocket: web.WebSocketResponse) -> None:
    await websocket.close()  # the app quit (Ctrl+Q): the page says the session ended


def _size(request: web.Request, name: str, default: int) -> int:
    try:
        return max(1, min(int(request.query.get(name, default)), 500))
    except ValueError:
        return default


def run(config: ServeConfig) -> int:
    """Listen until Ctrl+C or SIGTERM; one line to stderr and status 2 when it cannot."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("aiohttp.access").setLevel(logging.INFO)
    server = AssistantServer(config)
    try:
        return asyncio.run(_serve(server))
    finally:
        shutil.rmtree(server.session_root, ignore_errors=True)


async def _serve(server: AssistantServer) -> int:
    config = server.config
    runner = web.AppRunner(
        server.make_app(), access_log_class=QuietAccessLogger, handle_signals=False
    )
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        reason = error.strerror or str(error)
        print(
            f"cr-assistant: serve: cannot listen on {config.host}:{config.port} ({reason}): "
            "choose another --port or --host",
            file=sys.stderr,
        )
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    host, port = runner.addresses[0][:2]
    shown = f"[{host}]" if ":" in host else host
    guard = (
        "open it with /?token=<the token in the token file>"
        if server.token is not None
        else "behind the force's proxy"
        if config.behind_proxy
        else "this machine only"
    )
    print(
        f"cr-assistant serve: http://{shown}:{port}/ ({config.title}; up to "
        f"{config.max_sessions} sessions; {guard}). Ctrl+C stops.",
        flush=True,
    )
    await stop.wait()
    await runner.cleanup()
    return 0

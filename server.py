"""The web application: `create_app(settings)` builds it, `serve(settings)` runs it.

Nothing is created at import time. `kg serve` calls `serve(settings)`; tests and other WSGI servers
call `create_app(settings)` and must call `close_app(app)` when done (it stops the worker processes).

The HTTP server (`make_server`) is a small HTTP/1.1 server on the engine's asyncio loop (see
kg.endpoint.Engine): one thread parses requests, answers SPARQL queries itself through
`kg.endpoint.fast_query` (awaiting the worker processes, no thread per request) and hands every
other request to the Flask app on a small thread pool. Any WSGI server can still run the app
(everything is answered there too, only slower).
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import email.utils
import io
import logging
import os
import signal
import socket
import sys
import threading
import time
from urllib.parse import unquote_to_bytes

from flask import Flask

from kg import endpoint, webui
from kg.errors import StoreError
from kg.settings import Settings, from_environment

log = logging.getLogger(__name__)


def default_workers() -> int:
    """One query worker process per CPU (or $KG_WORKERS): queries are CPU-bound and run there."""
    try:
        wanted = int(os.environ.get("KG_WORKERS", "0"))
    except ValueError:
        wanted = 0
    return max(1, min(wanted or os.cpu_count() or 1, 64))


def create_app(settings: Settings | None = None, *, workers: int | None = None) -> Flask:
    """A Flask app serving /sparql, /store, /health and the query page at / for `settings.store`."""
    settings = settings or from_environment()
    app = Flask(__name__)
    app.config["KG_SETTINGS"] = settings
    eng = endpoint.install(app, settings, workers or default_workers())
    atexit.register(eng.close)  # never leave worker processes behind
    app.register_blueprint(webui.bp)
    return app


def close_app(app: Flask) -> None:
    """Stop the app's worker processes."""
    app.extensions[endpoint.EXTENSION].close()


def _ensure_store(settings: Settings) -> None:
    if settings.store.is_dir():
        return
    if not settings.update_token:
        raise StoreError(f"No store at {settings.store}: run `kg build` first.")
    import pyoxigraph

    # Writable server on a new store: create it empty (opened and closed here, before serving).
    pyoxigraph.Store(str(settings.store))


# ---------------------------------------------------------------------------------------------------
# HTTP/1.1 on the engine's loop

MAX_HEADER_BYTES = 64 * 1024  # room for 16 KB GET queries, which the endpoint answers itself (413 above)
MAX_BODY_BYTES = endpoint.MAX_UPLOAD_BYTES + 1024 * 1024
IDLE_TIMEOUT = 120.0  # seconds a connection may sit idle or half-sent
CONNECTION_LIMIT = 1024
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te",
               "trailer"}
_REASONS = {100: "Continue", 200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
            302: "Found", 304: "Not Modified", 308: "Permanent Redirect", 400: "Bad Request",
            401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            406: "Not Acceptable", 411: "Length Required", 413: "Request Entity Too Large",
            415: "Unsupported Media Type", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable"}


class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class _Date:
    """The Date header, formatted at most once a second."""

    second = -1
    value = b""

    @classmethod
    def now(cls) -> bytes:
        now = int(time.time())
        if now != cls.second:
            cls.second, cls.value = now, email.utils.formatdate(now, usegmt=True).encode()
        return cls.value


class _Request:
    __slots__ = ("method", "target", "path", "query", "version", "headers", "raw_headers", "body",
                 "keep_alive")


class _Connection(asyncio.Protocol):
    """One client connection: requests are parsed from `buf` and answered one at a time, in order."""

    def __init__(self, server: "HttpServer"):
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.busy = False
        self.closing = False
        self.paused = False
        self.continued = False  # "100 Continue" sent for the request being received
        self.last = time.monotonic()
        self.peer = ("", 0)
        self.task: asyncio.Task | None = None  # answering the current request
        self.querying = False  # the task waits for a query (nothing written or run for Flask yet)

    # -- asyncio callbacks

    def connection_made(self, transport) -> None:
        self.transport = transport
        peer = transport.get_extra_info("peername")
        if isinstance(peer, tuple):
            self.peer = peer[:2]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        if len(self.server.connections) >= CONNECTION_LIMIT:
            transport.abort()
            return
        self.server.connections.add(self)

    def connection_lost(self, exc) -> None:
        self.closing = True
        self.server.connections.discard(self)
        if self.querying and self.task is not None:
            # Nobody will read the answer: drop the query if it still waits for a worker (a
            # running one finishes or is stopped by the pool, see endpoint.Pool._abandon).
            self.task.cancel()

    def data_received(self, data: bytes) -> None:
        self.last = time.monotonic()
        self.buf += data
        if self.busy:
            if len(self.buf) > MAX_HEADER_BYTES and not self.paused:  # a pipelining client: wait
                self.paused = True
                self.transport.pause_reading()
            return
        self._next()

    # -- parsing

    def _next(self) -> None:
        """Start answering the next complete request in the buffer, if there is one."""
        if self.closing or self.busy:
            return
        try:
            request = self._parse()
        except _BadRequest as exc:
            self._send_plain(exc.status, str(exc), close=True)
            return
        if request is None:
            if self.paused:
                self.paused = False
                self.transport.resume_reading()
            return
        self.busy = True
        self.task = self.server.loop.create_task(self._answer(request))

    def _parse(self) -> _Request | None:
        buf = self.buf
        while buf[:2] == b"\r\n":  # tolerated before a request line (RFC 9112 2.2)
            del buf[:2]
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            if len(buf) > MAX_HEADER_BYTES:
                raise _BadRequest(431, "The request headers are too large.")
            return None
        if end > MAX_HEADER_BYTES:
            raise _BadRequest(431, "The request headers are too large.")
        lines = bytes(buf[:end]).decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _BadRequest(400, "Malformed request line.")
        req = _Request()
        req.method, req.target, req.version = parts
        headers: dict[str, str] = {}
        raw: list[tuple[str, str]] = []
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip() or line[0] in " \t":
                raise _BadRequest(400, "Malformed request header.")
            name, value = name.lower(), value.strip()
            raw.append((name, value))
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        req.headers, req.raw_headers = headers, raw
        target = req.target
        if not target.startswith("/"):
            if "://" in target:  # absolute form
                target = "/" + target.split("://", 1)[1].partition("/")[2]
            elif target != "*":
                raise _BadRequest(400, "Malformed request target.")
        req.path, _, req.query = target.partition("?")
        connection = headers.get("connection", "").lower()
        if req.version == "HTTP/1.0":
            req.keep_alive = "keep-alive" in connection
        else:
            req.keep_alive = "close" not in connection

        start = end + 4
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body, consumed = self._chunked(start)
            if body is None:
                return None
        else:
            try:
                length = int(headers.get("content-length", "0") or "0")
            except ValueError:
                raise _BadRequest(400, "Malformed Content-Length.") from None
            if length < 0:
                raise _BadRequest(400, "Malformed Content-Length.")
            if length > MAX_BODY_BYTES:
                raise _BadRequest(413, "The request body is too large.")
            if len(buf) - start < length:
                self._maybe_continue(headers)
                return None
            body, consumed = bytes(buf[start:start + length]), start + length
        del buf[:consumed]
        self.continued = False
        req.body = body
        return req

    def _maybe_continue(self, headers: dict[str, str]) -> None:
        if not self.continued and headers.get("expect", "").lower() == "100-continue":
            self.continued = True
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _chunked(self, start: int) -> tuple[bytes | None, int]:
        buf, pos, parts, total = self.buf, start, [], 0
        while True:
            line_end = buf.find(b"\r\n", pos)
            if line_end < 0:
                self._maybe_continue(self._headers_for_continue())
                return None, 0
            try:
                size = int(bytes(buf[pos:line_end]).split(b";")[0].strip(), 16)
            except ValueError:
                raise _BadRequest(400, "Malformed chunked body.") from None
            total += size
            if total > MAX_BODY_BYTES:
                raise _BadRequest(413, "The request body is too large.")
            pos = line_end + 2
            if size == 0:
                trailer_end = buf.find(b"\r\n\r\n", pos - 2)
                if trailer_end < 0:
                    return None, 0
                return b"".join(parts), trailer_end + 4
            if len(buf) < pos + size + 2:
                self._maybe_continue(self._headers_for_continue())
                return None, 0
            parts.append(bytes(buf[pos:pos + size]))
            pos += size + 2

    def _headers_for_continue(self) -> dict[str, str]:
        head = bytes(self.buf[:self.buf.find(b"\r\n\r\n")]).decode("latin-1").lower()
        return {"expect": "100-continue"} if "expect: 100-continue" in head else {}

    # -- answering

    async def _answer(self, req: _Request) -> None:
        server = self.server
        try:
            host = req.headers.get("host") or f"{server.host}:{server.port}"
            reply = None
            if req.method in ("GET", "POST"):
                self.querying = True
                try:
                    reply = await endpoint.fast_query(server.engine, req.method, req.path, req.query,
                                                      req.headers, req.body, f"http://{host}")
                finally:
                    self.querying = False
            if reply is not None:
                status, headers, body = reply.status, reply.headers, reply.body
            else:
                status, headers, body = await server.loop.run_in_executor(
                    server.executor, server.call_wsgi, self._environ(req))
        except Exception:
            log.exception("unexpected error while serving %s %s", req.method, req.path)
            status, headers, body = 500, [("Content-Type", "text/plain; charset=utf-8")], \
                b"Internal server error.\n"
        if self.closing:
            return
        self._respond(req, status, headers, body)
        self.busy = False
        if not req.keep_alive:
            self.closing = True
            self.transport.close()
            return
        self.last = time.monotonic()
        self._next()

    def _respond(self, req: _Request, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        out = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}\r\n".encode()]
        has_length = False
        for name, value in headers:
            lower = name.lower()
            if lower in _HOP_BY_HOP:
                continue
            if lower == "content-length":
                has_length = True
            out.append(f"{name}: {value}\r\n".encode("latin-1"))
        if not has_length and not (req.method == "HEAD" or status in (204, 304) or status < 200):
            out.append(b"Content-Length: %d\r\n" % len(body))
        out.append(b"Date: " + _Date.now() + b"\r\nServer: diplomacy-kg\r\n")
        if not req.keep_alive:
            out.append(b"Connection: close\r\n")
        elif req.version == "HTTP/1.0":
            out.append(b"Connection: keep-alive\r\n")
        out.append(b"\r\n")
        if req.method != "HEAD" and status not in (204, 304):
            out.append(body)
        self.transport.write(b"".join(out))

    def _send_plain(self, status: int, message: str, close: bool) -> None:
        body = (message + "\n").encode()
        self.transport.write(
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\nContent-Type: text/plain; "
            f"charset=utf-8\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        if close:
            self.closing = True
            self.transport.close()

    def _environ(self, req: _Request) -> dict:
        server = self.server
        environ = {
            "REQUEST_METHOD": req.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(req.path).decode("latin-1"),
            "QUERY_STRING": req.query,
            "REQUEST_URI": req.target,
            "RAW_URI": req.target,
            "SERVER_NAME": server.host,
            "SERVER_PORT": str(server.port),
            "SERVER_PROTOCOL": req.version,
            "SERVER_SOFTWARE": "diplomacy-kg",
            "REMOTE_ADDR": str(self.peer[0]),
            "REMOTE_PORT": str(self.peer[1]),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(req.body),
            "wsgi.input_terminated": True,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(req.body)),
        }
        for name, value in req.headers.items():
            if "_" in name:  # could pose as another header once dashes become underscores
                continue
            if name == "content-type":
                environ["CONTENT_TYPE"] = value
            elif name in ("content-length", "transfer-encoding"):
                continue
            else:
                environ["HTTP_" + name.upper().replace("-", "_")] = value
        return environ


class HttpServer:
    """The server `make_server` returns: `run()` blocks until `stop()`; `effective_port` is bound."""

    def __init__(self, app: Flask, host: str, port: int, threads: int):
        self.app = app
        self.engine: endpoint.Engine = app.extensions[endpoint.EXTENSION]
        self.loop = self.engine.loop
        self.executor = concurrent.futures.ThreadPoolExecutor(max_workers=threads,
                                                              thread_name_prefix="kg-wsgi")
        self.sock = socket.create_server((host, port), backlog=1024, reuse_port=False)
        self.host, self.port = host, self.sock.getsockname()[1]
        self.effective_port = self.port
        self.connections: set[_Connection] = set()
        self._stopped = threading.Event()
        self._server: asyncio.AbstractServer | None = None
        self._sweeper: asyncio.TimerHandle | None = None

    def call_wsgi(self, environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
        """Run the Flask app for one request (in a pool thread); the whole answer, buffered."""
        started: list = []

        def start_response(status, headers, exc_info=None):
            started[:] = [status, headers]
            return chunks.append

        chunks: list[bytes] = []
        result = self.app(environ, start_response)
        try:
            for chunk in result:
                if chunk:
                    chunks.append(chunk)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return int(started[0].split(" ", 1)[0]), list(started[1]), b"".join(chunks)

    async def _start(self) -> None:
        self._server = await self.loop.create_server(lambda: _Connection(self), sock=self.sock,
                                                     backlog=1024)
        self._sweep()

    def _sweep(self) -> None:
        """Close connections idle (or stuck mid-request) for longer than IDLE_TIMEOUT."""
        now = time.monotonic()
        for conn in list(self.connections):
            if not conn.busy and now - conn.last > IDLE_TIMEOUT and conn.transport is not None:
                conn.closing = True
                conn.transport.close()
        self._sweeper = self.loop.call_later(10, self._sweep)

    def run(self) -> None:
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result()
        while not self._stopped.wait(0.5):  # wakes up for Ctrl-C in the main thread
            pass

    def stop(self) -> None:
        async def shutdown() -> None:
            if self._sweeper:
                self._sweeper.cancel()
            if self._server is not None:
                self._server.close()
            for conn in list(self.connections):
                if conn.transport is not None:
                    conn.transport.abort()
            self.sock.close()

        if self.loop.is_running():
            try:
                asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(timeout=5)
            except Exception:
                self.sock.close()
        else:
            self.sock.close()
        self.executor.shutdown(wait=False, cancel_futures=True)
        self._stopped.set()


def make_server(app: Flask, host: str, port: int, threads: int) -> HttpServer:
    """The HTTP server for `app` bound to host:port (port 0 picks a free one: see `.effective_port`);
    `threads` run the requests that go to Flask (everything but SPARQL queries)."""
    return HttpServer(app, host, port, threads)


def stop_server(server: HttpServer) -> None:
    """Stop a server made by make_server whose run() is looping in another thread."""
    server.stop()


def serve(settings: Settings, *, workers: int | None = None, threads: int | None = None) -> None:
    """Serve until interrupted, printing the endpoint URL on stderr."""
    _ensure_store(settings)
    workers = workers or default_workers()
    # Threads only run what Flask answers (updates, /store, the page, /health); queries don't use one.
    threads = threads or min(max(8, 2 * workers), 32)
    app = create_app(settings, workers=workers)
    server = make_server(app, settings.host, settings.port, threads)
    mode = "read-write (token required)" if settings.update_token else "read-only"
    print(f"diplomacy-kg: SPARQL endpoint at http://{settings.host}:{server.effective_port}/sparql "
          f"({mode}, store {settings.store}); Ctrl-C to stop", file=sys.stderr, flush=True)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: server.stop())  # stop as cleanly as on Ctrl-C
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop_server(server)
        close_app(app)

"""SPARQL 1.1 Protocol (/sparql), Graph Store HTTP Protocol (/store) and /health, as a Flask Blueprint.

Design, in the order a request meets it:

* Dataset. Articles' facts live in named graphs, so when a request names no dataset (no
  default-graph-uri / named-graph-uri and no FROM / FROM NAMED in the query) the default graph is the
  UNION of all graphs (the store's default graph and every named graph); the service description says
  so with sd:UnionDefaultGraph. Any dataset the request does give is honoured exactly as SPARQL says
  (protocol parameters override FROM clauses; a missing half is empty). Updates and the Graph Store
  Protocol's ``?default`` always address the store's real default graph.
* Safety. SERVICE and LOAD make pyoxigraph open HTTP connections and it has no switch to stop that,
  so they are refused (403) before the text reaches pyoxigraph unless the target IRI is listed in
  Settings.service_allowlist. Queries whose text (after SPARQL's \\u escapes) does not contain
  "service" or "load" cannot use them and skip the check; the others are parsed with rdflib's SPARQL
  parser and the parse tree is walked; if rdflib cannot parse them they are refused with its message.
* Execution. Queries run in a pool of long-lived worker processes (kg.sparql_worker), each with a
  read-only store handle, and come back as serialized bytes. The pools live on an asyncio loop in
  the engine's thread; server.py's HTTP server runs on that loop and answers plain queries through
  `fast_query` (no Flask, no thread per request); Flask views use the blocking Engine.read/write. A query past Settings.query_timeout gets
  its worker killed and replaced and the client a 503 -- never a truncated 200. A query whose
  client hangs up is dropped if it still waits for a worker; a running one may finish within
  ABANDON_GRACE (its worker is then reused), else its worker is killed and replaced. Workers run on
  jemalloc when the system has it (Settings.worker_malloc), else with glibc malloc settings of their
  own (WORKER_MALLOC_TUNABLES).
* Row cap. A SELECT with more than Settings.max_rows solutions, or a CONSTRUCT/DESCRIBE with more than
  that many triples, is answered 400 with a message asking for LIMIT/OFFSET (no silent truncation:
  SPARQL clients never look at headers).
* Freshness. A read-only handle sees the store as it was when opened. Workers reopen after every
  write made through this server, and when the store directory's files change (checked at most once
  a second, and on /health), e.g. because `kg build` ran while the server was up.
* Writes. Only with Settings.update_token and ``Authorization: Bearer TOKEN`` (401 without
  credentials, 403 with wrong ones or when the server is read-only). They run in one writer process
  that opens the store read-write when a write comes and closes it after a quiet second, so
  `kg build` can still take the store between writes (a write while a build holds it gets 503).
  Graph Store writes are one SPARQL update each, so they are all-or-nothing.
"""
from __future__ import annotations

import asyncio
import collections
import ctypes.util
import hmac
import logging
import os
import pickle
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from werkzeug.datastructures import MIMEAccept, MultiDict
from werkzeug.exceptions import BadRequest, HTTPException, NotAcceptable, NotFound
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.http import parse_accept_header

from kg import sparql_worker
from kg.errors import (ConfigError, KGError, QueryError, QueryRefused, QueryTimeout, StoreError,
                       StoreLockedError)
from kg.settings import Settings

log = logging.getLogger(__name__)

bp = Blueprint("sparql", __name__)

EXTENSION = "kg.endpoint"
MAX_GET_BYTES = 16 * 1024  # query strings longer than this get 413
MAX_UPLOAD_BYTES = 256 * 1024 * 1024  # Graph Store uploads (whole graphs, not queries)
REFRESH_INTERVAL = 1.0  # seconds between checks of the store directory for outside writes
WORKER_START_TIMEOUT = 60.0
ABANDON_GRACE = 1.0  # seconds a query whose client went away may still run before its worker is killed
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class AuthRequired(QueryRefused):
    """A write came without credentials (HTTP 401)."""


class TooManyRows(QueryError):
    """The result is larger than Settings.max_rows."""


# ---------------------------------------------------------------------------------------------------
# Worker processes


class WorkerDied(Exception):
    pass


# glibc malloc settings for the worker processes (other C libraries ignore GLIBC_TUNABLES; settings
# the user already gives there win). pyoxigraph's evaluator allocates and frees small blocks in
# bursts that overflow glibc's default per-thread cache of 7 free blocks per size, so many took
# malloc's slow paths (_int_malloc/_int_free): a cache of 256 made queries of a few ms use 20-30%
# less CPU in the worker and point lookups 10-20% less, for a few MB more per worker. Transparent
# huge pages for the heap (where the kernel grants them on request) take ~3% off heavy queries.
WORKER_MALLOC_TUNABLES = (("glibc.malloc.tcache_count", "256"), ("glibc.malloc.hugetlb", "1"))


def worker_tunables(given: str | None) -> str:
    """GLIBC_TUNABLES for a worker: `given` plus WORKER_MALLOC_TUNABLES it does not set itself."""
    items = [item for item in (given or "").split(":") if item]
    named = {item.partition("=")[0] for item in items}
    return ":".join(items + [f"{name}={value}" for name, value in WORKER_MALLOC_TUNABLES
                             if name not in named])


# Where the system has one, the workers run on a malloc built for many small short-lived blocks:
# jemalloc took a further ~10% of CPU off light queries over tuned glibc (8.3 vs 9.3 ms per query,
# the benchmark's light mix run in one process), which is most of what pyoxigraph cost above
# `oxigraph serve`. Preloading only swaps the allocator: pyoxigraph and Python use it unchanged.
WORKER_ALLOCATORS = ("jemalloc", "tcmalloc_minimal")


def worker_allocator(choice: str) -> str | None:
    """The malloc library to preload into the workers for Settings.worker_malloc, or None (glibc)."""
    if choice == "system":
        return None
    if choice != "auto":
        if not Path(choice).is_file():
            raise ConfigError(f"KG_WORKER_MALLOC: no malloc library at {choice}")
        return choice
    return next(filter(None, map(ctypes.util.find_library, WORKER_ALLOCATORS)), None)


def worker_environment(allocator: str | None) -> dict[str, str]:
    """The environment of a worker process: ours, with this checkout importable and malloc tuned."""
    env = dict(os.environ)
    # The worker imports kg.*: make sure it finds this checkout even when run from elsewhere.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env["GLIBC_TUNABLES"] = worker_tunables(env.get("GLIBC_TUNABLES"))
    if allocator and not env.get("LD_PRELOAD"):  # a preload the user set wins
        env["LD_PRELOAD"] = allocator
    return env


class WorkerProcess:
    """One kg.sparql_worker subprocess and our (non-blocking) end of its socket pair.

    Replies are read by a callback on the engine's event loop (`_readable`), which resolves the
    future of the job in flight: no thread waits on a worker."""

    def __init__(self, store: Path, mode: str, env: dict[str, str]):
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.sparql_worker", str(theirs.fileno()), str(store), mode],
            pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.sock = ours
        self.buf = bytearray()
        self.pending: asyncio.Future | None = None
        self.sent_whole = False  # the job in flight reached the worker whole: its reply will come
        self.loop: asyncio.AbstractEventLoop | None = None

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker says it is ready (called in a helper thread, before attaching)."""
        self.sock.settimeout(timeout)
        try:
            reply = sparql_worker.recv_frame(self.sock)
        except (OSError, EOFError):
            self.kill()
            raise StoreError("a SPARQL worker did not start in time") from None
        if reply != ("ready",):
            self.kill()
            raise StoreError("a SPARQL worker did not start")

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start reading replies on the loop (call in the loop's thread)."""
        self.sock.setblocking(False)
        self.loop = loop
        loop.add_reader(self.sock.fileno(), self._readable)

    def _readable(self) -> None:
        try:
            data = self.sock.recv(1 << 20)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._fail(WorkerDied("the worker closed its pipe"))
            return
        self.buf += data
        header = sparql_worker.HEADER
        if len(self.buf) < header.size:
            return
        (size,) = header.unpack_from(self.buf)
        if len(self.buf) < header.size + size:
            return
        payload = bytes(self.buf[header.size:header.size + size])
        del self.buf[:header.size + size]
        future, self.pending = self.pending, None
        if future is not None and not future.done():
            future.set_result(pickle.loads(payload))

    def _fail(self, exc: Exception) -> None:
        if self.loop is not None:
            self.loop.remove_reader(self.sock.fileno())
            self.loop = None
        future, self.pending = self.pending, None
        if future is not None and not future.done():
            future.set_exception(exc)

    async def call(self, job: dict, timeout: float) -> tuple | None:
        """Send a job and wait for its reply; None when the time limit passed (worker still busy)."""
        loop = self.loop
        if loop is None:
            raise WorkerDied("the worker is gone")
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        frame = sparql_worker.HEADER.pack(len(data)) + data
        future = loop.create_future()
        self.pending = future
        self.sent_whole = False
        try:
            try:
                sent = self.sock.send(frame)
            except (BlockingIOError, InterruptedError):
                sent = 0
            if sent < len(frame):  # a big upload: let the loop feed the rest
                await loop.sock_sendall(self.sock, memoryview(frame)[sent:])
        except OSError as exc:
            self.pending = None
            raise WorkerDied(str(exc)) from exc
        self.sent_whole = True
        timer = loop.call_later(timeout, _expire, future)
        try:
            return await future
        finally:
            timer.cancel()

    def drain(self, grace: float) -> asyncio.Future | None:
        """After the caller of `call` was cancelled: a future that becomes True once the worker is
        free again (the reply of the abandoned job came and was dropped) or False if the job is still
        running after `grace` seconds or the worker died. None when the job may not have reached the
        worker whole (its state is unknown)."""
        loop = self.loop
        if loop is None or not self.sent_whole:
            return None
        free = loop.create_future()
        if self.pending is None:  # the reply came in meanwhile
            free.set_result(True)
            return free
        reply = loop.create_future()
        self.pending = reply
        timer = loop.call_later(grace, _expire, reply)

        def finished(done: asyncio.Future) -> None:
            timer.cancel()
            free.set_result(done.exception() is None and done.result() is not None)

        reply.add_done_callback(finished)
        return free

    def kill(self) -> None:
        self._fail(WorkerDied("killed"))
        try:
            self.proc.kill()
            self.proc.wait()
        except OSError:
            pass
        self.sock.close()


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


class Pool:
    """A fixed number of worker processes; a timed-out or dead worker is killed and replaced.

    Lives on the engine's event loop: `run` is a coroutine to be awaited there."""

    def __init__(self, loop: asyncio.AbstractEventLoop, store: Path, mode: str, size: int,
                 env: dict[str, str]):
        self.loop, self.store, self.mode, self.size, self.env = loop, store, mode, size, env
        self.idle: collections.deque[WorkerProcess] = collections.deque()
        self.waiters: collections.deque[asyncio.Future] = collections.deque()
        self.generation = 0  # bumped when the store changed; read workers reopen on a newer one
        self.closed = False
        self._all: frozenset[WorkerProcess] = frozenset()  # replaced, never mutated: safe to read
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the workers and wait until they are ready (blocking; any thread but the loop's)."""
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            worker.wait_ready(WORKER_START_TIMEOUT)
        asyncio.run_coroutine_threadsafe(self._add(workers), self.loop).result()

    async def _add(self, workers: list[WorkerProcess]) -> None:
        for worker in workers:
            if self.closed:
                worker.kill()
                continue
            worker.attach(self.loop)
            self._release(worker)

    def _spawn(self) -> WorkerProcess:
        worker = WorkerProcess(self.store, self.mode, self.env)
        with self._lock:
            self._all = self._all | {worker}
        return worker

    def _release(self, worker: WorkerProcess) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self.idle.append(worker)

    def _replace(self, worker: WorkerProcess) -> None:
        with self._lock:
            self._all = self._all - {worker}
        worker.kill()
        if self.closed:
            return

        def respawn() -> None:
            if self.closed:
                return
            fresh = self._spawn()
            try:
                fresh.wait_ready(WORKER_START_TIMEOUT)
            except StoreError:
                with self._lock:
                    self._all = self._all - {fresh}
                log.error("could not restart a SPARQL worker")
                return
            asyncio.run_coroutine_threadsafe(self._add([fresh]), self.loop)

        # Start the replacement in the background: the client waiting for a 503 should not wait for it.
        threading.Thread(target=respawn, daemon=True).start()

    def _abandon(self, worker: WorkerProcess) -> None:
        """The job running on `worker` lost its caller: take the worker back once the job ends (a
        new process would start with cold caches), or replace it if that takes over ABANDON_GRACE."""
        free = worker.drain(ABANDON_GRACE)
        if free is None:
            self._replace(worker)
            return

        def back(done: asyncio.Future) -> None:
            if done.result() and not self.closed:
                self._release(worker)
            else:
                self._replace(worker)

        free.add_done_callback(back)

    def bump(self) -> None:
        self.generation += 1

    async def run(self, job: dict, timeout: float) -> tuple:
        job["gen"] = self.generation
        started = time.monotonic()
        if self.idle:
            worker = self.idle.pop()  # the most recently used: its caches are warm
        else:
            waiter = self.loop.create_future()
            self.waiters.append(waiter)
            try:
                worker = await asyncio.wait_for(waiter, timeout)
            except asyncio.TimeoutError:
                raise QueryTimeout("the server is busy: no worker became free in time") from None
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._release(waiter.result())
                raise
        remaining = max(0.05, timeout - (time.monotonic() - started))
        try:
            reply = await worker.call(job, remaining)
        except WorkerDied:
            self._replace(worker)
            raise StoreError("the SPARQL worker died while running the request") from None
        except asyncio.CancelledError:  # e.g. the client went away: nobody wants the answer
            self._abandon(worker)
            raise
        except BaseException:  # the worker's state is unknown
            self._replace(worker)
            raise
        if reply is None:
            self._replace(worker)
            raise QueryTimeout(f"the request ran longer than the {timeout:g} s limit and was stopped")
        self._release(worker)
        return reply

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers, self._all = list(self._all), frozenset()
        for worker in workers:
            worker.kill()


class StoreWatcher:
    """Notices files changing in the store directory (another process wrote), at most once a second."""

    def __init__(self, path: Path):
        self.path = path
        self.signature = self._signature()
        self.checked = time.monotonic()
        self._lock = threading.Lock()

    def _signature(self) -> tuple:
        try:
            entries = list(os.scandir(self.path))
        except OSError:
            return ()
        out = []
        for entry in entries:
            try:
                st = entry.stat()
            except OSError:  # compaction removed it meanwhile
                continue
            out.append((entry.name, st.st_size, st.st_mtime_ns))
        return tuple(sorted(out))

    def changed(self, force: bool = False) -> bool:
        now = time.monotonic()
        if not force and now - self.checked < REFRESH_INTERVAL:
            return False
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self.checked = now
            signature = self._signature()
            if signature == self.signature:
                return False
            self.signature = signature
            return True
        finally:
            self._lock.release()


class Engine:
    """Everything a request needs besides itself: settings, worker pools, store watcher.

    The pools live on an event loop in the engine's own thread. The HTTP server of server.py runs
    on that loop too and awaits `aread` directly; any other caller (Flask views under any WSGI
    server, the test client) uses the blocking `read` / `write` from its own thread."""

    def __init__(self, settings: Settings, workers: int):
        self.settings = settings
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="kg-engine", daemon=True)
        self._thread.start()
        self.closed = False
        env = worker_environment(worker_allocator(settings.worker_malloc))
        self.readers = Pool(self.loop, settings.store, "read", workers, env)
        self.writer = Pool(self.loop, settings.store, "write", 1, env) if settings.update_token else None
        try:
            self.readers.start()
            if self.writer:
                self.writer.start()
        except BaseException:
            self.close()
            raise
        self.watcher = StoreWatcher(settings.store)

    async def aread(self, job: dict) -> tuple:
        if self.watcher.changed():
            self.readers.bump()
        return _unwrap(await self.readers.run(job, self.settings.query_timeout))

    async def awrite(self, job: dict) -> tuple:
        assert self.writer is not None
        try:
            return _unwrap(await self.writer.run(job, self.settings.query_timeout))
        finally:
            # Even a killed write may have committed just before: always make readers reopen.
            self.readers.bump()

    def _blocking(self, coroutine) -> tuple:
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError("blocking engine call on the engine's own loop: await it instead")
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def read(self, job: dict) -> tuple:
        return self._blocking(self.aread(job))

    def write(self, job: dict) -> tuple:
        return self._blocking(self.awrite(job))

    def close(self) -> None:
        """Stop the workers and the loop (idempotent; from any thread)."""
        if self.closed:
            return
        self.closed = True
        if self.loop.is_running() and threading.current_thread() is not self._thread:
            try:
                asyncio.run_coroutine_threadsafe(self._aclose(), self.loop).result(timeout=15)
            except Exception:  # the loop is stuck or gone: kill the processes from here
                self._close_pools()
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout=5)
        else:
            self._close_pools()
            self.loop.stop()

    async def _aclose(self) -> None:
        self._close_pools()

    def _close_pools(self) -> None:
        self.readers.close()
        if self.writer:
            self.writer.close()


def _unwrap(reply: tuple) -> tuple:
    if reply[0] == "ok":
        return reply[1:]
    _, kind, message = reply
    if kind == "syntax":
        raise QueryError(message)
    if kind == "too-many-rows":
        raise TooManyRows(f"The result has more than {message} rows or triples, the limit of this "
                          "server. Add LIMIT (and OFFSET to page through it) to the query.")
    if kind == "not-found":
        raise NotFound(message)
    if kind == "not-acceptable":
        raise NotAcceptable(f"No acceptable format for a {message.upper()} result; this server "
                            f"offers {', '.join(OFFERS[message])}.")
    if kind == "unsupported-media":
        raise UnsupportedMediaType(f"Cannot read {message}")
    if kind == "locked":
        raise StoreLockedError(f"The store is locked by another writer (e.g. `kg build`): {message}")
    if kind == "store":
        raise StoreError(f"The store could not be read or written: {message}")
    raise RuntimeError(f"SPARQL worker failed: {message}")


def engine() -> Engine:
    return current_app.extensions[EXTENSION]


# ---------------------------------------------------------------------------------------------------
# Safety: SERVICE / LOAD, and whether the query names its own dataset

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_RISKY = re.compile(r"service|load", re.IGNORECASE)
_FROM = re.compile(r"from", re.IGNORECASE)


def _expand_escapes(text: str) -> str:
    """SPARQL applies \\uXXXX escapes before parsing, anywhere; expand them (repeatedly, to be safe)."""
    for _ in range(4):
        expanded = _UNICODE_ESCAPE.sub(
            lambda m: chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF)), text)
        if expanded == text:
            break
        text = expanded
    return text


def _walk(node: Any, found: list) -> None:
    """Collect ServiceGraphPattern, Load and dataset clauses from an rdflib SPARQL parse tree."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from pyparsing import ParseResults

    if isinstance(node, CompValue):
        if node.name in ("ServiceGraphPattern", "Load", "DatasetClause", "UsingClause"):
            found.append(node)
        if node.name == "Modify" and _field(node, "withClause") is not None:
            found.append(node)
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            _walk(value, found)


def _field(node: Any, key: str) -> Any:
    # rdflib's CompValue.get(key) returns the key itself when missing; read the dict directly.
    return dict.get(node, key)


@dataclass
class _Prologue:
    base: str
    prefixes: dict[str, str]

    def add(self, decls: Any) -> None:
        for decl in decls or []:
            if getattr(decl, "name", None) == "Base":
                self.base = urljoin(self.base, str(_field(decl, "iri")))
            elif getattr(decl, "name", None) == "PrefixDecl":
                iri = urljoin(self.base, str(_field(decl, "iri")))
                self.prefixes[_field(decl, "prefix") or ""] = iri

    def resolve(self, term: Any) -> str | None:
        """The absolute IRI a SERVICE/LOAD target denotes, or None when it is a variable or unknown."""
        from rdflib.term import URIRef

        if isinstance(term, URIRef):
            return urljoin(self.base, str(term))
        if getattr(term, "name", None) == "pname":
            prefix = self.prefixes.get(_field(term, "prefix") or "")
            return None if prefix is None else prefix + (_field(term, "localname") or "")
        return None


def _check_targets(nodes: list, prologue: _Prologue, allowlist: tuple[str, ...]) -> None:
    for node in nodes:
        if node.name == "ServiceGraphPattern":
            term, what = _field(node, "term"), "SERVICE"
        elif node.name == "Load":
            term, what = _field(node, "iri"), "LOAD"
        else:
            continue
        target = prologue.resolve(term)
        if target is None or target not in allowlist:
            shown = f"<{target}>" if target else str(term)
            raise QueryRefused(f"{what} {shown} is not allowed on this server: it does not fetch "
                               "remote data.")


def inspect_query(text: str, base: str, allowlist: tuple[str, ...]) -> bool:
    """Refuse SERVICE outside the allowlist; tell whether the query gives no dataset (FROM...)."""
    expanded = _expand_escapes(text)
    risky = _RISKY.search(expanded) is not None
    if not risky and _FROM.search(expanded) is None:
        return True  # the hot path: nothing to look at
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException and friends
        if risky:
            raise QueryError(f"Could not check the query for SERVICE/LOAD: {exc}") from None
        return True  # not risky: let pyoxigraph judge it and report its own syntax error
    found: list = []
    _walk(tree, found)
    prologue = _Prologue(base, {})
    prologue.add(tree[0])
    _check_targets(found, prologue, allowlist)
    return not any(node.name == "DatasetClause" for node in found)


def inspect_update(text: str, base: str, allowlist: tuple[str, ...]) -> bool:
    """Refuse LOAD/SERVICE outside the allowlist; tell whether the update has USING/WITH clauses."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        tree = parseUpdate(text)
    except Exception as exc:
        raise QueryError(str(exc)) from None
    prologue = _Prologue(base, {})
    has_dataset = False
    prologues = _field(tree, "prologue") or []
    for index, operation in enumerate(_field(tree, "request") or []):
        if index < len(prologues):
            prologue.add(prologues[index])  # prefixes carry over to later operations
        found: list = []
        _walk(operation, found)
        _check_targets(found, prologue, allowlist)
        has_dataset |= any(node.name in ("UsingClause", "Modify") for node in found)
    return has_dataset


# A small SPARQL lexer, only used to place USING clauses for using-graph-uri (not for safety).
_TOKEN = re.compile(r"""
    (?P<ws>\s+) | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<name>(?:[^\W\d][\w\-.]*)?:(?:[\w\-.:%]|\\[_~.\-!$&'()*+,;=/?\#@%])* | [^\W\d][\w\-]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def add_using(text: str, default: list[str], named: list[str]) -> str:
    """Insert USING / USING NAMED before the WHERE of each DELETE/INSERT ... WHERE operation."""
    clause = "".join(f" USING <{iri}>" for iri in default) + "".join(
        f" USING NAMED <{iri}>" for iri in named) + " "
    out, depth, previous, last = [], 0, "", 0
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind in ("ws", "comment"):
            continue
        word = value.upper() if kind == "name" else ""
        if value == "{":
            depth += 1
        elif value == "}":
            depth -= 1
        elif word == "WHERE" and depth == 0 and previous != "DELETE":
            out.append(text[last:match.start()] + clause)
            last = match.start()
        previous = word
    out.append(text[last:])
    return "".join(out)


def _checked_iris(values: list[str], what: str) -> list[str]:
    for iri in values:
        if not urlsplit(iri).scheme or re.search(r'[\x00-\x20<>"{}|^`\\]', iri):
            raise QueryError(f"{what} must be an absolute IRI, got {iri!r}")
    return values


# ---------------------------------------------------------------------------------------------------
# Content negotiation

JSON_RES, XML_RES = "application/sparql-results+json", "application/sparql-results+xml"
CSV_RES, TSV_RES = "text/csv", "text/tab-separated-values"
TURTLE, NTRIPLES, RDFXML, JSONLD = "text/turtle", "application/n-triples", "application/rdf+xml", \
    "application/ld+json"
NQUADS, TRIG, N3 = "application/n-quads", "application/trig", "text/n3"

# What each result kind can be served as: (media type asked for, media type served), best first.
_ACCEPTS = {
    "select": [(JSON_RES, JSON_RES), (XML_RES, XML_RES), (CSV_RES, CSV_RES), (TSV_RES, TSV_RES),
               ("application/json", JSON_RES), ("application/xml", XML_RES), ("text/xml", XML_RES)],
    "ask": [(JSON_RES, JSON_RES), (XML_RES, XML_RES), ("application/json", JSON_RES),
            ("application/xml", XML_RES), ("text/xml", XML_RES)],
    "graph": [(TURTLE, TURTLE), (NTRIPLES, NTRIPLES), (RDFXML, RDFXML), (JSONLD, JSONLD),
              (NQUADS, NQUADS), (TRIG, TRIG), (N3, N3), ("application/x-turtle", TURTLE),
              ("application/turtle", TURTLE), ("text/plain", NTRIPLES), ("application/xml", RDFXML),
              ("text/xml", RDFXML), ("application/json", JSONLD)],
}
OFFERS = {kind: sorted({served for _, served in pairs}) for kind, pairs in _ACCEPTS.items()}
# The `format` / `output` / `results` parameter (SPARQLWrapper sends one): name -> kind -> media type.
_FORMAT_NAMES = {
    "json": {"select": JSON_RES, "ask": JSON_RES, "graph": JSONLD},
    "xml": {"select": XML_RES, "ask": XML_RES, "graph": RDFXML},
    "csv": {"select": CSV_RES}, "tsv": {"select": TSV_RES},
    "turtle": {"graph": TURTLE}, "ttl": {"graph": TURTLE}, "n3": {"graph": TURTLE},
    "nt": {"graph": NTRIPLES}, "ntriples": {"graph": NTRIPLES}, "n-triples": {"graph": NTRIPLES},
    "rdf": {"graph": RDFXML}, "rdfxml": {"graph": RDFXML}, "rdf+xml": {"graph": RDFXML},
    "json-ld": {"graph": JSONLD}, "jsonld": {"graph": JSONLD},
    "nq": {"graph": NQUADS}, "nquads": {"graph": NQUADS}, "trig": {"graph": TRIG},
}
# Graph Store uploads: triple formats only (a graph's content has no graph names).
UPLOAD_TYPES = {TURTLE: TURTLE, "application/x-turtle": TURTLE, "application/turtle": TURTLE,
                NTRIPLES: NTRIPLES, "text/plain": NTRIPLES, RDFXML: RDFXML, "application/xml": RDFXML,
                JSONLD: JSONLD, N3: N3}


@lru_cache(maxsize=512)
def negotiate(accept: str, fmt: str) -> dict[str, str | None]:
    """Media type for each result kind ('select', 'ask', 'graph'); None = nothing acceptable."""
    by_name = _FORMAT_NAMES.get(fmt.strip().lower(), {}) if fmt else {}
    # Parameters such as charset=utf-8 would stop werkzeug from matching the bare type: drop them.
    parsed = parse_accept_header(accept or "*/*", MIMEAccept)
    header = MIMEAccept([(value.split(";")[0].strip(), q) for value, q in parsed])
    chosen: dict[str, str | None] = {}
    for kind, pairs in _ACCEPTS.items():
        wanted = by_name.get(kind) or (fmt if fmt in dict(pairs) else None)
        if wanted:
            chosen[kind] = dict(pairs)[wanted]
            continue
        best = header.best_match([asked for asked, _ in pairs])
        chosen[kind] = dict(pairs)[best] if best else None
    return chosen


def _content_type(media: str) -> str:
    text = media.startswith("text/") or media in (NTRIPLES, NQUADS, TRIG)
    return f"{media}; charset=utf-8" if text else media


def _format_param(values: MultiDict) -> str:
    return values.get("format") or values.get("output") or values.get("results") or ""


# ---------------------------------------------------------------------------------------------------
# Authorization


def require_writer() -> None:
    token = engine().settings.update_token
    if not token:
        raise QueryRefused("This endpoint is read-only. Start `kg serve` with --update-token "
                           "(or KG_UPDATE_TOKEN) to accept updates.")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise AuthRequired("Updates need an `Authorization: Bearer TOKEN` header.")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise QueryRefused("The update token is wrong.")


# ---------------------------------------------------------------------------------------------------
# /sparql


def _read_operation() -> tuple[str | None, str, MultiDict]:
    """(operation, text, parameters) from a protocol request; operation None = no query at all."""
    args = request.args
    if request.method == "GET":
        if len(request.query_string) > MAX_GET_BYTES:
            raise RequestEntityTooLarge(f"GET queries are limited to {MAX_GET_BYTES} bytes; POST "
                                        "longer ones.")
        if "update" in args:
            raise BadRequest("Updates must be sent with POST.")
        return _single(args, "query"), args.get("query", ""), args
    media = request.mimetype
    if media == "application/x-www-form-urlencoded":
        params = MultiDict(args)
        params.update(request.form)
        if "query" in params and "update" in params:
            raise BadRequest("Send either a query or an update, not both.")
        op = _single(params, "update") or _single(params, "query")
        if op is None:
            raise BadRequest("The form has no `query` or `update` field.")
        return op, params[op], params
    if media in ("application/sparql-query", "application/sparql-update"):
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType("SPARQL requests must be encoded in UTF-8.")
        if "query" in args or "update" in args:
            raise BadRequest("The request has a body and a query/update parameter.")
        try:
            text = request.get_data().decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("The request body is not valid UTF-8.") from None
        return ("query" if media.endswith("query") else "update"), text, args
    raise UnsupportedMediaType(
        "POST a query as application/x-www-form-urlencoded (query=...) or application/sparql-query, "
        "an update as application/x-www-form-urlencoded (update=...) or application/sparql-update.")


def _single(params: MultiDict, name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"The request has {len(values)} `{name}` parameters; send one.")
    return name if values else None


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    operation, text, params = _read_operation()
    if operation is None:
        return service_description()
    if operation == "update":
        return _update(text, params)
    return _query(text, params)


def _endpoint_url() -> str:
    """This endpoint's URL (the base IRI of queries); cheaper than request.base_url on the hot path."""
    env = request.environ
    host = env.get("HTTP_HOST") or f"{env['SERVER_NAME']}:{env['SERVER_PORT']}"
    return f"{env['wsgi.url_scheme']}://{host}{request.script_root}{request.path}"


def query_job(text: str, params: MultiDict, base: str, accept: str, settings: Settings) -> dict:
    """The worker job for a query request, after the checks both front ends make: SERVICE and
    LOAD refused, a producible media type, well-formed dataset IRIs."""
    union = inspect_query(text, base, settings.service_allowlist)
    media = negotiate(accept, _format_param(params))
    if not any(media.values()):
        raise NotAcceptable("None of the accepted media types can be produced; this server offers "
                            f"{', '.join(sorted(set().union(*OFFERS.values())))}.")
    default = _checked_iris(params.getlist("default-graph-uri"), "default-graph-uri")
    named = _checked_iris(params.getlist("named-graph-uri"), "named-graph-uri")
    return {"op": "query", "query": text, "base": base, "union": union, "media": media,
            "default": default or None, "named": named or None, "max_rows": settings.max_rows}


def _query(text: str, params: MultiDict) -> Response:
    eng = engine()
    job = query_job(text, params, _endpoint_url(), request.headers.get("Accept", ""), eng.settings)
    served, body = eng.read(job)
    return Response(body, content_type=_content_type(served), headers={"Vary": "Accept"})


def _update(text: str, params: MultiDict) -> Response:
    require_writer()
    eng = engine()
    base = request.base_url
    has_dataset = inspect_update(text, base, eng.settings.service_allowlist)
    default = _checked_iris(params.getlist("using-graph-uri"), "using-graph-uri")
    named = _checked_iris(params.getlist("using-named-graph-uri"), "using-named-graph-uri")
    if default or named:
        if has_dataset:
            raise BadRequest("The update has USING/WITH clauses and using-graph-uri/"
                             "using-named-graph-uri parameters; give the dataset once.")
        text = add_using(text, default, named)
    eng.write({"op": "update", "update": text, "base": base})
    return Response(status=204)


# ---------------------------------------------------------------------------------------------------
# Service description

SD_PREFIXES = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix ent: <http://www.w3.org/ns/entailment/> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@lru_cache(maxsize=64)
def _service_description(endpoint: str, writable: bool, timeout: float, max_rows: int,
                         media: str) -> bytes:
    import pyoxigraph as ox

    languages = "sd:SPARQL11Query, sd:SPARQL11Update" if writable else "sd:SPARQL11Query"
    turtle = SD_PREFIXES + f"""
<{endpoint}#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage {languages} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultEntailmentRegime ent:Simple ;
    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
        fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:RDF_XML, fmt:JSON-LD, fmt:N-Quads,
        fmt:TriG ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;
    rdfs:comment \"\"\"Diplomacy knowledge graph. Each article's facts live in its own named graph.
When a request gives no dataset (no default-graph-uri/named-graph-uri, no FROM/FROM NAMED), the default
graph is the union of all graphs in the store; a dataset given by the request is honoured exactly.
Queries stop after {timeout:g} s (HTTP 503) and return at most {max_rows} rows or triples (more is
HTTP 400: use LIMIT/OFFSET). SERVICE and LOAD of remote data are refused.\"\"\" .
"""
    if media == TURTLE:
        return turtle.encode()
    return ox.serialize(ox.parse(turtle, format=ox.RdfFormat.TURTLE),
                        format=ox.RdfFormat.from_media_type(media))


def service_description() -> Response:
    settings = engine().settings
    media = negotiate(request.headers.get("Accept", ""), _format_param(request.args))["graph"]
    if media is None:
        raise NotAcceptable(f"The service description is available as {', '.join(OFFERS['graph'])}.")
    body = _service_description(request.base_url, bool(settings.update_token),
                                settings.query_timeout, settings.max_rows, media)
    return Response(body, content_type=_content_type(media), headers={"Vary": "Accept"})


# ---------------------------------------------------------------------------------------------------
# /store: SPARQL 1.1 Graph Store HTTP Protocol

GSP_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


@bp.route("/store", methods=GSP_METHODS)
@bp.route("/store/<path:_direct>", methods=GSP_METHODS)
def graph_store(_direct: str | None = None) -> Response:
    request.max_content_length = MAX_UPLOAD_BYTES  # whole graphs, bigger than queries
    graph, minted = _target_graph(_direct is not None)
    if request.method in ("GET", "HEAD"):
        return _read_graph(graph)
    require_writer()
    parts = [] if request.method == "DELETE" else _uploaded_parts()
    (created,) = engine().write({"op": "write-graph", "method": request.method, "graph": graph,
                                 "parts": parts, "base": graph or request.base_url})
    if minted:
        return Response(status=201, headers={"Location": graph})
    return Response(status=201 if created else 204)


def _target_graph(direct: bool) -> tuple[str | None, bool]:
    """(graph IRI or None for the default graph, whether the IRI was minted for a POST)."""
    args = request.args
    if direct:  # direct identification: the request URL names the graph
        if "graph" in args or "default" in args:
            raise BadRequest("Name the graph either by the URL or by ?graph= / ?default, not both.")
        return request.base_url, False
    if "graph" in args and "default" in args:
        raise BadRequest("Give either ?graph=IRI or ?default, not both.")
    if "default" in args:
        return None, False
    if "graph" in args:
        return _checked_iris([args["graph"]], "graph")[0], False
    if request.method == "POST":  # graph creation: the store names the new graph
        return f"{request.base_url.rstrip('/')}/{uuid.uuid4().hex}", True
    raise BadRequest("Name the graph: /store?graph=IRI or /store?default.")


def _read_graph(graph: str | None) -> Response:
    media = negotiate(request.headers.get("Accept", ""), _format_param(request.args))["graph"]
    if media is None:
        raise NotAcceptable(f"Graphs are available as {', '.join(OFFERS['graph'])}.")
    served, body = engine().read({"op": "read-graph", "graph": graph, "media": media})
    return Response(body, content_type=_content_type(served), headers={"Vary": "Accept"})


def _uploaded_parts() -> list[tuple[bytes, str]]:
    if request.mimetype == "multipart/form-data":
        files = request.files.values()
        return [(f.read(), _upload_type(f.mimetype)) for f in files]
    return [(request.get_data(), _upload_type(request.mimetype))]


def _upload_type(media: str) -> str:
    if media not in UPLOAD_TYPES:
        raise UnsupportedMediaType(f"Cannot store {media or 'a body without Content-Type'} as a "
                                   f"graph; send one of {', '.join(sorted(UPLOAD_TYPES))}.")
    return UPLOAD_TYPES[media]


# ---------------------------------------------------------------------------------------------------
# /health


@bp.route("/health", methods=["GET"])
def health() -> Response:
    eng = engine()
    if eng.watcher.changed(force=True):
        eng.readers.bump()
    body: dict[str, Any] = {"store": str(eng.settings.store), "writable": eng.writer is not None,
                            "workers": eng.readers.size}
    try:
        (quads,) = eng.read({"op": "count"})
    except KGError as exc:
        return jsonify(status="unavailable", error=str(exc), **body), 503
    return jsonify(status="ok", quads=quads, **body)


# ---------------------------------------------------------------------------------------------------
# Errors and CORS, installed on the app by install()

_STATUS: list[tuple[type[Exception], int]] = [
    (AuthRequired, 401), (QueryTimeout, 503), (StoreLockedError, 503), (QueryRefused, 403),
    (QueryError, 400), (StoreError, 503),
]


def _text(message: str, status: int) -> Response:
    return Response(message.rstrip() + "\n", status=status, content_type="text/plain; charset=utf-8")


def _status_of(exc: KGError) -> int:
    return next((code for cls, code in _STATUS if isinstance(exc, cls)), 500)


def _kg_error(exc: KGError) -> Response:
    status = _status_of(exc)
    if status == 500:
        log.exception("unexpected error", exc_info=exc)
        return _text("Internal server error.", 500)
    response = _text(str(exc), status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="diplomacy-kg"'
    return response


def _http_error(exc: HTTPException) -> Response:
    response = _text(exc.description or exc.name, exc.code or 500)
    if exc.code == 405:
        response.headers["Allow"] = ", ".join(exc.valid_methods or [])
    return response


def _unexpected(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    log.exception("unexpected error while serving %s %s", request.method, request.path, exc_info=exc)
    return _text("Internal server error.", 500)


def cors_headers(origins: tuple[str, ...], origin: str | None, method: str) -> list[tuple[str, str]]:
    """The CORS headers for a request from `origin` (none when it is not allowed)."""
    if not origin or not origins:
        return []
    if "*" in origins:
        headers = [("Access-Control-Allow-Origin", "*")]
    elif origin in origins:
        headers = [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    else:
        return []
    headers.append(("Access-Control-Expose-Headers", "Location, Content-Type"))
    if method == "OPTIONS":  # a preflight
        headers += [("Access-Control-Allow-Methods", ", ".join(GSP_METHODS + ["OPTIONS"])),
                    ("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type"),
                    ("Access-Control-Max-Age", "600")]
    return headers


def _cors(response: Response) -> Response:
    for name, value in cors_headers(engine().settings.cors_origins, request.headers.get("Origin"),
                                    request.method):
        if name == "Vary":
            response.vary.add(value)
        else:
            response.headers[name] = value
    return response


# ---------------------------------------------------------------------------------------------------
# The fast path: SPARQL queries without Flask
#
# server.py's HTTP server offers every request to `fast_query` first. It answers the common case, a
# query by GET or POST (form or direct) to /sparql, exactly as the Flask view would (same checks, same
# negotiation, same errors, same headers) but without building request/response objects, and it
# awaits the worker on the engine's loop instead of holding a thread. Anything else (updates, the
# service description, requests the view would refuse for their shape or size, other paths) returns
# None and goes to the Flask app.


@dataclass
class FastReply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


_REASONS = {200: "OK", 400: "BAD REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT FOUND",
            406: "NOT ACCEPTABLE", 413: "REQUEST ENTITY TOO LARGE", 415: "UNSUPPORTED MEDIA TYPE",
            500: "INTERNAL SERVER ERROR", 503: "SERVICE UNAVAILABLE"}


def _fast_text(message: str, status: int) -> FastReply:
    return FastReply(status, [("Content-Type", "text/plain; charset=utf-8")],
                     (message.rstrip() + "\n").encode("utf-8"))


def _fast_error(exc: Exception) -> FastReply:
    if isinstance(exc, HTTPException):
        return _fast_text(exc.description or exc.name, exc.code or 500)
    if isinstance(exc, KGError):
        status = _status_of(exc)
        if status != 500:
            return _fast_text(str(exc), status)
    log.exception("unexpected error while serving a query", exc_info=exc)
    return _fast_text("Internal server error.", 500)


def _fast_params(method: str, query_string: str, headers: dict[str, str], body: bytes,
                 max_bytes: int) -> tuple[str, MultiDict] | None:
    """(query text, parameters) of a plain query request, or None for anything else."""
    from urllib.parse import parse_qsl

    if method == "GET":
        if len(query_string) > MAX_GET_BYTES:
            return None
        params = MultiDict(parse_qsl(query_string, keep_blank_values=True, errors="replace"))
        if "update" in params or len(params.getlist("query")) != 1:
            return None
        return params["query"], params
    if method != "POST" or len(body) > max_bytes:
        return None
    media, _, options = headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    if media == "application/sparql-query":
        if options.strip() and options.replace(" ", "").lower() not in ("charset=utf-8", "charset=utf8"):
            return None
        params = MultiDict(parse_qsl(query_string, keep_blank_values=True, errors="replace"))
        if "query" in params or "update" in params:
            return None
        try:
            return body.decode("utf-8"), params
        except UnicodeDecodeError:
            return None
    if media == "application/x-www-form-urlencoded":
        if not body.isascii():  # raw non-ASCII in a form: let werkzeug decide what it means
            return None
        params = MultiDict(parse_qsl(query_string, keep_blank_values=True, errors="replace"))
        params.update(MultiDict(parse_qsl(body.decode("ascii"), keep_blank_values=True,
                                          errors="replace")))
        if "update" in params or len(params.getlist("query")) != 1:
            return None
        return params["query"], params
    return None


async def fast_query(eng: Engine, method: str, path: str, query_string: str,
                     headers: dict[str, str], body: bytes, host_url: str) -> FastReply | None:
    """Answer a SPARQL query request as the /sparql view would, or None to leave it to Flask.

    `headers` has lower-case names; `host_url` is scheme://host[:port] as the client named it."""
    if path != "/sparql":
        return None
    settings = eng.settings
    parsed = _fast_params(method, query_string, headers, body, settings.max_query_bytes)
    if parsed is None:
        return None
    text, params = parsed
    try:
        job = query_job(text, params, host_url + path, headers.get("accept", ""), settings)
        served, payload = await eng.aread(job)
        reply = FastReply(200, [("Content-Type", _content_type(served)), ("Vary", "Accept")], payload)
    except Exception as exc:  # the same answers as the Flask error handlers
        reply = _fast_error(exc)
    cors = cors_headers(settings.cors_origins, headers.get("origin"), method)
    if cors:
        vary = [value for name, value in reply.headers if name == "Vary"]
        reply.headers = [(n, v) for n, v in reply.headers if n != "Vary"]
        extra = [value for name, value in cors if name == "Vary"]
        reply.headers += [(n, v) for n, v in cors if n != "Vary"]
        if vary or extra:
            reply.headers.append(("Vary", ", ".join(vary + extra)))
    return reply


def install(app: Flask, settings: Settings, workers: int) -> Engine:
    """Start the worker processes and register the blueprint, error handlers and CORS on `app`."""
    eng = Engine(settings, workers)
    app.extensions[EXTENSION] = eng
    app.config["MAX_CONTENT_LENGTH"] = settings.max_query_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = settings.max_query_bytes
    app.register_blueprint(bp)
    app.register_error_handler(KGError, _kg_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    app.after_request(_cors)
    return eng

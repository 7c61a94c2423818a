"""A SPARQL worker process: owns one pyoxigraph handle and answers jobs sent over a pipe.

Why a process: pyoxigraph cannot interrupt a running query, and it aborts the whole process when a
result iterator is advanced on another thread than the one that created it. So every query runs here,
on this process's only thread, and is serialized to bytes before it leaves; the server enforces its
time limit by killing this process.

Started by kg.endpoint as ``python -m kg.sparql_worker FD STORE MODE`` where FD is one end of a socket
pair (messages are pickles, each preceded by its length as 8 bytes, see `send_frame`), STORE the store directory and MODE ``read`` (a long-lived read-only handle, reopened when the
server says the store changed) or ``write`` (a read-write handle opened for a write, kept while
writes keep coming and closed after a quiet second, so `kg build` can take the store between
updates). Only pyoxigraph, kg.iris and the standard library are imported here, so a worker starts
fast.

Jobs are dicts, replies are tuples: ``("ok", ...)`` or ``("err", kind, message)``.
"""
from __future__ import annotations

import gc
import pickle
import select
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from kg.iris import PREFIXES

def _base(media: str) -> str:
    return media.split(";")[0].strip()


RESULT_FORMATS = {_base(f.media_type): f for f in (
    ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV)}
RDF_FORMATS = {_base(f.media_type): f for f in (
    ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD,
    ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.N3)}
# Formats whose serializer can use prefixes to make the output readable.
WRITER_IDLE_CLOSE = 1.0  # seconds

PREFIXED = {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3, ox.RdfFormat.RDF_XML}


class JobError(Exception):
    """A failure to report to the server as ("err", kind, message)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class TooManyRows(Exception):
    """Raised from inside a serializer's input once the row cap is passed; stops the query early."""


# ---------------------------------------------------------------------------------------------------
# Results


def _capped(items: Iterable[Any], max_rows: int) -> Iterator[Any]:
    for n, item in enumerate(items, 1):
        if n > max_rows:
            raise TooManyRows
        yield item


class _CappedSink:
    """A binary sink for a serializer that gives up (stopping the query) once `measure` summed over
    what was written passes `limit`: bytes (len) or, for TSV, lines."""

    def __init__(self, limit: int, measure: Callable[[bytes], int] = len):
        self.limit = limit
        self.measure = measure
        self.used = 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.used += self.measure(data)
        if self.used > self.limit:
            raise TooManyRows
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _lines(data: bytes) -> int:
    return data.count(b"\n")


# The fewest bytes one solution takes in each format (an empty row, with its separator), so that an
# answer no longer than max_rows * this has at most max_rows rows and needs no counting.
_MIN_ROW_BYTES = {"application/sparql-results+json": 3,  # {},
                  "application/sparql-results+xml": 17,  # <result></result>
                  "text/csv": 2}  # CRLF


def _tsv_counted(result: ox.QuerySolutions, max_rows: int) -> bytes:
    sink = _CappedSink(max_rows + 1, _lines)  # TSV escapes newlines in terms: lines = rows + header
    result.serialize(sink, format=ox.QueryResultsFormat.TSV)
    return b"".join(sink.chunks)


def _solutions(result: ox.QuerySolutions, media: str, max_rows: int, rerun=None) -> bytes:
    # The row cap is enforced while streaming (it stops huge results early). Small answers (the
    # usual case) are written directly in the asked format: one that fits in max_rows times the
    # smallest row cannot have too many rows. Bigger ones are counted exactly on TSV (lossless,
    # one line per row) from a second run of the query (`rerun`), then converted inside pyoxigraph.
    tsv_media = _base(ox.QueryResultsFormat.TSV.media_type)
    if media != tsv_media and rerun is not None:
        sink = _CappedSink(max_rows * _MIN_ROW_BYTES.get(media, 1))
        try:
            result.serialize(sink, format=RESULT_FORMATS[media])
            return b"".join(sink.chunks)
        except (TooManyRows, OSError) as exc:
            if not isinstance(exc, TooManyRows) and not _is_too_many(exc):
                raise
        result = rerun()
    tsv = _tsv_counted(result, max_rows)
    if media == tsv_media:
        return tsv
    reread = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return reread.serialize(format=RESULT_FORMATS[media])


def _is_too_many(exc: BaseException) -> bool:
    return isinstance(exc.__cause__, TooManyRows) or "TooManyRows" in repr(exc)


def _triples(triples: Iterable[ox.Triple], media: str, max_rows: int) -> bytes:
    # No prefixes here: they would add ~1 KB to every small answer; /store dumps use them.
    return ox.serialize(_capped(triples, max_rows), format=RDF_FORMATS[media])


def serialize_result(result: Any, media: dict[str, str | None], max_rows: int,
                     rerun=None) -> tuple[str, bytes]:
    """Bytes of a query result in the negotiated media type for its kind ('select'/'ask'/'graph').

    `rerun`, when given, runs the query again (used to count the rows of a big SELECT answer)."""
    if isinstance(result, ox.QueryBoolean):
        kind = "ask"
    elif isinstance(result, ox.QuerySolutions):
        kind = "select"
    else:
        kind = "graph"
    chosen = media.get(kind)
    if chosen is None:
        raise JobError("not-acceptable", kind)
    try:
        if kind == "ask":
            return chosen, result.serialize(format=RESULT_FORMATS[chosen])
        if kind == "select":
            return chosen, _solutions(result, chosen, max_rows, rerun)
        return chosen, _triples(result, chosen, max_rows)
    except TooManyRows:
        raise JobError("too-many-rows", str(max_rows)) from None
    except OSError as exc:  # pyoxigraph wraps exceptions raised by our sink/iterator
        if _is_too_many(exc):
            raise JobError("too-many-rows", str(max_rows)) from None
        raise


def _graph(iri: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(iri) if iri is not None else ox.DefaultGraph()


def _dataset_args(job: dict) -> dict:
    args: dict[str, Any] = {"base_iri": job["base"]}
    if job["default"] is None and job["named"] is None:
        args["use_default_graph_as_union"] = job["union"]
        return args
    # A protocol dataset replaces the query's FROM/FROM NAMED; a missing half is empty (SPARQL 13.2).
    args["default_graph"] = [ox.NamedNode(i) for i in job["default"] or []]
    args["named_graphs"] = [ox.NamedNode(i) for i in job["named"] or []]
    return args


# ---------------------------------------------------------------------------------------------------
# Jobs


def run_query(store: ox.Store, job: dict) -> tuple:
    try:
        args = _dataset_args(job)
        result = store.query(job["query"], **args)
        media, body = serialize_result(result, job["media"], job["max_rows"],
                                       rerun=lambda: store.query(job["query"], **args))
    except SyntaxError as exc:
        raise JobError("syntax", str(exc)) from None
    except ValueError as exc:  # e.g. an invalid IRI in default-graph-uri
        raise JobError("syntax", str(exc)) from None
    return ("ok", media, body)


def read_graph(store: ox.Store, job: dict) -> tuple:
    graph = _graph(job["graph"])
    if isinstance(graph, ox.NamedNode) and not store.contains_named_graph(graph):
        raise JobError("not-found", f"no graph <{job['graph']}> in the store")
    fmt = RDF_FORMATS[job["media"]]
    body = store.dump(format=fmt, from_graph=graph, prefixes=PREFIXES if fmt in PREFIXED else None)
    return ("ok", job["media"], body)


def count(store: ox.Store, job: dict) -> tuple:
    return ("ok", len(store))


def run_update(store: ox.Store, job: dict) -> tuple:
    try:
        store.update(job["update"], base_iri=job["base"])
    except SyntaxError as exc:
        raise JobError("syntax", str(exc)) from None
    return ("ok",)


def _parse_triples(parts: list[tuple[bytes, str]], base: str) -> str:
    """N-Triples text of every uploaded part (all parsed before anything is written)."""
    out: list[bytes] = []
    for data, media in parts:
        fmt = RDF_FORMATS.get(media)
        if fmt is None:
            raise JobError("unsupported-media", media)
        try:
            # JSON-LD: pyoxigraph never fetches remote @context documents (it raises instead).
            quads = list(ox.parse(data, format=fmt, base_iri=base))
        except (SyntaxError, ValueError) as exc:
            raise JobError("syntax", str(exc)) from None
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        out.append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    return b"".join(out).decode("utf-8")


def write_graph(store: ox.Store, job: dict) -> tuple:
    """Graph Store PUT/POST/DELETE as ONE SPARQL update, so it is all-or-nothing even if killed."""
    iri = job["graph"]
    target = f"GRAPH <{iri}>" if iri is not None else "DEFAULT"
    existed = iri is None or store.contains_named_graph(ox.NamedNode(iri))
    method = job["method"]
    if method == "DELETE":
        if not existed:
            raise JobError("not-found", f"no graph <{iri}> in the store")
        store.update(f"DROP {target}")
        return ("ok", False)
    triples = _parse_triples(job["parts"], job["base"])
    ops = []
    if method == "PUT":
        ops.append(f"DROP SILENT {target}")
    if iri is not None:
        ops.append(f"CREATE SILENT GRAPH <{iri}>")
    ops.append(f"INSERT DATA {{ GRAPH <{iri}> {{ {triples} }} }}" if iri is not None
               else f"INSERT DATA {{ {triples} }}")
    store.update(" ;\n".join(ops))
    return ("ok", not existed)


JOBS = {"query": run_query, "read-graph": read_graph, "count": count,
        "update": run_update, "write-graph": write_graph}


# ---------------------------------------------------------------------------------------------------
# The loop


READ_RETRIES = 3


def _files_moved(exc: Exception) -> bool:
    text = str(exc)
    return isinstance(exc, OSError) or any(
        sign in text for sign in ("IO error", "No such file", "Corruption"))


class Worker:
    def __init__(self, path: str, mode: str):
        self.path = path
        self.mode = mode
        self.store: ox.Store | None = None
        self.generation = -1

    def _reader(self, generation: int) -> ox.Store:
        # A read-only handle sees the store as it was when opened: reopen when the server saw a change.
        if self.store is None or generation != self.generation:
            self.store = None
            gc.collect()
            self.store = ox.Store.read_only(self.path)
            self.generation = generation
        return self.store

    def _run_read(self, job: dict) -> tuple:
        handler = JOBS[job["op"]]
        for attempt in range(READ_RETRIES + 1):
            try:
                return handler(self._reader(job["gen"]), job)
            except (OSError, RuntimeError) as exc:
                # A writer (ours or `kg build`) compacting the store may delete files a read-only
                # handle still expects; RocksDB then reports "IO error"/"Corruption". The files on
                # disk are fine: reopen on the new file set and try again.
                if attempt == READ_RETRIES or not _files_moved(exc):
                    raise
                self.store = None
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    def _run_write(self, job: dict) -> tuple:
        if self.store is None:
            try:
                self.store = ox.Store(self.path)
            except OSError as exc:
                kind = "locked" if "lock" in str(exc).lower() else "store"
                raise JobError(kind, str(exc)) from None
        return JOBS[job["op"]](self.store, job)

    def release(self) -> None:
        """Close the read-write handle (and RocksDB's lock) so other processes may write."""
        if self.store is not None:
            self.store = None
            gc.collect()

    def handle(self, job: dict) -> tuple:
        try:
            return self._run_write(job) if self.mode == "write" else self._run_read(job)
        except JobError as exc:
            return ("err", exc.kind, str(exc))
        except OSError as exc:
            return ("err", "store", str(exc))
        except Exception as exc:  # reported to the server, which logs it and answers 500
            return ("err", "internal", f"{type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------------------------------
# Messages: a pickle preceded by its length (8 bytes, big-endian)

HEADER = struct.Struct("!Q")


def send_frame(sock: socket.socket, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) < 65536:
        sock.sendall(HEADER.pack(len(data)) + data)  # one system call for the usual small message
    else:
        sock.sendall(HEADER.pack(len(data)))
        sock.sendall(data)


def _recv_exactly(sock: socket.socket, size: int) -> bytearray:
    buf = bytearray(size)
    view, got = memoryview(buf), 0
    while got < size:
        n = sock.recv_into(view[got:], size - got)
        if n == 0:
            raise EOFError
        got += n
    return buf


def recv_frame(sock: socket.socket) -> Any:
    (size,) = HEADER.unpack(_recv_exactly(sock, HEADER.size))
    return pickle.loads(_recv_exactly(sock, size))


def main(argv: list[str]) -> None:
    fd, path, mode = int(argv[0]), argv[1], argv[2]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server owns shutdown; Ctrl-C goes to it
    sock = socket.socket(fileno=fd)
    sock.setblocking(True)
    worker = Worker(path, mode)
    if mode == "read":
        try:
            worker._reader(0)  # warm up: fail early and visibly if the store cannot be opened
        except OSError as exc:
            print(f"kg.sparql_worker: cannot open store {path}: {exc}", file=sys.stderr)
    try:
        send_frame(sock, ("ready",))
        while True:
            # A writer keeps its read-write handle while writes keep coming (opening one costs
            # ~0.1 s) and gives it up after a quiet second, so `kg build` can take the store.
            if mode == "write" and not select.select([sock], [], [], WRITER_IDLE_CLOSE)[0]:
                worker.release()
                continue
            job = recv_frame(sock)
            send_frame(sock, worker.handle(job))
    except (EOFError, OSError):
        return  # the server went away


if __name__ == "__main__":
    main(sys.argv[1:])

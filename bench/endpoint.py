"""SPARQL endpoint throughput and latency: `kg serve` against Oxigraph's own server, same store, same load.

    python -m bench endpoint [--duration 30] [--windows 6] [--connections 16] [--triples 1000000]

1. Builds (once; cached under build/bench-store) a synthetic store of >= 1M quads in the project's
   shape with bench/graphgen.py.
2. Serves it with `kg serve` (our server, a subprocess) and with `oxigraph serve-read-only
   --union-default-graph` (the reference: the same engine, no Python), both up at once but driven
   one at a time, in alternating short windows (A B, B A, A B, ...): on a small shared machine the
   speed of the moment drifts by 10-20 % over a minute, and timing one server after the other would
   put that drift into the ratio. In each pair of windows both servers start at the same point of
   the request cycle, so they meet the same queries.
3. Drives each with `wrk` (C, epoll; a generated Lua script cycles through the requests) from
   `--connections` concurrent keep-alive clients on loopback, in two scenarios:
   * mix: the saved queries (queries/*.rq except SERVICE ones), each parametrized with values drawn
     from the data (a person's name, a meeting, an article graph, a place, a topic) so that every
     request asks about something specific, in equal shares;
   * light: the same without the two saved queries Oxigraph itself needs > 100 ms for here
     (disputed-reports, article-topics), so that the server's own cost per request shows more;
   * lookup: point lookups `SELECT ?p ?o WHERE { <entity> ?p ?o }` of random persons, places,
     meetings and articles.
   Both servers get the very same request texts (SPARQL JSON results). Before timing, every distinct
   request is sent once to each server and the row counts are compared, so both do the same work.
4. Prints requests/s (all windows together), the median of the windows' p50 and p99 latency side by
   side, our/Oxigraph ratios with the spread of the per-pair ratios, and the CPU time the server
   used per request (front and worker processes together).

Needs `wrk` (Debian package `wrk`); without it, the benchmark says so and stops.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg import iris  # noqa: E402

from . import graphgen  # noqa: E402

CACHE = ROOT / "build" / "bench-store"
VENV_BIN = Path(sys.executable).parent
JSON_RESULTS = "application/sparql-results+json"
VARIANTS = 64  # parameter values per saved query
LOOKUPS = 2000  # distinct entities for point lookups
TARGET_MIX = 0.9
TARGET_LOOKUP_RPS = 1000


# ---------------------------------------------------------------------------------------------------
# The store


def ensure_store(triples: int, seed: int, rebuild: bool) -> tuple[Path, dict]:
    """The cached generated store (built when missing, stale or asked for)."""
    store, meta_file = CACHE / "store", CACHE / "meta.json"
    want = {"version": graphgen.VERSION, "seed": seed, "target": triples}
    if not rebuild and store.is_dir() and meta_file.is_file():
        meta = json.loads(meta_file.read_text())
        if all(meta.get(k) == v for k, v in want.items()):
            return store, meta
    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    print(f"building a {triples:,}-triple store in {store} (once; cached) ...", file=sys.stderr)
    meta = graphgen.generate(store, triples, seed)
    meta_file.write_text(json.dumps(meta, indent=1))
    return store, meta


# ---------------------------------------------------------------------------------------------------
# The requests


SKIP = ("SERVICE",)
HEAVY = ("disputed-reports", "article-topics")  # left out of the "light" mix
# How each saved query is made specific: (variable, kind of value, which "WHERE {" gets the VALUES).
# meetings-of-person has its own VALUES ?name clause; the person's name replaces the example name.
PARAMETERS = {
    "article-topics": ("article", "article", 1),
    "disputed-reports": ("meeting", "disputed", 2),  # inside the sub-select that finds them
    "fact-sources": ("article", "article", 1),  # binding ?g instead costs Oxigraph ~0.5 s
    "meeting-agenda": ("meeting", "meeting", 1),
    "meetings-of-person": ("name", "person-name", 0),
    "places-countries": ("place", "place", 1),
    "topics-over-time": ("t", "topic", 1),
    "who-met-whom": ("meeting", "meeting", 1),
}


def _sample(store_path: Path, seed: int) -> dict[str, list[str]]:
    """Values for the parameters and entities for the lookups, drawn from the store (seeded)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))
    dip = iris.DIP

    def column(query: str) -> list[str]:
        return [row[0].value for row in store.query(query, use_default_graph_as_union=True)]

    values = {
        "meeting": column(f"SELECT DISTINCT ?m WHERE {{ ?m a <{dip}Meeting> }}"),
        "disputed": column(f"SELECT ?m WHERE {{ GRAPH ?g {{ ?m <{dip}status> ?s }} }} "
                           "GROUP BY ?m HAVING (COUNT(DISTINCT ?s) > 1)"),
        "person-name": _modest_persons(store),
        "place": column(f"SELECT DISTINCT ?p WHERE {{ ?p a <{dip}City> }}"),
        "topic": column(f"SELECT DISTINCT ?t WHERE {{ ?t a <{dip}AgendaTopic> }}"),
        "person": column(f"SELECT DISTINCT ?p WHERE {{ ?p a <{dip}Person> }}"),
        "article": column(f"SELECT DISTINCT ?a WHERE {{ ?a a <{dip}Article> }}"),
    }
    rng = random.Random(seed)
    return {kind: sorted(vals) if kind != "topic" else vals for kind, vals in values.items()} | {
        "_rng": rng}  # type: ignore[dict-item]


def _modest_persons(store) -> list[str]:
    """Names of persons in >= 2 meetings and <= 10 articles.

    meetings-of-person's cost grows with the square of a person's articles under the union default
    graph (bag semantics: `?person a dip:Person` and the name match once per article): 20+ s on
    either server for a person in ~50 articles, so a few such names would make the mix measure
    nothing but that. (Counted here with pattern lookups, not SPARQL, for the same reason.)"""
    import pyoxigraph as ox

    label = ox.NamedNode(iris.RDFS + "label")
    mentioned, participant = ox.NamedNode(iris.DIP + "mentionedIn"), ox.NamedNode(iris.DIP + "participant")
    entities = ox.NamedNode(iris.RES + "graph/entities")
    names = []
    for quad in store.quads_for_pattern(None, label, None, entities):
        if not quad.subject.value.startswith(iris.RES + "person/"):
            continue
        articles = {q.object for q in store.quads_for_pattern(quad.subject, mentioned, None, None)}
        meetings = {q.subject for q in store.quads_for_pattern(None, participant, quad.subject, None)}
        if len(meetings) >= 2 and len(articles) <= 10:
            names.append(quad.object.value)
    return names


def _term(kind: str, value: str) -> str:
    return json.dumps(value) if kind == "person-name" else f"<{value}>"


def _with_values(text: str, variable: str, term: str, where: int) -> str:
    """The query with `VALUES ?variable { term }` opening its where-th `WHERE {` group."""
    at = -1
    for _ in range(where):
        at = text.index("WHERE {", at + 1)
    at += len("WHERE {")
    return f"{text[:at]}\n  VALUES ?{variable} {{ {term} }}{text[at:]}"


def mix_queries(values: dict, queries_dir: Path = ROOT / "queries") -> list[tuple[str, str]]:
    """(name, query) for every saved query except SERVICE ones, VARIANTS parametrizations each."""
    rng: random.Random = values["_rng"]
    out: list[tuple[str, str]] = []
    for path in sorted(queries_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        if any(word in body.upper() for word in SKIP):
            continue
        if path.stem not in PARAMETERS:
            out += [(path.stem, text)] * VARIANTS  # a new saved query: run it as it is
            continue
        variable, kind, where = PARAMETERS[path.stem]
        pool = values[kind]
        for value in (rng.choice(pool) for _ in range(VARIANTS)):
            if where == 0:  # the query has its own VALUES clause: swap the example value
                start = text.index(f"VALUES ?{variable} {{") + len(f"VALUES ?{variable} {{")
                end = text.index("}", start)
                query = f"{text[:start]} {_term(kind, value)} {text[end:]}"
            else:
                query = _with_values(text, variable, _term(kind, value), where)
            out.append((path.stem, query))
    rng.shuffle(out)
    return out


def lookup_queries(values: dict) -> list[tuple[str, str]]:
    rng: random.Random = values["_rng"]
    pool = values["person"] + values["place"] + values["meeting"] + values["article"]
    return [("lookup", f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")
            for iri in (rng.choice(pool) for _ in range(LOOKUPS))]


# ---------------------------------------------------------------------------------------------------
# The servers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    path: str  # the query path: /sparql or /query
    argv: list[str]
    port: int
    proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, log: Path) -> None:
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {log.read_text()[-2000:]}")
            try:
                if self.get("ASK {}")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start: {log.read_text()[-2000:]}")

    def get(self, query: str, timeout: float = 60) -> tuple[int, bytes]:
        url = f"{self.base}{self.path}?{urllib.parse.urlencode({'query': query})}"
        req = urllib.request.Request(url, headers={"Accept": JSON_RESULTS})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def cpu_seconds(self) -> float:
        """User + system CPU of the server process and all its descendants (from /proc)."""
        assert self.proc is not None
        tick = os.sysconf("SC_CLK_TCK")
        parents: dict[int, int] = {}
        times: dict[int, float] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
            times[int(entry)] = (int(fields[11]) + int(fields[12]) + int(fields[13])
                                 + int(fields[14])) / tick
        family = {self.proc.pid}
        changed = True
        while changed:
            changed = False
            for pid, ppid in parents.items():
                if ppid in family and pid not in family:
                    family.add(pid)
                    changed = True
        return sum(times.get(pid, 0.0) for pid in family)


def servers(store: Path, oxigraph: str, workers: int | None) -> list[Server]:
    ours_port, ox_port = _free_port(), _free_port()
    kg = [str(VENV_BIN / "kg"), "serve", "--store", str(store), "--port", str(ours_port),
          "--timeout", "60"]
    env_workers = ["env", f"KG_WORKERS={workers}"] if workers else []
    return [
        Server("kg serve", "/sparql", env_workers + kg, ours_port),
        Server("oxigraph", "/query", [oxigraph, "serve-read-only", "--location", str(store),
                                      "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph"],
               # no --timeout-s: with it, oxigraph 0.5.13 starts a thread per query and fails
               # under load ("Resource temporarily unavailable", 500s and dropped connections)
               ox_port),
    ]


# ---------------------------------------------------------------------------------------------------
# Load: wrk with a generated Lua script


LUA = """
local paths = {%(paths)s}
local requests = {}
local counter = 0
local index = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local headers = {["Accept"] = "%(accept)s"}
  for i, path in ipairs(paths) do
    requests[i] = wrk.format("GET", path, headers)
  end
  local offset = tonumber(args[1]) or 0
  index = (offset + id * 7919) %% #requests + 1
end

function request()
  local r = requests[index]
  index = index %% #requests + 1
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %%d, "duration_us": %%d, "status_errors": %%d, "socket_errors": %%d, ' ..
    '"p50_us": %%d, "p99_us": %%d, "mean_us": %%.1f}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


def _lua(path: str, queries: list[tuple[str, str]], folder: Path, name: str) -> Path:
    paths = ",\n".join(json.dumps(f"{path}?{urllib.parse.urlencode({'query': q})}")
                       for _, q in queries)
    script = folder / f"{name}.lua"
    script.write_text(LUA % {"paths": paths, "accept": JSON_RESULTS})
    return script


def run_wrk(server: Server, script: Path, duration: float, connections: int,
            threads: int, offset: int = 0) -> dict:
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--timeout", "30s",
            "-s", str(script), server.base, "--", str(offset)]
    cpu_before = server.cpu_seconds()
    out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60)
    cpu = server.cpu_seconds() - cpu_before
    line = next((l for l in out.stdout.splitlines() if l.startswith("WRK-JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    result = json.loads(line[len("WRK-JSON "):])
    seconds = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds
    result["cpu_s"] = cpu
    return result


def check_answers(server: Server, queries: list[tuple[str, str]]) -> dict[str, int]:
    """Send each distinct query once; every one must answer 200. Returns query -> row count."""
    rows: dict[str, int] = {}
    for name, query in dict.fromkeys(queries):
        status, body = server.get(query)
        if status != 200:
            raise RuntimeError(f"{server.name}: {name} answered {status}: {body[:300]!r}")
        rows[query] = len(json.loads(body)["results"]["bindings"])
    return rows


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _combine(windows: list[dict]) -> dict:
    """One result from a server's windows: throughput over all of them, latencies as window medians."""
    requests = sum(w["requests"] for w in windows)
    seconds = sum(w["duration_us"] for w in windows) / 1e6
    return {"requests": requests, "rps": requests / seconds,
            "p50_us": _median([w["p50_us"] for w in windows]),
            "p99_us": _median([w["p99_us"] for w in windows]),
            "cpu_us_per_request": sum(w["cpu_s"] for w in windows) / max(1, requests) * 1e6,
            "errors": sum(w["status_errors"] + w["socket_errors"] for w in windows),
            "windows": windows}


def settle(server: Server, limit: float = 60) -> None:
    """Wait until the server is idle: when wrk stops, queries of the connections it dropped may still
    run (Oxigraph cannot cancel them), and would slow down the other server's next window."""
    deadline = time.monotonic() + limit
    before = server.cpu_seconds()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = server.cpu_seconds()
        if now - before < 0.02:  # under 8 % of one CPU
            return
        before = now


def measure(live: list[Server], scenario: str, queries: list[tuple[str, str]], folder: Path,
            args: argparse.Namespace) -> dict[str, dict]:
    """Check the answers agree, warm up, then time the servers in alternating windows."""
    answers: dict[str, int] | None = None
    scripts = {}
    for server in live:
        rows = check_answers(server, queries)
        if answers is not None and answers != rows:
            differ = sum(1 for q in rows if answers.get(q) != rows[q])
            print(f"WARNING: {differ} {scenario} queries give other row counts on {server.name}",
                  file=sys.stderr)
        answers = rows
        scripts[server.name] = _lua(server.path, queries, folder, f"{scenario}-{server.port}")
        if args.warmup > 0:
            run_wrk(server, scripts[server.name], args.warmup, args.connections, args.wrk_threads)
        settle(server)
    window = args.duration / args.windows
    timed: dict[str, list[dict]] = {server.name: [] for server in live}
    for k in range(args.windows):
        offset = k * len(queries) // args.windows  # each pair of windows starts further on
        for server in (live if k % 2 == 0 else live[::-1]):
            timed[server.name].append(run_wrk(server, scripts[server.name], window, args.connections,
                                              args.wrk_threads, offset))
            settle(server)
    results = {}
    for name, windows in timed.items():
        results[name] = result = _combine(windows)
        result["rows_per_request"] = sum((answers or {}).get(q, 0) for _, q in queries) / len(queries)
        print(f"  {scenario:<7} {name:<9} {result['rps']:>8,.0f} req/s  p50 {_ms(result['p50_us']):>9}"
              f"  p99 {_ms(result['p99_us']):>9}  cpu {result['cpu_us_per_request']:,.0f} us/req"
              f"  errors {result['errors']}", file=sys.stderr)
    return results


def _pair_ratios(ours: dict, theirs: dict) -> list[float]:
    return [a["requests"] / a["duration_us"] / (b["requests"] / b["duration_us"])
            for a, b in zip(ours["windows"], theirs["windows"]) if b["requests"]]


# ---------------------------------------------------------------------------------------------------


def _ms(us: float) -> str:
    return f"{us / 1000:.1f} ms" if us >= 1000 else f"{us:.0f} us"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench endpoint", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=30,
                        help="seconds per scenario and server (default 30)")
    parser.add_argument("--windows", type=int, default=6,
                        help="alternating windows the duration is cut into (default 6)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per scenario")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached store")
    parser.add_argument("--only", choices=["kg", "oxigraph"], help="benchmark one server only")
    parser.add_argument("--scenario", choices=["mix", "light", "lookup"], action="append",
                        help="run only this scenario (repeatable)")
    parser.add_argument("--workers", type=int, help="KG_WORKERS for kg serve")
    args = parser.parse_args(argv)

    if shutil.which("wrk") is None:
        print("bench endpoint: needs `wrk` (apt-get install -y wrk)", file=sys.stderr)
        return 2
    oxigraph = shutil.which("oxigraph", path=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if oxigraph is None:
        print("bench endpoint: needs the `oxigraph` CLI (pip install oxigraph)", file=sys.stderr)
        return 2
    store, meta = ensure_store(args.triples, args.seed, args.rebuild)
    values = _sample(store, args.seed)
    mix = mix_queries(values)
    scenarios = {"mix": mix, "light": [(n, q) for n, q in mix if n not in HEAVY],
                 "lookup": lookup_queries(values)}
    chosen = args.scenario or ["mix", "light", "lookup"]
    print(f"store: {meta['quads']:,} quads, {meta['articles']:,} articles (named graphs), "
          f"{meta['persons']:,} persons, {meta['places']:,} places, {meta['meetings']:,} meetings; "
          f"{args.connections} clients, {args.duration:g} s per scenario and server in {args.windows} "
          f"alternating windows, {os.cpu_count()} CPUs")

    results: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-endpoint-") as tmp:
        folder = Path(tmp)
        live = [server for server in servers(store, oxigraph, args.workers)
                if not args.only or server.name.startswith(args.only)]
        try:
            for server in live:
                print(f"{server.name}: starting ...", file=sys.stderr)
                server.start(folder / f"{server.name.replace(' ', '-')}.log")
            for scenario in chosen:
                results[scenario] = measure(live, scenario, scenarios[scenario], folder, args)
        finally:
            for server in live:
                server.stop()

    print()
    print(f"{'scenario':<8} {'server':<9} {'req/s':>9} {'p50':>9} {'p99':>9} {'CPU/req':>9} {'errors':>6}")
    for scenario in chosen:
        for name, r in results.get(scenario, {}).items():
            print(f"{scenario:<8} {name:<9} {r['rps']:>9,.0f} {_ms(r['p50_us']):>9} {_ms(r['p99_us']):>9} "
                  f"{_ms(r['cpu_us_per_request']):>9} {r['errors']:>6}")
    lookup = results.get("lookup", {})
    print()
    for scenario, label in (("mix", "saved-query mix"), ("light", "light saved-query mix")):
        mix = results.get(scenario, {})
        if "kg serve" in mix and "oxigraph" in mix:
            ratio = mix["kg serve"]["rps"] / mix["oxigraph"]["rps"]
            pairs = _pair_ratios(mix["kg serve"], mix["oxigraph"])
            print(f"{label}: ours/oxigraph throughput {ratio:.2f} (target >= {TARGET_MIX}; "
                  f"window pairs {min(pairs):.2f} to {max(pairs):.2f}), "
                  f"p50 {mix['kg serve']['p50_us'] / max(1, mix['oxigraph']['p50_us']):.2f}x, "
                  f"p99 {mix['kg serve']['p99_us'] / max(1, mix['oxigraph']['p99_us']):.2f}x")
    if "kg serve" in lookup:
        line = f"point lookups: ours {lookup['kg serve']['rps']:,.0f} req/s (target >= {TARGET_LOOKUP_RPS:,})"
        if "oxigraph" in lookup:
            line += f", ours/oxigraph {lookup['kg serve']['rps'] / lookup['oxigraph']['rps']:.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

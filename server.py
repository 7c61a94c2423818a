"""The web application: `create_app(settings)` builds it, `serve(settings)` runs it under waitress.

Nothing is created at import time. `kg serve` calls `serve(settings)`; tests and other WSGI servers
call `create_app(settings)` and must call `close_app(app)` when done (it stops the worker processes).
"""
from __future__ import annotations

import atexit
import logging
import os
import sys

from flask import Flask

from kg import endpoint, webui
from kg.errors import StoreError
from kg.settings import Settings, from_environment


def default_workers() -> int:
    """One query worker process per CPU: queries are CPU-bound and run in parallel there."""
    return max(1, min(os.cpu_count() or 1, 16))


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


def make_server(app: Flask, host: str, port: int, threads: int):
    """A waitress server bound to host:port (port 0 picks a free one: see `.effective_port`)."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="diplomacy-kg",
                         asyncore_use_poll=True, connection_limit=256,
                         # room for 16 KB GET queries, which the endpoint answers itself (413 above)
                         max_request_header_size=64 * 1024)


def stop_server(server) -> None:
    """Stop a server made by make_server whose run() is looping in another thread."""
    from waitress import wasyncore

    server.task_dispatcher.shutdown()
    server.close()
    wasyncore.close_all(server._map)


def serve(settings: Settings, *, workers: int | None = None, threads: int | None = None) -> None:
    """Serve until interrupted, printing the endpoint URL on stderr."""
    _ensure_store(settings)
    workers = workers or default_workers()
    # Threads mostly wait on worker pipes, so they are cheap: enough for 16+ concurrent clients
    # without queueing in waitress, a few per worker on bigger machines.
    threads = threads or min(max(16, 4 * workers), 64)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" chatter under load
    app = create_app(settings, workers=workers)
    server = make_server(app, settings.host, settings.port, threads)
    mode = "read-write (token required)" if settings.update_token else "read-only"
    print(f"diplomacy-kg: SPARQL endpoint at http://{settings.host}:{server.effective_port}/sparql "
          f"({mode}, store {settings.store}); Ctrl-C to stop", file=sys.stderr, flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop_server(server)
        close_app(app)

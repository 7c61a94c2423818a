"""The `kg` command line: build, serve, export, query, validate, link.

Errors of the KGError tree are caught here, once, and become one line on stderr and exit code 2
(input or usage), 3 (store) or 1 (anything else of ours). Bugs keep their traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import ConfigError, InputError, KGError, StoreError
from .settings import DEFAULT_STORE, from_environment

EXIT_CODES = ((InputError, 2), (ConfigError, 2), (StoreError, 3), (KGError, 1))
EXIT_PARTIAL = 4  # the build finished, but some articles hit a bug and were skipped (see stderr)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return next(code for kind, code in EXIT_CODES if isinstance(exc, kind))
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graph of diplomacy news: build, serve, export, query.")
    parser.add_argument("--version", action="version", version=f"diplomacy-kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def store_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", type=Path, help=f"store folder (default: $KG_STORE or {DEFAULT_STORE})")

    p = sub.add_parser("build", help="extract articles into the store (rebuilding an article replaces it)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files (.txt, .html) or folders of them")
    store_option(p)
    link = p.add_mutually_exclusive_group()
    link.add_argument("--wikidata", metavar="URL", help="SPARQL endpoint with Wikidata's RDF model (default: $KG_WIKIDATA_ENDPOINT or the public Wikidata Query Service)")
    link.add_argument("--no-link", action="store_true", help="do not link entities to Wikidata")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="serve the store over the SPARQL 1.1 Protocol, with a query page")
    store_option(p)
    p.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 5000)")
    p.add_argument("--timeout", type=float, help="query time limit in seconds (default 30)")
    p.add_argument("--update-token", metavar="TOKEN", help="enable SPARQL Update and Graph Store writes with this bearer token (also $KG_UPDATE_TOKEN)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", help="write the dataset to a file or stdout")
    store_option(p)
    p.add_argument("--format", choices=["nq", "trig", "ttl", "owl", "jsonld"], default="nq",
                   help="nq and trig keep the named graphs; owl is RDF/XML with the ontology, for Protégé (default nq)")
    p.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("query", help="run a SPARQL query (a .rq file or the query text) over all graphs")
    store_option(p)
    p.add_argument("query", help="a .rq file or SPARQL text")
    p.add_argument("--format", choices=["table", "json", "csv", "tsv"], default="table")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("validate", help="check the store against the SHACL shapes of the contract")
    store_option(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("link", help="link the store's persons and places to Wikidata")
    store_option(p)
    p.add_argument("--wikidata", metavar="URL", help="SPARQL endpoint with Wikidata's RDF model")
    p.set_defaults(func=cmd_link)
    return parser


def settings_from(args: argparse.Namespace):
    return from_environment(
        store=getattr(args, "store", None),
        wikidata_endpoint=getattr(args, "wikidata", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        query_timeout=getattr(args, "timeout", None),
        update_token=getattr(args, "update_token", None),
        link=False if getattr(args, "no_link", False) else None,
    )


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import Builder, stderr_progress

    from . import ingest

    settings = settings_from(args)
    articles = ingest.read_articles(args.paths)  # fail fast on bad input, before loading models
    builder = Builder(settings)
    report = builder.build_articles(articles, stderr_progress)
    print(report.summary(), file=sys.stderr)
    if settings.link:
        from .link import link_store
        print(link_store(settings, builder.gazetteer), file=sys.stderr)
    return EXIT_PARTIAL if report.failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    import server

    settings = settings_from(args)
    server.serve(settings)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    settings = settings_from(args)
    export(settings, args.format, args.output)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from .export import run_query

    settings = settings_from(args)
    text = args.query
    path = Path(text)
    if text.endswith(".rq") or (len(text) < 4096 and "\n" not in text and path.is_file()):
        if not path.is_file():
            raise InputError(f"{text}: no such query file")
        text = path.read_text(encoding="utf-8")
    sys.stdout.write(run_query(settings, text, args.format))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .export import validate_store

    settings = settings_from(args)
    report = validate_store(settings)
    print(report.text if not report.conforms else "conforms: the store satisfies the contract's shapes")
    return 0 if report.conforms else 1


def cmd_link(args: argparse.Namespace) -> int:
    from .geo import Gazetteer
    from .link import link_store

    settings = settings_from(args)
    print(link_store(settings, Gazetteer.load()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

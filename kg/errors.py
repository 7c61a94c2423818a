"""One small exception tree, caught once at the edge (CLI exit code, HTTP status).

    KGError
    ├── InputError        bad article file or path given by the user
    ├── ConfigError       bad setting or option
    ├── StoreError        the store cannot be opened, read or written
    │   └── StoreLockedError   another process holds the store
    ├── QueryError        a SPARQL query or update the user sent is malformed or refused
    │   ├── QueryRefused       allowed syntax, refused by policy (SERVICE, LOAD, update without token)
    │   └── QueryTimeout       the query ran past the configured limit
    └── LinkError         an entity-linking service failed (never fatal for a build)
"""
from __future__ import annotations


class KGError(Exception):
    """Base of every error the project raises on purpose."""


class InputError(KGError):
    """An input file or path is missing, empty, binary or otherwise unusable."""


class ConfigError(KGError):
    """A setting or command-line option has a value we cannot use."""


class StoreError(KGError):
    """The on-disk store could not be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process (a running build or server) holds the store's write lock."""


class QueryError(KGError):
    """A SPARQL request is malformed."""


class QueryRefused(QueryError):
    """A SPARQL request is well formed but not allowed here."""


class QueryTimeout(QueryError):
    """A SPARQL request ran past the configured time limit."""


class LinkError(KGError):
    """An entity-linking service could not be queried."""

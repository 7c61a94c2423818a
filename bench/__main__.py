"""python -m bench [build|endpoint] ...: run a benchmark (default: build)."""
from __future__ import annotations

import sys


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "build"
    args = sys.argv[2:] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else sys.argv[1:]
    if name == "build":
        from .build import main as run
    elif name == "endpoint":
        from .endpoint import main as run
    else:
        print(f"bench: unknown benchmark {name!r} (build, endpoint)", file=sys.stderr)
        return 2
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

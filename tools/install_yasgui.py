#!/usr/bin/env python3
"""Copy the YASGUI browser bundle from node_modules into kg/static/yasgui/ (git-ignored).

Run after `npm ci`. The query page serves these files itself (no CDN); without them it falls back
to a plain HTML form. Exits non-zero with a one-line message if the npm package is missing.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "@zazuko" / "yasgui"
TARGET = ROOT / "kg" / "static" / "yasgui"
FILES = ("yasgui.min.js", "yasgui.min.css")  # self-contained UMD bundle + its stylesheet
OPTIONAL = ("yasgui.min.js.map",)


def main() -> int:
    build = SOURCE / "build"
    missing = [name for name in FILES if not (build / name).is_file()]
    if missing:
        print(f"install_yasgui: {', '.join(missing)} not found in {build} (run `npm ci` first)",
              file=sys.stderr)
        return 1
    version = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))["version"]
    tmp = TARGET.with_name(TARGET.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in FILES + tuple(n for n in OPTIONAL if (build / n).is_file()):
        shutil.copy2(build / name, tmp / name)
    licence = SOURCE / "LICENSE"
    if licence.is_file():
        shutil.copy2(licence, tmp / "LICENSE")
    (tmp / "VERSION").write_text(version + "\n", encoding="utf-8")
    shutil.rmtree(TARGET, ignore_errors=True)
    tmp.rename(TARGET)  # swap in whole, so a half-copied bundle is never served
    print(f"install_yasgui: @zazuko/yasgui {version} -> {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

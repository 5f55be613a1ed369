"""Every third-party file the screens serve is the one ``api/static/VENDORED.md`` names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "api" / "static"
ROW = re.compile(
    r"^\| `(?P<file>vendor/[^`]+)` \| [^|]+ \| [^|]+ \| [^|]+ \| `(?P<sha>[0-9a-f]{64})` \|$"
)


def listed() -> dict[str, str]:
    rows = {}
    for line in (STATIC / "VENDORED.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match["file"]] = match["sha"]
    return rows


def test_each_vendored_file_has_the_listed_hash_and_none_is_unlisted() -> None:
    rows = listed()
    assert len(rows) >= 5, "VENDORED.md lists the vendored files"
    present = {
        p.relative_to(STATIC).as_posix() for p in (STATIC / "vendor").rglob("*") if p.is_file()
    }
    assert present == set(rows), f"unlisted: {present - set(rows)}, missing: {set(rows) - present}"
    for name, sha in rows.items():
        assert hashlib.sha256((STATIC / name).read_bytes()).hexdigest() == sha, name


def test_our_own_static_files_and_templates_name_no_other_host() -> None:
    """Our files load nothing from another host (the vendored bundles are checked in Chromium)."""
    roots = [STATIC, STATIC.parent / "web" / "templates"]
    outside = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", re.IGNORECASE)
    for root in roots:
        for path in root.rglob("*"):
            if (
                path.is_file()
                and "vendor" not in path.parts
                and path.suffix in {".html", ".css", ".js", ".svg"}
            ):
                assert not outside.search(path.read_text(encoding="utf-8")), path

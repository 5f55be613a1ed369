"""Write docs/guardianship.md from the law tables of domain/records/children (R-GD, R-AS-2).

python scripts/make_guardianship_doc.py          # write the page
python scripts/make_guardianship_doc.py --check  # exit 1 if the page is not up to date
"""

from __future__ import annotations

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.records.children.law import guardianship_markdown  # noqa: E402

PAGE = ROOT / "docs" / "guardianship.md"


def main() -> int:
    """Write the page, or with ``--check`` compare it with the rendering."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = guardianship_markdown()
    if args.check:
        current = PAGE.read_text("utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE.relative_to(ROOT)} is not up to date: run {__file__}", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

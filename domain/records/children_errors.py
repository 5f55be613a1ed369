"""The former home of the children's errors, now :mod:`domain.records.children.errors`.

``from domain.records import children_errors as ce`` (``domain/records/reports.py``,
``infra/children.py`` and tests) keeps working and yields that very module object, so its
classes, their ``__module__`` and their codes are the same.
"""

from __future__ import annotations

import sys

from domain.records.children import errors as _errors
from domain.records.children.errors import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _errors

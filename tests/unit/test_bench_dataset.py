"""The benchmark's data set is made of cases the rules accept (``make bench`` must run).

The data set (``bench/dataset.py``) builds its penalty cases through the aggregate, so every
rule added to the case applies to it. A rule the data set breaks stops ``make bench`` at
its first step: the decision dated before the review passed (R-LR-1), with the review dated
the day it ran, did so once the calendar moved past the data set's fixed decision dates.
"""

from __future__ import annotations

from bench.dataset import case_events


def test_every_shape_of_case_in_the_data_set_is_accepted_by_the_rules() -> None:
    """One case of each variety (blocked first, rejected review, pending, complaint)."""
    counts = {n: len(case_events(n)) for n in range(1, 66)}
    pending = [n for n in counts if n % 7 == 5]
    decided = [n for n in counts if n % 7 != 5]
    assert all(counts[n] > counts[pending[0]] for n in decided)
    assert counts[3] > counts[1]  # a blocked decision is recorded before the real one
    assert counts[65] > counts[1]  # a rejected review and a complaint add events

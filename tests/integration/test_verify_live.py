"""``jianzheng verify`` on a live store: writes committing during the pass are no problem."""

from __future__ import annotations

import threading

from infra.application import Jianzheng
from infra.settings import Settings
from tests.conftest import register


def test_verify_while_writers_append_reports_nothing_wrong(
    jz: Jianzheng, settings: Settings
) -> None:
    for i in range(300):
        register(jz, name=f"预置{i}")
    stop = threading.Event()
    written = [0]

    def write() -> None:
        while not stop.is_set():
            register(jz, name=f"并发{written[0]}")
            written[0] += 1

    writers = [threading.Thread(target=write) for _ in range(3)]
    for w in writers:
        w.start()
    verifier = Jianzheng(settings)  # a separate process's view, as the CLI has
    try:
        reports = [verifier.verify() for _ in range(4)]
    finally:
        stop.set()
        for w in writers:
            w.join()
        verifier.close()
    assert written[0] > 0
    for report in reports:
        assert report.ok, report.as_dict()
    assert jz.verify().ok

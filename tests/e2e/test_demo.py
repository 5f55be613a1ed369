"""`make demo` (``scripts/demo.py``) end to end, so a broken demo fails the build.

The demo serves a fresh store over HTTP and tells both stories; it stops non-zero at the first
answer it does not expect. Here it runs on SQLite in a temporary folder, and what it leaves
there is checked again from the outside: both court bundles verify offline with the log's
published key (R-GD-8), and the reporters are not in the child's bundle (R-RP-3).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scripts" / "demo.py"


def run_demo(demo_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env["DEMO_DIR"] = str(demo_dir)
    return subprocess.run(
        [sys.executable, str(DEMO)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def verify_bundle(bundle: Path, vkey: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", "verify-bundle", str(bundle), "--log-key", str(vkey)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One run of the demo for the module: its folder and what it printed."""
    demo_dir = tmp_path_factory.mktemp("demo")
    done = run_demo(demo_dir)
    assert done.returncode == 0, f"the demo failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return demo_dir, done.stdout


def test_the_demo_tells_both_stories_through_issue_13(demo: tuple[Path, str]) -> None:
    """Every step of issue 13 is shown: set-aside and withdrawal on time from the deadline
    queue (R-PB-2), the complaint queue (R-SV-3), the sanction refusing the officer (R-SV-4,
    R-EN-3), the scored file review (R-SV-1), the named town worker (R-AC-2), the late report
    on the duty list (R-RP-2), and both bundles verified offline (R-GD-8)."""
    _, out = demo
    for line in (
        "decision made",
        "case closed",
        "oversight's deadline queue: withdrawal due",
        "publication withdrawn on",
        "the deadline left the queue",
        "no complainant in it",
        "403 certificate-sanctioned",
        "case answer officer_sanctions: 张三 ['certificate_suspension']",
        "case file scored 92/100: excellent",
        "the child's file names who is responsible: the town's worker 陈关爱",
        "reporting-duty list (R-RP-2): late report",
        "inbox alerts on it:",
        "court ruling: revoked",
        "the child 王小明: nowhere",
        "the complainant 刘某某: nowhere",
        "reporters (张老师 of 某村小学, 吴医生 of 某村卫生室) are nowhere in it",
    ):
        assert line in out, f"the demo no longer shows: {line}"
    assert out.count("OK: every chain, inclusion proof and signature holds.") == 2


def test_the_bundles_it_leaves_verify_offline_without_the_reporters(
    demo: tuple[Path, str],
) -> None:
    """The case's and the child's bundles written to DEMO_DIR verify with the published log key
    alone (R-GD-8); the child's holds the child's file, both reports with their reporters
    withheld (R-RP-3), and the petition."""
    demo_dir, _ = demo
    vkey = demo_dir / "log.vkey"
    for name in ("case-bundle.json", "child-bundle.json"):
        checked = verify_bundle(demo_dir / name, vkey)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "OK: every chain" in checked.stdout
    data = (demo_dir / "child-bundle.json").read_bytes()
    for reporter in ("张老师", "吴医生", "某村小学", "某村卫生室"):
        assert reporter.encode() not in data
    bundle = json.loads(data)
    roles = sorted(s["role"] for s in bundle["streams"])
    assert roles == ["heads", "petition", "report", "report", "subject"]
    checked = verify_bundle(demo_dir / "child-bundle.json", vkey).stdout
    assert checked.count("withheld:") == 2


def test_the_demo_refuses_a_folder_that_already_holds_a_store(demo: tuple[Path, str]) -> None:
    """Pointed at a used DEMO_DIR, the demo stops non-zero and says why, before any step."""
    demo_dir, _ = demo
    again = run_demo(demo_dir)
    assert again.returncode != 0
    assert "already holds a store" in again.stderr

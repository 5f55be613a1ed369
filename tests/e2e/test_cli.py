"""The ``jianzheng`` command line: first use initialises, ``actors add --json``, ``verify``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from infra.settings import Settings
from tests.conftest import cli_env


def jianzheng(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", *args],
        env=cli_env(settings),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_actors_add_prints_id_and_token_once_on_a_bare_store(settings: Settings) -> None:
    """On an empty store, `actors add --json` initialises it and prints actor_id and token."""
    done = jianzheng(
        settings,
        *("actors", "add", "--name", "张三", "--role", "officer", "--agency", "淄博市市场监管局"),
        *("--jurisdiction", "370303", "--certificate", "鲁执法-1", "--valid-until", "2027-12-31"),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= {"actor_id", "token"}
    assert out["token"].startswith("jz_")
    assert "admin" in done.stderr.lower()  # the first admin's token is announced on stderr
    shown = jianzheng(settings, "actors", "show", out["actor_id"], "--json")
    assert json.loads(shown.stdout)["certificates"][0]["valid_until"] == "2027-12-31"
    assert out["token"] not in shown.stdout
    verified = jianzheng(settings, "verify", "--json")
    assert verified.returncode == 0
    assert json.loads(verified.stdout)["ok"] is True


def test_a_bad_role_exits_2_with_the_code(settings: Settings) -> None:
    """An unknown role is refused with its stable code and nothing is stored."""
    done = jianzheng(
        settings,
        *("actors", "add", "--name", "x", "--role", "wizard", "--agency", "a"),
        *("--jurisdiction", "370303"),
    )
    assert done.returncode == 2
    assert "unknown-role" in done.stderr
    report = json.loads(jianzheng(settings, "verify", "--json").stdout)
    # Only what initialisation wrote: the catalogue, the deployment, the first admin
    # (registered, token issued) and its token index.
    assert report["events"] == 5


def test_verify_prints_a_human_summary(settings: Settings) -> None:
    """Without --json, verify says OK with counts."""
    done = jianzheng(settings, "verify")
    assert done.returncode == 0
    assert done.stdout.startswith("OK: 5 events in 4 streams")


def test_verify_bundle_refuses_an_empty_log_key_and_a_bundle_nested_too_deep(
    tmp_path: Path,
) -> None:
    """`--log-key ""` (a missing key file's contents) is a usage error, never a fallback to
    the keys inside the bundle; a file nested 100,000 deep fails cleanly, no traceback."""
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    empty = subprocess.run(
        [sys.executable, "-m", "api", "verify-bundle", str(deep), "--log-key", ""],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert empty.returncode == 2
    assert "--log-key is empty" in empty.stderr
    nested = subprocess.run(
        [sys.executable, "-m", "api", "verify-bundle", str(deep), "--log-key", "x+00000000+AA"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert nested.returncode == 1
    assert "Traceback" not in nested.stderr
    assert "nested too deep" in nested.stdout


def test_actors_show_prints_readable_lines_never_python_reprs(settings: Settings) -> None:
    """`actors show` without --json is for a person: nested members indented, lists as items,
    no ``{'…': …}``, ``None``, ``True`` or ``False`` (issue 14, CLI rough edges)."""
    added = jianzheng(
        settings,
        *("actors", "add", "--name", "李四", "--role", "officer", "--agency", "淄博市市场监管局"),
        *("--jurisdiction", "370303", "--certificate", "鲁执法-2", "--valid-until", "2030-12-31"),
        "--json",
    )
    assert added.returncode == 0, added.stderr
    shown = jianzheng(settings, "actors", "show", json.loads(added.stdout)["actor_id"])
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    for python_repr in ("{'", "['", "None", "True", "False"):
        assert python_repr not in text, text
    assert "name: 李四" in text
    assert "certificates:" in text
    assert "  - number: 鲁执法-2" in text
    assert "    valid_until: 2030-12-31" in text


def test_actors_add_warns_when_the_certificate_is_not_in_force(settings: Settings) -> None:
    """An expired certificate is recorded (the history says what was issued) but the operator
    is told at once that the officer cannot act (R-EN-3); a certificate in force is not."""
    expired = jianzheng(
        settings,
        *("actors", "add", "--name", "王五", "--role", "officer", "--agency", "淄博市市场监管局"),
        *("--jurisdiction", "370303", "--certificate", "鲁执法-3"),
        *("--valid-from", "2018-01-01", "--valid-until", "2020-12-31"),
    )
    assert expired.returncode == 0, expired.stderr
    assert "warning: certificate 鲁执法-3 expired on 2020-12-31" in expired.stderr
    in_force = jianzheng(
        settings,
        *("actors", "add", "--name", "赵六", "--role", "officer", "--agency", "淄博市市场监管局"),
        *("--jurisdiction", "370303", "--certificate", "鲁执法-4", "--valid-until", "2035-12-31"),
    )
    assert in_force.returncode == 0, in_force.stderr
    assert "warning" not in in_force.stderr

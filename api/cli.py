"""The ``jianzheng`` command line. Every command initialises an empty store on first use.

The console operator — whoever runs ``jianzheng`` with the store's database and keys at
hand — acts as ``system`` and is the deployment's root: it holds the data key, so refusing
it at this prompt would protect nothing. It registers actors and grants roles *at once*
(``actors add``, ``actors grant-role``), including ``admin`` (the bootstrap: ``init`` makes
the first admin, ``actors add --role admin`` the second) and the roles that open children's
files, which an admin over HTTP only proposes for a second admin to approve. Like everyone,
it gives no child-protection role to an actor whose jurisdiction is ``*`` (R-CH-4), and it
has no command that reads a child's file. Each of its acts is a chained event whose actor is
``system``, listed for oversight in ``GET /v1/oversight/role-grants``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer

from api.cli_table import table
from domain.proof.verify import Report
from domain.records.errors import JianzhengError
from infra.application import OPERATOR, Jianzheng
from infra.clock import today
from infra.listing import MAX_LIMIT, Order, PageRequest
from infra.lists import ActorFilters
from infra.settings import Settings

cli = typer.Typer(
    help="Jianzheng (见证): hash-chained audit trail. Settings come from JIANZHENG_* variables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # tracebacks with locals could print tokens or personal data
)
actors_cli = typer.Typer(help="Register and manage actors.", no_args_is_help=True)
cli.add_typer(actors_cli, name="actors")
projections_cli = typer.Typer(help="Read models built from the events.", no_args_is_help=True)
cli.add_typer(projections_cli, name="projections")
log_cli = typer.Typer(help="The transparency log: checkpoints and witnesses.", no_args_is_help=True)
cli.add_typer(log_cli, name="log")
export_cli = typer.Typer(help="Export self-contained, offline-verifiable bundles.")
cli.add_typer(export_cli, name="export")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


@contextmanager
def opened(announce: bool = True) -> Iterator[Jianzheng]:
    """The application over the configured store, initialised, closed afterwards.

    Domain errors end the command with exit status 2 and ``error: <code>: <detail>``.
    """
    jz = Jianzheng(Settings())
    try:
        result = jz.initialise()
        if announce and result.created and result.admin_token:
            typer.echo(
                f"Initialised a new store. First admin {result.admin_id}, token (shown once): "
                f"{result.admin_token}",
                err=True,
            )
        yield jz
    except JianzhengError as exc:
        typer.echo(f"error: {exc.code}: {exc.detail}", err=True)
        raise typer.Exit(2) from None
    finally:
        jz.close()


@cli.command()
def init(as_json: JsonFlag = False) -> None:
    """Initialise the store (log key, first admin token); safe to run again."""
    jz = Jianzheng(Settings())
    try:
        result = jz.initialise()
    finally:
        jz.close()
    if as_json:
        _print_json(
            {
                "created": result.created,
                "admin_id": result.admin_id,
                "admin_token": result.admin_token,
                "log_vkey": result.vkey,
            }
        )
        return
    if result.created:
        typer.echo(f"Initialised. First admin: {result.admin_id}")
        typer.echo(f"Admin token (shown once, keep it safe): {result.admin_token}")
    else:
        typer.echo("Already initialised.")
    typer.echo(f"Log verifier key: {result.vkey}")


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs)."""
    import uvicorn

    from api.app import announce_initialisation, create_app

    settings = Settings()
    jz = Jianzheng(settings)
    announce_initialisation(jz.initialise())
    jz.close()
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
        access_log=False,  # request lines can carry identifiers of children's files (R-CH-4)
    )


@actors_cli.command("add")
def actors_add(
    name: Annotated[str, typer.Option(help="Full name.")],
    role: Annotated[str, typer.Option(help="officer, legal_reviewer, agency_head, oversight, …")],
    agency: Annotated[str, typer.Option(help="Agency the actor belongs to.")],
    jurisdiction: Annotated[str, typer.Option(help="Jurisdiction (division code).")],
    certificate: Annotated[str | None, typer.Option(help="Enforcement certificate no.")] = None,
    valid_from: Annotated[
        str | None, typer.Option(help="Certificate valid from (YYYY-MM-DD).")
    ] = None,
    valid_until: Annotated[
        str | None, typer.Option(help="Certificate valid until (YYYY-MM-DD).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Register an actor and print its id and token (the token is shown only now).

    The operator's registration takes effect at once, whatever the role (recorded as
    ``system`` and listed for oversight); over HTTP an admin's registration with a role
    that opens children's files, or ``admin``, waits for a second admin's approval.
    """
    with opened() as jz:
        registered = jz.register_actor(
            OPERATOR,
            name=name,
            role=role,
            agency=agency,
            jurisdiction=jurisdiction,
            certificate=certificate,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    out = {
        "actor_id": str(registered.actor.id),
        "token": registered.token,
        "token_id": registered.token_id,
        "role": registered.actor.role.value,
    }
    if as_json:
        _print_json(out)
    else:
        typer.echo(f"actor_id: {out['actor_id']}\ntoken (shown once): {out['token']}")
    if certificate is not None:
        warn_if_not_in_force(certificate, valid_from, valid_until, today())


def warn_if_not_in_force(
    number: str, valid_from: str | None, valid_until: str | None, on: date
) -> None:
    """Tell the operator on stderr when the certificate just recorded is not in force today
    (R-EN-3: the officer cannot act on a case until a certificate in force is recorded)."""
    if valid_until is not None and date.fromisoformat(valid_until) < on:
        typer.echo(
            f"warning: certificate {number} expired on {valid_until}; the officer cannot act "
            "on any case until a certificate in force is recorded",
            err=True,
        )
    elif valid_from is not None and date.fromisoformat(valid_from) > on:
        typer.echo(
            f"warning: certificate {number} is valid only from {valid_from}; the officer "
            "cannot act on any case before then",
            err=True,
        )


@actors_cli.command("show")
def actors_show(actor_id: UUID, as_json: JsonFlag = False) -> None:
    """Show an actor's record."""
    with opened() as jz:
        summary = jz.get_actor(actor_id).summary()
    if as_json:
        _print_json(summary)
    else:
        typer.echo("\n".join(readable(summary)))


@actors_cli.command("list")
def actors_list(
    role: Annotated[str | None, typer.Option(help="Only actors holding this role.")] = None,
    agency: Annotated[str | None, typer.Option(help="Only this agency (exact).")] = None,
    status: Annotated[str | None, typer.Option(help="active, suspended or revoked.")] = None,
    area: Annotated[str | None, typer.Option(help="A division code covering theirs.")] = None,
    name: Annotated[str | None, typer.Option("--name", "-q", help="Part of the name.")] = None,
    sort: Annotated[str, typer.Option(help="name, registered or agency.")] = "name",
    order: Annotated[str | None, typer.Option(help="asc or desc.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List actors (all pages), as ``GET /v1/actors`` lists them to an admin; no token."""
    orders: dict[str | None, Order | None] = {None: None, "asc": "asc", "desc": "desc"}
    if order not in orders:
        typer.echo("error: invalid-input: --order is asc or desc", err=True)
        raise typer.Exit(2)
    filters = ActorFilters(role=role, agency=agency, status=status, area=area, q=name)
    rows: list[dict[str, Any]] = []
    with opened() as jz:
        cursor: str | None = None
        while True:
            asked = PageRequest(sort, orders[order], cursor, MAX_LIMIT)
            page = jz.lists.actors(OPERATOR, filters, asked)
            rows.extend(page.items)
            if page.next is None:
                break
            cursor = page.next
    if as_json:
        _print_json(rows)
        return
    header = ["actor_id", "name", "roles", "agency", "jurisdiction", "status", "certified"]
    cells = [
        [r["actor_id"], r["name"], ",".join(r["roles"] + [f"{p}?" for p in r["pending_roles"]]),
         r["agency"], r["jurisdiction"], r["status"], _scalar(r["certificate_valid_today"])]
        for r in rows
    ]  # fmt: skip
    typer.echo("\n".join(table(header, cells)))
    typer.echo(f"{len(rows)} actor(s); a role with ? awaits a second admin's approval", err=True)


def readable(value: Any, indent: int = 0) -> list[str]:
    """A JSON-ready value as indented ``key: value`` lines for a person: nested objects
    indented, lists as ``-`` items, ``null`` as ``—``, booleans as yes/no — never a Python
    ``repr`` (``{'a': …}``, ``None``, ``True``)."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return [f"{pad}(none)"]
        lines: list[str] = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:")
                lines.extend(readable(item, indent + 1))
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{pad}(none)"]
        lines = []
        for item in value:
            if isinstance(item, dict | list) and item:
                nested = readable(item, indent + 1)
                lines.append(f"{pad}- {nested[0].lstrip()}")
                lines.extend(nested[1:])
            else:
                lines.append(f"{pad}- {_scalar(item)}")
        return lines
    return [f"{pad}{_scalar(value)}"]


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return "(none)"
    return str(value)


@actors_cli.command("token")
def actors_token(actor_id: UUID, as_json: JsonFlag = False) -> None:
    """Issue a new token for an actor (shown only now)."""
    with opened() as jz:
        token, token_id, _ = jz.issue_token(OPERATOR, actor_id)
    if as_json:
        _print_json({"actor_id": str(actor_id), "token": token, "token_id": token_id})
    else:
        typer.echo(f"token (shown once): {token}")


Reason = Annotated[str, typer.Option(help="Why (recorded in the event).")]


@actors_cli.command("grant-role")
def actors_grant_role(actor_id: UUID, role: str) -> None:
    """Grant a further role to an actor, at once (the operator is root; listed for oversight)."""
    with opened() as jz:
        jz.grant_role(OPERATOR, actor_id, role)
    typer.echo(f"granted {role}")


@actors_cli.command("suspend")
def actors_suspend(actor_id: UUID, reason: Reason) -> None:
    """Suspend an actor at once (R-SV-4)."""
    with opened() as jz:
        jz.suspend_actor(OPERATOR, actor_id, reason)
    typer.echo("suspended")


@actors_cli.command("reinstate")
def actors_reinstate(actor_id: UUID, reason: Reason) -> None:
    """Lift a suspension."""
    with opened() as jz:
        jz.reinstate_actor(OPERATOR, actor_id, reason)
    typer.echo("reinstated")


@actors_cli.command("revoke")
def actors_revoke(actor_id: UUID, reason: Reason) -> None:
    """Revoke an actor for good; all its tokens stop working."""
    with opened() as jz:
        jz.revoke_actor(OPERATOR, actor_id, reason)
    typer.echo("revoked")


@actors_cli.command("revoke-token")
def actors_revoke_token(actor_id: UUID, token_id: str, reason: Reason) -> None:
    """Revoke one of an actor's tokens."""
    with opened() as jz:
        jz.revoke_token(OPERATOR, actor_id, token_id, reason)
    typer.echo("token revoked")


@projections_cli.command("rebuild")
def projections_rebuild(
    name: Annotated[list[str] | None, typer.Option(help="Only these projections.")] = None,
) -> None:
    """Drop the read models and rebuild them from every stored event."""
    with opened() as jz:
        unknown = set(name or ()) - set(jz.views.projections)
        if unknown:
            typer.echo(f"error: unknown projection(s): {', '.join(sorted(unknown))}", err=True)
            raise typer.Exit(2)
        applied = jz.views.rebuild(name)
        typer.echo(f"rebuilt {', '.join(name or jz.views.projections)}: {applied} events applied")


@projections_cli.command("status")
def projections_status() -> None:
    """Each projection's position against the newest stored event."""
    with opened() as jz:
        newest = jz.store.recorder.max_notification_id() or 0
        for projection in jz.views.projections:
            typer.echo(f"{projection}: position {jz.views.position(projection)} of {newest}")


def _key_text(value: str) -> str:
    """A vkey given literally, or the path of a file holding one."""
    path = Path(value)
    return path.read_text().strip() if path.is_file() else value


@cli.command()
def checkpoint() -> None:
    """Sign a checkpoint at the log's current size (if it grew) and print it."""
    with opened() as jz:
        jz.log.sign_checkpoint()
        typer.echo(jz.log.served_checkpoint(), nl=False)


@log_cli.command("add-witness")
def log_add_witness(vkey: Annotated[str, typer.Argument(help="witness vkey, or a file")]) -> None:
    """Accept cosignatures from this witness key."""
    with opened() as jz:
        jz.add_witness(OPERATOR, _key_text(vkey))
    typer.echo("witness added")


@log_cli.command("key")
def log_key() -> None:
    """Print the log's active public key(s) (C2SP vkey)."""
    with opened() as jz:
        for key in jz.log.keys:
            typer.echo(key.vkey)


@log_cli.command("keys")
def log_keys() -> None:
    """Every key the log has signed with, with its validity window."""
    with opened() as jz:
        for entry in jz.deployment().log_keys:
            typer.echo(f"{entry['vkey']}  from {entry['from'] or 'start'}  "
                       f"until {entry['until'] or 'now'}")  # fmt: skip


@log_cli.command("rotate-key")
def log_rotate_key() -> None:
    """Introduce a new log key; both keys sign until `retire-key` retires the old one."""
    with opened() as jz:
        typer.echo(jz.rotate_log_key(OPERATOR))


@log_cli.command("retire-key")
def log_retire_key(vkey: Annotated[str, typer.Argument(help="the vkey (or a file)")]) -> None:
    """Stop signing with a key (it stays published for the checkpoints it signed)."""
    with opened() as jz:
        jz.retire_log_key(OPERATOR, _key_text(vkey))
    typer.echo("retired")


@export_cli.command("case")
def export_case_command(
    case_id: UUID,
    out: Annotated[Path, typer.Option("-o", "--out", help="Where to write the bundle.")],
    reason: Annotated[str, typer.Option(help="Why it is exported (recorded).")],
) -> None:
    """Write a case's court bundle; the export is recorded with the bundle's SHA-256."""
    from infra.bundle import export_case

    with opened() as jz:
        data = export_case(jz, OPERATOR, case_id, reason, "operator")
    out.write_bytes(data)
    typer.echo(f"wrote {out} ({len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()})")


@cli.command("verify-bundle")
def verify_bundle_command(
    file: Path,
    log_key: Annotated[
        str | None, typer.Option("--log-key", help="The log's published vkey (or a file).")
    ] = None,
    witness_key: Annotated[
        list[str] | None,
        typer.Option("--witness-key", help="A witness vkey (or file) that must have cosigned."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Verify a bundle offline (no network, no database); exit 0 only if all holds."""
    from domain.proof.bundle import verify_bundle
    from domain.proof.checkpoint import parse_witness_vkey

    if log_key is not None and not log_key.strip():
        # An empty --log-key (e.g. "$(cat log.vkey)" of a missing file) must not silently
        # fall back to the keys inside the bundle.
        typer.echo("error: --log-key is empty: give the log's vkey or a file holding it", err=True)
        raise typer.Exit(2)
    try:
        witnesses = [parse_witness_vkey(_key_text(w)) for w in witness_key or []]
    except ValueError as exc:
        typer.echo(f"error: witness key: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        data = file.read_bytes()
    except OSError as exc:
        typer.echo(f"FAILED: cannot read {file}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    report = verify_bundle(data, _key_text(log_key) if log_key is not None else None, witnesses)
    if as_json:
        _print_json(report.as_dict())
    else:
        for note in report.notes:
            typer.echo(f"note: {note}")
        typer.echo(
            f"checkpoint: tree size {report.tree_size}, cosigned by "
            f"{', '.join(report.cosigned_by) or 'no witness given'}"
        )
        typer.echo(f"streams: {report.streams}, events: {report.events}")
        for step in report.story:
            typer.echo(f"  {step['seq']:>3}  {step['at']}  {step['type']}")
        for held in report.withheld:
            typer.echo(f"withheld: stream {held['stream']} seq {held['seq']} ({held['why']})")
        if report.complete_as_of is not None:
            typer.echo(
                f"complete: every stream ends at its head as recorded {report.complete_as_of}"
            )
        if report.ok:
            typer.echo("OK: every chain, inclusion proof and signature holds.")
        else:
            typer.echo(f"FAILED ({len(report.problems)} problem(s)):")
            for problem in report.problems:
                typer.echo(f"  {problem}")
    raise typer.Exit(0 if report.ok else 1)


witness_cli = typer.Typer(
    help="Witness a log (run by an oversight body).", invoke_without_command=True
)
cli.add_typer(witness_cli, name="witness")


@witness_cli.callback()
def witness(
    ctx: typer.Context,
    log: Annotated[str | None, typer.Option("--log", help="The log's base URL.")] = None,
    log_key: Annotated[str | None, typer.Option("--log-key", help="Its vkey (or a file).")] = None,
    key: Annotated[Path | None, typer.Option("--key", help="This witness's key file.")] = None,
    state: Annotated[
        Path | None, typer.Option("--state", help="This witness's state file.")
    ] = None,
) -> None:
    """Verify the log's newest checkpoint against the last one cosigned, then cosign it."""
    if ctx.invoked_subcommand is not None:
        return
    if not (log and log_key and key and state):
        typer.echo("error: --log, --log-key, --key and --state are required", err=True)
        raise typer.Exit(2)
    from infra.witness import WitnessRefused, load_witness_key, witness_once

    try:
        typer.echo(witness_once(log, _key_text(log_key), load_witness_key(key), state))
    except WitnessRefused as exc:
        typer.echo(f"REFUSED: {exc}", err=True)
        raise typer.Exit(1) from None


@witness_cli.command("keygen")
def witness_keygen(
    name: Annotated[str, typer.Option(help="The witness's name, e.g. zibo-sfj-witness.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Private key file to create.")],
) -> None:
    """Create a witness key (0600) and print its public vkey for the log's operator."""
    from infra.witness import generate_witness_key

    typer.echo(generate_witness_key(name, out).vkey)


def _print_report(report: Report) -> None:
    if report.ok:
        typer.echo(
            f"OK: {report.events} events in {report.streams} streams verified "
            f"({report.bytes} bytes); every hash and prev link holds; "
            f"{report.blobs_checked} evidence blob(s) intact; {report.leaves_checked} log "
            f"leaves match the events and {report.checkpoints_checked} checkpoint(s) hold."
        )
        return
    typer.echo(
        f"FAILED: {len(report.breaks)} broken stream(s) among {report.streams}, "
        f"{len(report.blob_problems)} blob problem(s) among {report.blobs_checked}, "
        f"{len(report.log_problems)} log problem(s):"
    )
    for b in report.breaks:
        typer.echo(
            f"  stream {b.stream} seq {b.seq} (position {b.position}): {b.kind.value} — {b.detail}"
        )
        if b.expected or b.found:
            typer.echo(f"    expected {b.expected}\n    found    {b.found}")
    for p in report.blob_problems:
        typer.echo(f"  blob {p['sha256']}: {p['problem']} (registered at position {p['position']})")
    for p in report.log_problems:
        typer.echo(f"  log: {p['kind']}: {json.dumps({k: v for k, v in p.items() if k != 'kind'})}")


@cli.command()
def verify(
    as_json: JsonFlag = False,
    deep: Annotated[
        bool, typer.Option("--deep", help="Also decode every envelope and check its form.")
    ] = False,
) -> None:
    """Recompute every event hash and prev link; exit 0 if all hold, 1 naming each break."""
    with opened() as jz:
        progress = None
        bar = None
        if not as_json and sys.stderr.isatty():
            from tqdm import tqdm

            total = jz.store.recorder.max_notification_id() or 0
            bar = tqdm(total=total, unit="ev", desc="verifying", file=sys.stderr)
            progress = bar.update
        try:
            report = jz.verifications.run(OPERATOR, via="cli", progress=progress, deep=deep)
        finally:
            if bar is not None:
                bar.close()
    if as_json:
        _print_json(report.as_dict())
    else:
        _print_report(report)
    raise typer.Exit(0 if report.ok else 1)


def main() -> None:
    """Console entry point."""
    cli()

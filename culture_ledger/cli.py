"""`culture-ledger`: what is not a page (serve, demo data, rebuild, ...)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC
from pathlib import Path


def open_ledger(args: argparse.Namespace):
    """The ledger on the store the command names, its read models caught up."""
    from culture_ledger.ledger import Ledger

    return Ledger(url=args.store)


def cmd_serve(args: argparse.Namespace) -> int:
    from culture_ledger import launcher
    from culture_ledger.demo import is_empty, seed_demo

    os.environ["CULTURE_LEDGER_STORE"] = args.store  # the dashboard process opens the same store
    if args.demo_if_empty:
        ledger = open_ledger(args)
        if is_empty(ledger):
            print("First start: recording the demo office (departments, cadres, weeks of study)...", flush=True)
            seed_demo(ledger)
        _print_banners(ledger)
        ledger.close()
    overrides = {"server.port": args.port} if args.port else None
    return launcher.serve(Path(args.config) if args.config else launcher.CONFIG, overrides)


def _print_banners(ledger) -> None:
    """What plugins say once the dashboard's store is ready (the demo accounts, while their demo passwords work)."""
    for plugin in ledger.registry.plugins:
        text = plugin.banner(ledger) if plugin.banner else None
        if text:
            print(text, flush=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from culture_ledger.demo import is_empty, seed_demo

    ledger = open_ledger(args)
    if not is_empty(ledger) and not args.force:
        print("The store already holds events; use --force to add the demo office again.", file=sys.stderr)
        return 1
    if args.events:
        return _demo_at_scale(ledger, args.events)
    office = seed_demo(ledger, weeks=args.weeks)
    print(
        f"Demo office recorded: {len(office.departments)} departments, {len(office.cadres)} cadres, "
        f"{ledger.app.head()} events."
    )
    _print_banners(ledger)
    return 0


def _demo_at_scale(ledger, events: int) -> int:
    import time

    from tqdm import tqdm

    from culture_ledger.demo import seed_at_scale

    started = time.perf_counter()
    with tqdm(total=events, unit="event", desc="demo") as bar:
        office = seed_at_scale(ledger, events, progress=lambda position, total: bar.update(position - bar.n))
        bar.update(ledger.app.head() - bar.n)
    took = time.perf_counter() - started
    print(
        f"Demo office at scale recorded: {len(office.departments)} departments, {len(office.cadres)} cadres, "
        f"{ledger.app.head()} events in {took:.1f} s ({ledger.app.head() / took:,.0f} events/s)."
    )
    return 0


class Interrupted(BaseException):
    """SIGTERM, or Ctrl-C, while a long command runs: it stops where it is (what is committed stays)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM end the command by raising `Interrupted` where it runs (a traceback never shows)."""
    import signal

    def interrupt(signum, frame) -> None:
        raise Interrupted(signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, interrupt)


def cmd_rebuild(args: argparse.Namespace) -> int:
    import signal

    from tqdm import tqdm

    _stop_on_signals()
    try:
        ledger = open_ledger(args)
        head = ledger.app.head()
        names = args.projection or None
        done = names or [p.name for p in ledger.runner.projections]
        under_way = ledger.runner.rebuilding()
        if under_way and sorted(under_way) == sorted(done):
            at = min(under_way.values())
            print(
                f"继续上次中断的重建：已完成到第 {at} 条（共 {head} 条），从这里接着做。", file=sys.stderr, flush=True
            )
        elif under_way:
            print("上次中断的重建针对的是另一组数据，已放弃，重新开始。", file=sys.stderr, flush=True)
        with tqdm(total=head, unit="event", desc="rebuild", disable=args.quiet) as bar:

            def progress(position: int, total: int) -> None:
                bar.total = max(total, bar.total or 0)
                bar.update(max(0, position - bar.n))

            ledger.runner.rebuild(names, progress=progress, batch_size=args.batch_size)
            bar.update(max(0, head - bar.n))
    except (Interrupted, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the message is said once, whatever comes next
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _said_interrupted(args)
        return 128 + signum
    # Done: a stop asked for now (Ctrl-C as it finishes) has nothing left to stop but this summary.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print(f"Rebuilt {', '.join(done)} from {head} events.")
    stops = {name: stop for name, stop in ledger.stops().items() if name in done}
    for name, stop in stops.items():
        print(f"{name}: {_said_stop(ledger, name, stop)}", file=sys.stderr)
    return 1 if stops else 0


def _said_interrupted(args: argparse.Namespace) -> None:
    """Where an interrupted rebuild stopped, read afresh from the store (what it committed stands)."""
    try:
        from event_store.projection import ProjectionRunner, ReadModels

        app = _app(args)
        at = min(ProjectionRunner(app, (), ReadModels.beside(app), prepare=False).rebuilding().values(), default=0)
        head = app.head()
        app.close()
        where = f"已完成到第 {at} 条（共 {head} 条）"
    except Exception:  # the store itself is out of reach: say so without the details
        where = "进度已保存"
    print(
        f"重建已中断：{where}；正在使用的数据保持原样。再次运行 culture-ledger rebuild 将从中断处继续。",
        file=sys.stderr,
        flush=True,
    )


def _said_stop(ledger, name: str, stop) -> str:
    """A stopped read model in Chinese (what the health page says), then the error for whoever fixes it."""
    from culture_ledger.health import why

    title = ledger.catalog.t("zh", ledger.readmodel_title(name))
    return f"「{title}」已暂停更新：{why(ledger, 'zh', stop)}（{stop.error}）"


def cmd_status(args: argparse.Namespace) -> int:
    """Each read model: where it stands; a stopped one with why (exit 1 while any is stopped)."""
    from culture_ledger.health import standings

    ledger = open_ledger(args)
    head = ledger.app.head()
    rows = standings(ledger)
    print(f"日志共 {head} 条记录。")
    for s in rows:
        title = ledger.catalog.t("zh", s.title)
        if s.stop is not None:
            print(f"已暂停  {s.name}（{title}）: {_said_stop(ledger, s.name, s.stop)}")
        else:
            state = "正常" if s.position >= head else "正在更新"
            print(f"{state}    {s.name}（{title}）: 已处理到第 {s.position} 条")
    stopped = [s.name for s in rows if s.stop is not None]
    if stopped:
        print(
            f"{len(stopped)} 项数据已暂停更新；原因排除后运行 culture-ledger rebuild {' '.join(stopped)} 恢复。",
            file=sys.stderr,
        )
    ledger.close()
    return 1 if stopped else 0


def cmd_backup(args: argparse.Namespace) -> int:
    from event_store.backup import backup_sqlite, sqlite_path

    if not args.store.startswith("sqlite:///"):
        print(
            "error: `backup` copies a SQLite store; back up PostgreSQL with pg_dump (see README: Backup and restore).",
            file=sys.stderr,
        )
        return 2
    # First the access record (the backup then holds its own), unless the backup is refused anyway.
    if sqlite_path(args.store).exists() and not Path(args.out).exists():
        if not recorded(args.store, "backup", file=Path(args.out).name):
            return 1
    try:
        done = backup_sqlite(args.store, args.out)
    except (FileExistsError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Backed up {done.head} events to {done.path} (and {done.evidence_copied} new evidence files "
        f"to {done.path.parent / 'evidence'})."
    )
    return 0


def _app(args: argparse.Namespace):
    """Just the log (no read models caught up): what verify, digest and export read."""
    from culture_ledger.registry import Registry
    from event_store.store import open_application

    return open_application(Registry.load().event_topics, args.store)


def _log(args: argparse.Namespace):
    """Just the log, for what only reads it as stored (verify, digest): the plugins are not loaded
    (an event decoded to find its evidence files imports its own module when asked)."""
    from event_store.store import open_application

    return open_application((), args.store)


LOG_ONLY = frozenset({"verify", "digest"})
"""Commands that read the log as stored and need no plugin: the command line starts without loading
them (an operator's `culture-ledger verify` is timed from the process's start)."""


def _command_word(argv: list[str]) -> str | None:
    """The subcommand named on the command line (after `--store URL`), if any."""
    words = iter(argv)
    for word in words:
        if word == "--store":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


class _NoBar:
    """What `progress_bar` gives with --quiet: nothing drawn, and tqdm not even imported."""

    n = 0
    total = 0

    def update(self, n: int) -> None:
        self.n += n

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def progress_bar(args: argparse.Namespace, desc: str, total: int):
    """A progress bar on standard error (none with --quiet) and the `progress(done, of)` that moves it."""
    if args.quiet:
        bar = _NoBar()
    else:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="event", desc=desc, disable=None, file=sys.stderr)

    def progress(done: int, of: int) -> None:
        bar.total = of
        bar.update(done - bar.n)

    return bar, progress


def recorded(store: str, what: str, **detail) -> bool:
    """Leave this command in the access record of `store` (as the operating-system user,
    `culture_ledger.access`), before its result is handed over; False, said on standard error, when
    it cannot be written: the command then fails and hands nothing over."""
    from culture_ledger.access import AccessNotRecorded, append

    try:
        append(store, what, **detail)
    except AccessNotRecorded as exc:
        print(f"错误：访问记录无法写入，此次操作未执行（{exc.cause}）。", file=sys.stderr)
        return False
    return True


def cmd_verify(args: argparse.Namespace) -> int:
    import json

    from event_store.evidence import EvidenceStore, evidence_root
    from event_store.integrity import load_digest, verify

    try:
        kept = load_digest(Path(args.digest).read_text(encoding="utf-8")) if args.digest else None
    except (OSError, ValueError) as exc:
        print(f"error: cannot use {args.digest} as a digest: {exc}", file=sys.stderr)
        return 2
    app = _log(args)
    bar, progress = progress_bar(args, "verify", app.head())
    with bar:
        report = verify(
            app,
            evidence=EvidenceStore(evidence_root(args.store)),
            digest=kept,
            progress=progress,
            parts=os.cpu_count() or 1,  # a long log in parts side by side, one per processor
        )
    # Recorded after the check (it checks the log as it was), before its verdict is handed over; a log
    # that failed is evidence and is left exactly as found: nothing is appended to it.
    if not report.ok:
        print("访问记录未写入：日志未通过校验，保持原样以供核查。", file=sys.stderr)
    elif not recorded(args.store, "verify", checked=report.checked, ok=True, digest=kept["position"] if kept else None):
        return 1
    if report.finding:
        f = report.finding
        print(f"FAILED at position {f.position} ({f.kind}): {f.detail}")
    for sha, problem in report.evidence.items():
        print(
            f"FAILED evidence {problem['state']}: {problem['name']} ({sha}), referred to at position {problem['position']}"
        )
    if kept is not None and report.digest_ok is False and not report.finding:
        print(f"FAILED: the log does not extend the digest at position {kept['position']}")
    if report.ok:
        extends = f"; extends the digest at position {kept['position']}" if kept else ""
        print(f"OK: {report.checked} events re-hashed, {report.evidence_checked} evidence files checked{extends}.")
        print(json.dumps(report.head or {"position": 0}, ensure_ascii=False))
    same = _verify_read_models(args, app) if args.read_models else True
    return 0 if report.ok and same else 1


def _verify_read_models(args: argparse.Namespace, app) -> bool:
    """Rebuild every read model into a scratch store and compare it with the live one (`--read-models`)."""
    from culture_ledger.health import difference_said
    from culture_ledger.i18n import Catalog
    from culture_ledger.registry import Registry
    from event_store.compare import compare_read_models
    from event_store.projection import ReadModels

    registry = Registry.load()
    projections = registry.projections()
    bar, progress = progress_bar(args, "read models", app.head())
    with bar:
        found = compare_read_models(app, projections, ReadModels.beside(app), progress=progress)
    catalog = Catalog(registry.translations())
    if found is None:
        print(f"数据核对通过：{len(projections)} 项数据与从日志重新生成的结果一致。")
        return True
    print(f"数据核对未通过：{difference_said(registry, catalog, 'zh', found)}")
    return False


def cmd_digest(args: argparse.Namespace) -> int:
    import json

    from event_store.integrity import digest

    if not recorded(args.store, "digest"):  # first: the digest then covers the record of its own taking
        return 1
    print(json.dumps(digest(_log(args)), ensure_ascii=False))
    return 0


def _utc(text: str | None, end_of_day: bool = False) -> str | None:
    """An ISO date or time from the command line as UTC ISO text (a bare date ends at midnight for --until);
    a date or time without a zone is on the office's clock (domain.clock.office_zone)."""
    from datetime import datetime, timedelta

    from domain import clock

    if not text:
        return None
    moment = datetime.fromisoformat(text)
    if end_of_day and len(text) == 10:
        moment += timedelta(days=1, microseconds=-1)
    return (moment if moment.tzinfo else moment.replace(tzinfo=clock.office_zone())).astimezone(UTC).isoformat()


def cmd_export(args: argparse.Namespace) -> int:
    import json

    from event_store.evidence import EvidenceStore, evidence_root
    from event_store.exchange import ExchangeError, export_package, positions_described_in, positions_recorded_in
    from event_store.integrity import positions_recorded_between

    if not recorded(  # before anything is read: an export the record does not hold is never made
        args.store,
        "export:log",
        file=Path(args.out).name,
        from_position=args.from_position,
        to_position=args.to_position,
        since=args.since,
        until=args.until,
        evidence=not args.no_evidence,
    ):
        return 1
    app = _app(args)
    first, last = args.from_position or 1, args.to_position
    selection: dict = {"by": "position"}
    if args.since or args.until:
        try:
            since, until = _utc(args.since), _utc(args.until, end_of_day=True)
        except ValueError as exc:
            print(f"error: --since/--until take an ISO date or time: {exc}", file=sys.stderr)
            return 2
        if args.by == "appended":
            first_t, last_t = positions_recorded_between(app, since, until)
        elif args.by == "described":
            from datetime import date

            first_t, last_t = positions_described_in(
                app,
                date.fromisoformat(args.since[:10]) if args.since else None,
                date.fromisoformat(args.until[:10]) if args.until else None,
            )
        else:
            from datetime import datetime

            first_t, last_t = positions_recorded_in(
                app, since and datetime.fromisoformat(since), until and datetime.fromisoformat(until)
            )
        first, last = max(first, first_t), last_t if last is None else min(last, last_t)
        selection = {"by": args.by, "since": since, "until": until}
        if args.by == "described":  # days, as the records state them
            selection.update(since=args.since and args.since[:10], until=args.until and args.until[:10])
    bar, progress = progress_bar(args, "export", max(0, (last if last is not None else app.head()) - first + 1))
    evidence = None if args.no_evidence else EvidenceStore(evidence_root(args.store))
    try:
        with bar:
            manifest = export_package(
                app,
                args.out,
                evidence=evidence,
                from_position=first,
                to_position=last,
                selection=selection,
                progress=progress,
            )
    except ExchangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    by = {
        "position": "按日志位置选取",
        "described": "按所述日期（记录所述的日子）选取",
        "recorded": "按记录时间（事件自己记下的时间）选取",
        "appended": "按写入时间（存储追加事件的时间）选取",
    }[selection["by"]]
    files = manifest["evidence"]["files"]
    carried = f"{len(files)} 份佐证材料" if evidence is not None else f"不含佐证材料（事件引用 {len(files)} 份）"
    print(
        f"已导出位置 {manifest['from_position']}–{manifest['to_position']} 共 {manifest['count']} 条事件（{by}），"
        f"{carried}，写入 {args.out}；摘要："
    )
    print(json.dumps(manifest["digest"], ensure_ascii=False))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import json

    from event_store.evidence import EvidenceStore, evidence_root
    from event_store.exchange import ExchangeError, import_file
    from event_store.integrity import load_digest

    try:
        kept = load_digest(Path(args.digest).read_text(encoding="utf-8")) if args.digest else None
    except (OSError, ValueError) as exc:
        print(f"error: 无法把 {args.digest} 当作摘要使用（cannot use it as a digest）：{exc}", file=sys.stderr)
        return 2
    ledger = open_ledger(args)
    bar, progress = progress_bar(args, "import", 0)
    try:
        with bar:
            now = import_file(
                ledger.app,
                args.file,
                evidence=EvidenceStore(evidence_root(args.store)),
                digest=kept,
                progress=progress,
            )
    except ExchangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not recorded(args.store, "import:log", file=Path(args.file).name, to_position=now["position"]):
        return 1
    bar, progress = progress_bar(args, "read models", now["position"])
    with bar:
        ledger.runner.catch_up(progress=progress)
    extends = f"，并延续所给摘要（位置 {kept['position']}）" if kept else ""
    print(f"已导入 {now['position']} 条事件；链头与导出文件的摘要一致{extends}：")
    print(json.dumps(now, ensure_ascii=False))
    for name, stop in ledger.stops().items():
        print(f"{name}: {_said_stop(ledger, name, stop)}", file=sys.stderr)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import signal

    from culture_ledger.ledger import Ledger
    from event_store.worker import Worker

    ledger = Ledger(url=args.store, worker=False)  # the worker is the one that catches up
    if not ledger.readmodels.postgres:
        print(
            "The projection worker follows PostgreSQL (LISTEN/NOTIFY); on SQLite the app keeps its read "
            "models current by itself.",
            file=sys.stderr,
        )
        ledger.close()
        return 2
    worker = Worker(ledger.runner, poll=args.poll)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: worker.stop())
    print(
        f"Worker following the log from position {ledger.app.head()} ({len(ledger.runner.projections)} read models).",
        flush=True,
    )
    try:
        worker.run()
    finally:
        ledger.close()
    print(f"Worker stopped at position {worker.reached}.", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    from event_store.store import store_url

    parser = argparse.ArgumentParser(prog="culture-ledger", description="机关文化建设台账 Culture Ledger")
    parser.add_argument(
        "--store", default=None, help="store URL (default: $CULTURE_LEDGER_STORE or sqlite:///data/ledger.sqlite3)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the dashboard")
    serve.add_argument("--config", default=None, help="Streamlit settings (default: streamlit_config.toml)")
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--demo-if-empty", action="store_true", help="record the demo office on first start")
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="record a demo office with weeks of records")
    demo.add_argument("--weeks", type=int, default=None, help="how far back (default: from the month before last)")
    demo.add_argument("--force", action="store_true")
    demo.add_argument("--events", type=int, default=0, help="a whole prefecture at scale: about N events in all")
    demo.set_defaults(func=cmd_demo)

    rebuild = sub.add_parser(
        "rebuild",
        help="rebuild read models from position 0 beside the live ones, then switch; "
        "an interrupted rebuild resumes where it stopped",
    )
    rebuild.add_argument("projection", nargs="*", help="projection names (default: all)")
    rebuild.add_argument("--batch-size", type=int, default=1000, help="events per page read from the log")
    rebuild.add_argument("--quiet", action="store_true")
    rebuild.set_defaults(func=cmd_rebuild)

    if _command_word(sys.argv[1:] if argv is None else argv) not in LOG_ONLY:
        from culture_ledger.registry import Registry

        for plugin in Registry.load().plugins:
            if plugin.cli is not None:
                plugin.cli(sub)  # the plugin's own subcommands (accounts, checkpoint, ...)

    backup = sub.add_parser("backup", help="copy a SQLite store (and its evidence) while it is in use")
    backup.add_argument("--out", required=True, help="the new backup file, e.g. backups/ledger-2026-11-27.sqlite3")
    backup.set_defaults(func=cmd_backup)

    verify = sub.add_parser("verify", help="re-hash the whole log and the evidence files; name the first bad position")
    verify.add_argument("--digest", default=None, help="a digest file (from `digest`) the log must still extend")
    verify.add_argument(
        "--read-models",
        action="store_true",
        help="also rebuild every read model into a scratch copy and name the first difference from the live one",
    )
    verify.add_argument("--quiet", action="store_true")
    verify.set_defaults(func=cmd_verify)

    status = sub.add_parser("status", help="where each read model stands; which stopped and why (exit 1 if any)")
    status.set_defaults(func=cmd_status)

    digest = sub.add_parser("digest", help="print the head of the hash chain as JSON, to keep outside the system")
    digest.set_defaults(func=cmd_digest)

    export = sub.add_parser(
        "export", help="write one export file: the log (or a range), its digest and its evidence files"
    )
    export.add_argument("--out", required=True, help="the export file (a ZIP archive, see AUDIT.md)")
    export.add_argument("--no-evidence", action="store_true", help="the log alone, without the evidence files")
    export.add_argument("--from-position", type=int, default=None)
    export.add_argument("--to-position", type=int, default=None)
    export.add_argument(
        "--since",
        default=None,
        help="ISO date or time, on the office's clock (CULTURE_LEDGER_TZ) unless it names its zone",
    )
    export.add_argument(
        "--until", default=None, help="ISO date or time, on the office's clock unless it names its zone"
    )
    export.add_argument(
        "--by",
        choices=("described", "recorded", "appended"),
        default="described",
        help="--since/--until select by the day the records describe (described, the default: a study's day, "
        "an activity's date), by the time each event says it was recorded (recorded) or by the time the store "
        "appended it (appended)",
    )
    export.add_argument("--quiet", action="store_true")
    export.set_defaults(func=cmd_export)

    load = sub.add_parser("import", help="load an export into an empty store, all or nothing, evidence files too")
    load.add_argument("file")
    load.add_argument(
        "--digest", default=None, help="a digest file kept elsewhere that the export must reach or extend"
    )
    load.add_argument("--quiet", action="store_true")
    load.set_defaults(func=cmd_import)

    worker = sub.add_parser("worker", help="keep the read models current for every app instance (PostgreSQL)")
    worker.add_argument("--poll", type=float, default=1.0, help="also catch up every N seconds without a notification")
    worker.set_defaults(func=cmd_worker)

    args = parser.parse_args(argv)
    args.store = args.store or store_url()
    from culture_ledger.access import AccessNotRecorded

    try:
        return args.func(args)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    except AccessNotRecorded as exc:  # a command's own access record (a report, a sheet): said, not a traceback
        print(f"错误：访问记录无法写入，此次操作未完成（{exc.cause}）。", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

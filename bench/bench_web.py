"""Web pages benchmark: every page on a store of 5,000 forms (bench_api's seeding: the
example forms as templates, 1,000 departments × 5 years), served by ``jixiao serve``.

For each page: p50/p95 with one client (the time the server takes to render it — the
budget: p95 < 150 ms), p50/p95 with ``--clients`` concurrent clients (on a shared 2-core
machine these include queueing behind the other requests and the other helpers' work), and
the server's CPU time per request (user + system time of the server's processes over the
one-client run, divided by the requests: what a page costs, whatever the load around it).

Run: ``python bench/bench_web.py [--forms N] [--backend sqlite|postgresql] [--clients N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import sys
import time
from pathlib import Path

from sqlalchemy import text

from bench_api import DISTRICTS, YEARS, drop_scratch, make_scratch, seed, start_server, wrk
from jixiao.service import SYSTEM, Actor, Role, Service
from jixiao.store import open_store

BUDGET_MS = 150.0
TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants so far."""
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except (OSError, IndexError, ValueError):
            continue
    return total


def prepare(url: str, data: Path, n_forms: int) -> dict[str, str | None]:
    """Seed the store; add an administrator; make the filler's form of the open year a
    draft (so that its editor opens); return tokens by role (None: anonymous)."""
    tokens: dict[str, str | None] = dict(seed(url, data, n_forms))
    store = open_store(data, url=url)
    svc = Service(store)
    u = svc.create_user(SYSTEM, "bench_admin", "admin", password=secrets.token_hex(8))
    tokens["admin"] = svc.create_token(Actor(u.id, u.name, Role.ADMIN), "bench").token
    tokens["public"] = None
    with store.engine.begin() as c:
        c.execute(
            text("UPDATE forms SET status = 'draft' WHERE department_id = 1 AND year = :y"),
            {"y": YEARS[-1]},
        )
    store.close()
    return tokens


def run(backend: str, n_forms: int, clients: int, seconds: float, workers: int) -> bool:
    tmp, url, db = make_scratch(backend)
    ok = True
    try:
        t = time.perf_counter()
        tokens = prepare(url or f"sqlite:///{tmp / 'jixiao.db'}", tmp, n_forms)
        print(f"[{backend}] seeded {n_forms} forms in {time.perf_counter() - t:.1f} s", flush=True)
        proc, base = start_server(tmp, url, workers)
        try:
            rng = random.Random(10)
            ids = lambda: rng.randint(1, n_forms)  # noqa: E731
            own = [i for i in range(1, len(YEARS) + 1)]  # department 1's forms
            cases = {
                "首页 (reviewer queue)": ("reviewer", lambda: "/"),
                "首页 (filler)": ("filler", lambda: "/"),
                "总览 (all years)": ("reviewer", lambda: "/dashboard"),
                "总览 (year + status, page n)": (
                    "reviewer",
                    lambda: (
                        f"/dashboard?year={rng.choice(YEARS)}&status=submitted&page={rng.randint(1, 5)}"
                    ),
                ),
                "总览 (name contains + grade)": (
                    "reviewer",
                    lambda: f"/dashboard?q={rng.choice(DISTRICTS)}&grade=优",
                ),
                "审核 (a form)": ("reviewer", lambda: f"/forms/{ids()}"),
                "填报 (editor)": ("filler", lambda: f"/forms/{len(YEARS)}/edit"),
                "版本 (history + diff)": ("reviewer", lambda: f"/forms/{ids()}/versions"),
                "上传 (page)": ("filler", lambda: "/upload"),
                "公开 (a year)": ("public", lambda: f"/public/{rng.choice(YEARS)}"),
                "管理": ("admin", lambda: "/admin"),
                "本部门 (filler, own form)": ("filler", lambda: f"/forms/{rng.choice(own)}"),
            }
            load = "、".join(f"{x:.1f}" for x in os.getloadavg())
            print(
                f"  load average before: {load} (on {os.cpu_count()} cores); {workers} server worker(s)"
            )
            print(
                f"  {'page':34} {'1 client p50':>12} {'p95':>7} {'CPU ms/req':>10}"
                f" {f'{clients} clients p50':>16} {'p95':>7} {'req/s':>6}"
            )
            for name, (role, make) in cases.items():
                paths = [make() for _ in range(300)]
                token = tokens[role]
                wrk(base, token, paths[:20], 1, 1)  # warm-up
                cpu0 = tree_cpu(proc.pid)
                a50, a95, rate1 = wrk(base, token, paths, 1, seconds / 2)
                cpu = (tree_cpu(proc.pid) - cpu0) / max(1.0, rate1 * (seconds / 2)) * 1000
                p50, p95, rate = wrk(base, token, paths, clients, seconds)
                flag = "" if a95 < BUDGET_MS else "  OVER BUDGET"
                ok &= a95 < BUDGET_MS
                print(
                    f"  {name:34} {a50:12.1f} {a95:7.1f} {cpu:10.1f} {p50:16.1f} {p95:7.1f} {rate:6.0f}{flag}",
                    flush=True,
                )
        finally:
            proc.terminate()
            proc.wait(10)
    finally:
        drop_scratch(tmp, db)
    return ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--forms", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2, help="jixiao serve --workers")
    ap.add_argument("--seconds", type=float, default=8, help="wrk run per page (loaded)")
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs the Debian package")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    ok = True
    for b in backends:
        ok &= run(b, args.forms, args.clients, args.seconds, args.workers)
    print("budget met (one-client p95 < 150 ms on every page)" if ok else "BUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

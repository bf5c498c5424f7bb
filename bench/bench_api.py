"""API benchmark: 5,000 forms in the store, 20 concurrent clients on loopback.

For SQLite and for PostgreSQL (127.0.0.1:5432; a database of its own, dropped at the end):
seed 5,000 forms (the bundled example forms as templates, 1,000 departments × 5 years,
evaluations computed once per template and varied), start ``jixiao serve --workers 2`` in
a subprocess, and measure p50/p95 of the list, filter and form endpoints with 20
concurrent connections: ``wrk`` (Debian package; little CPU of its own, which matters on a
2-core machine) cycling through random paths, else an httpx async client. Budget: p95 < 100 ms for every endpoint but exports; a PDF export < 2 s.

Run: ``python bench/bench_api.py [--forms N] [--backend sqlite|postgresql] [--workers N]``.
The machine may be shared: figures vary with the other load on it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from jixiao.model import Form  # noqa: E402
from jixiao.scoring import load_scheme  # noqa: E402
from jixiao.service import SYSTEM, Actor, Role, Service  # noqa: E402
from jixiao.service.access import Status  # noqa: E402
from jixiao.store import models as m  # noqa: E402
from jixiao.store import open_store  # noqa: E402
from jixiao.store.models import jdump, utcnow  # noqa: E402

DATA = ROOT / "tests" / "data"
TEMPLATES = [
    DATA / "seed.json",
    DATA / "practice-1.json",
    *sorted((DATA / "generated").glob("*.json")),
]
CITIES = ["广州市", "深圳市", "珠海市", "佛山市", "韶关市", "河源市", "梅州市", "惠州市",
          "汕尾市", "东莞市", "中山市", "江门市", "阳江市", "湛江市", "茂名市", "肇庆市"]  # fmt: skip
DISTRICTS = ["黄埔区", "海珠区", "天河区", "越秀区", "番禺区", "白云区", "荔湾区", "花都区",
             "南沙区", "从化区", "增城区"]  # fmt: skip
YEARS = [2019, 2020, 2021, 2022, 2023]
STATUSES = [s.value for s in Status]
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
BUDGET_MS = 100.0
PDF_BUDGET_S = 2.0


def tail(name: str) -> str:
    """The part of a department name after its city and district."""
    for prefix in ("广州市黄埔区广州开发区", "广州市黄埔区", "广州市海珠区", "广州市"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def seed(url: str, data: Path, n_forms: int) -> dict[str, str]:
    """Fill an empty store with n_forms forms; return API tokens by role."""
    store = open_store(data, url=url, upgrade=True)
    svc = Service(store)
    scheme = load_scheme("dept-overall")
    templates = []
    for path in TEMPLATES:
        form = Form.from_shared(json.loads(path.read_text(encoding="utf-8")))
        ev = svc._evaluate(scheme, form, [])
        templates.append((form, svc._evaluation_columns(ev)))
    names = [f"{c}{d}{tail(t[0].department)}" for c in CITIES for d in DISTRICTS for t in templates]
    n_depts = max(1, n_forms // len(YEARS))
    now = utcnow()
    rng = random.Random(9)
    with store.engine.begin() as conn:
        conn.execute(
            insert(m.Department),
            [{"id": i + 1, "name": names[i], "created_at": now} for i in range(n_depts)],
        )
        for y in YEARS:
            conn.execute(
                insert(m.Cycle),
                [{"year": y, "status": "open" if y == YEARS[-1] else "closed", "deadline": None,
                  "leader_approval": False, "scheme": "dept-overall", "opened_at": now}],
            )  # fmt: skip
        forms, versions, evals = [], [], []
        fid = 0
        for d in range(n_depts):
            form, cols = templates[d % len(templates)]
            for y in YEARS:
                fid += 1
                if fid > n_forms:
                    break
                body = form.model_copy(update={"department": names[d], "year": y})
                delta = rng.uniform(0, 25)
                forms.append({
                    "id": fid, "department_id": d + 1, "year": y, "kind": "department-overall",
                    "status": rng.choice(STATUSES), "current_version_id": None,
                    "current_number": 1, "revision": 1,
                    "created_at": now, "updated_at": now - timedelta(minutes=fid),
                })  # fmt: skip
                versions.append({
                    "id": fid, "form_id": fid, "number": 1,
                    "form_json": jdump(body.model_dump(mode="json")),
                    "warnings": "[]", "unplaced": "[]", "note": "批量导入", "created_at": now,
                })  # fmt: skip
                total = max(0.0, cols["score_total"] - delta)
                grade = (
                    "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
                )
                evals.append({
                    **cols, "id": fid, "version_id": fid, "score_total": total,
                    "score_upper": max(total, cols["score_upper"] - delta), "grade": grade,
                    "grade_upper": grade, "errors": rng.choice([0, 0, 1, 2, 4]), "updated_at": now,
                })  # fmt: skip
        for rows, table in ((forms, m.FormRow), (versions, m.Version), (evals, m.EvaluationRow)):
            for i in range(0, len(rows), 500):
                conn.execute(insert(table), rows[i : i + 500])
        conn.execute(text("UPDATE forms SET current_version_id = id"))
        if conn.dialect.name == "postgresql":
            for t in ("departments", "forms", "versions", "evaluations", "cycles"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
                    )
                )
    if store.engine.dialect.name == "postgresql":
        # as autovacuum leaves a table soon after a bulk load: statistics and the
        # visibility map (without it, an index-only scan still reads every row)
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    tokens = {}
    for role, dept in (("reviewer", None), ("filler", 1)):
        u = svc.create_user(
            SYSTEM, f"bench_{role}", role, password=secrets.token_hex(8), department_id=dept
        )
        actor = Actor(user_id=u.id, name=u.name, role=Role(role), department_id=dept)
        tokens[role] = svc.create_token(actor, "bench").token
    store.close()
    return tokens


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data: Path, url: str | None, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "JIXIAO_DATABASE_URL"}
    if url:
        env["JIXIAO_DATABASE_URL"] = url
    jixiao = Path(sys.executable).parent / "jixiao"
    proc = subprocess.Popen(
        [str(jixiao), "serve", "--port", str(port), "--workers", str(workers), "--data", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/api/v1/openapi.json", timeout=2)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start")


async def measure(base: str, token: str, paths: list[str], clients: int) -> list[float]:
    """Send every path once, ``clients`` at a time; return each latency in ms."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    times: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as c:

        async def worker() -> None:
            while not queue.empty():
                p = queue.get_nowait()
                t = time.perf_counter()
                r = await c.get(p)
                times.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    errors.append(f"{p}: {r.status_code} {r.text[:200]}")

        await asyncio.gather(*(worker() for _ in range(clients)))
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return times


WRK_SCRIPT = """
local paths = {%s}
local i = 0
%s
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%f %%f %%d %%d %%d\\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def wrk(
    base: str, token: str | None, paths: list[str], clients: int, seconds: float
) -> tuple[float, float, float]:
    """p50 ms, p95 ms and requests/s of ``clients`` connections cycling through ``paths``
    (with the bearer ``token``, or anonymous when it is None)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        quoted = (json.dumps(quote(p, safe="/?&=-")) for p in paths)  # ASCII for Lua
        auth = f'wrk.headers["Authorization"] = "Bearer {token}"' if token else ""
        f.write(WRK_SCRIPT % (", ".join(quoted), auth))
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(2, clients)}",
                f"-c{clients}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                f.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    line = next((x for x in out.splitlines() if x.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{out}")
    p50, p95, n, bad_status, socket_errors = line.split()[1:]
    if int(bad_status) or int(socket_errors):
        raise SystemExit(
            f"wrk saw {bad_status} non-2xx responses and {socket_errors} socket errors"
        )
    return float(p50), float(p95), int(n) / seconds


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def make_scratch(backend: str) -> tuple[Path, str | None, str | None]:
    """A temporary data folder and, for PostgreSQL, a database of its own: (folder, the
    database URL or None for SQLite in the folder, the database's name or None)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"jixiao-bench-{backend}-"))
    if backend != "postgresql":
        return tmp, None, None
    db = f"jixiao_bench_{secrets.token_hex(4)}"
    admin = create_engine(f"{PG_SERVER}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{db}"'))
    return tmp, f"{PG_SERVER}/{db}", db


def drop_scratch(tmp: Path, db: str | None) -> None:
    if db:
        admin = create_engine(f"{PG_SERVER}/test", isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
    subprocess.run(["rm", "-rf", str(tmp)], check=False)


def run_backend(
    backend: str, n_forms: int, n_requests: int, clients: int, workers: int, seconds: float
) -> bool:
    tmp, url, db = make_scratch(backend)
    ok = True
    try:
        t = time.perf_counter()
        tokens = seed(url or f"sqlite:///{tmp / 'jixiao.db'}", tmp, n_forms)
        print(f"[{backend}] seeded {n_forms} forms in {time.perf_counter() - t:.1f} s", flush=True)
        proc, base = start_server(tmp, url, workers)
        try:
            rng = random.Random(1)
            ids = lambda: rng.randint(1, n_forms)  # noqa: E731
            cases = {
                "list (reviewer, 50 per page)": (
                    "reviewer",
                    lambda: f"/api/v1/forms?limit=50&offset={rng.randint(0, 90) * 50}",
                ),
                "filter (year+status+score, by score)": (
                    "reviewer",
                    lambda: (
                        f"/api/v1/forms?year={rng.choice(YEARS)}&status={rng.choice(STATUSES)}"
                        f"&min_score={rng.randint(60, 90)}&sort=-score"
                    ),
                ),
                "filter (name contains + grade)": (
                    "reviewer",
                    lambda: f"/api/v1/forms?q={rng.choice(DISTRICTS)}&grade=优&has_errors=false",
                ),
                "list (filler, own department)": ("filler", lambda: "/api/v1/forms"),
                "form": ("reviewer", lambda: f"/api/v1/forms/{ids()}"),
                "form version (content)": ("reviewer", lambda: f"/api/v1/forms/{ids()}/versions/1"),
                "form evaluation": ("reviewer", lambda: f"/api/v1/forms/{ids()}/evaluation"),
            }
            use_wrk = shutil.which("wrk") is not None
            how = f"wrk, {seconds:g} s each" if use_wrk else f"httpx, {n_requests} requests each"
            print(f"[{backend}] {clients} concurrent clients ({how}), {workers} server worker(s)")
            load = "、".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"  load average before: {load} (on {os.cpu_count()} cores)")
            print(
                f"  {'endpoint':40} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'1 client p50':>13}"
            )
            cases["dashboard (year)"] = (
                "reviewer",
                lambda: f"/api/v1/dashboard?year={rng.choice(YEARS)}",
            )
            for name, (role, make) in cases.items():
                paths = [make() for _ in range(n_requests)]
                asyncio.run(measure(base, tokens[role], paths[:clients], clients))  # warm-up
                if use_wrk:
                    p50, p95, rate = wrk(base, tokens[role], paths, clients, seconds)
                else:
                    t = time.perf_counter()
                    times = asyncio.run(measure(base, tokens[role], paths, clients))
                    rate = len(times) / (time.perf_counter() - t)
                    p50, p95 = pct(times, 50), pct(times, 95)
                # one client at a time: the time the server takes for one request
                alone = wrk(base, tokens[role], paths, 1, 3)[0] if use_wrk else float("nan")
                flag = "" if p95 < BUDGET_MS else "  OVER BUDGET"
                ok &= p95 < BUDGET_MS
                print(
                    f"  {name:40} {p50:8.1f} {p95:8.1f} {rate:8.0f} {alone:13.1f}{flag}",
                    flush=True,
                )
            for fmt in ("html", "xlsx", "pdf"):
                paths = [f"/api/v1/forms/{ids()}/export?format={fmt}" for _ in range(5)]
                times = asyncio.run(measure(base, tokens["reviewer"], paths, 1))
                worst = max(times) / 1000
                flag = "" if fmt != "pdf" or worst < PDF_BUDGET_S else "  OVER BUDGET"
                ok &= fmt != "pdf" or worst < PDF_BUDGET_S
                print(
                    f"  export {fmt:5} (one at a time, 5 forms): median {statistics.median(times) / 1000:.2f} s, max {worst:.2f} s{flag}"
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
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2, help="jixiao serve --workers")
    ap.add_argument("--seconds", type=float, default=10, help="wrk run per endpoint")
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = ap.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    ok = True
    for b in backends:
        ok &= run_backend(b, args.forms, args.requests, args.clients, args.workers, args.seconds)
    print("budget met" if ok else "BUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

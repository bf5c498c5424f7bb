"""Benchmark of the assess stage (run by ``make bench``; a plain script, not a test).

Times ``judge()`` in process over realistic target/completion pairs, then
``jixiao assess --jsonl`` over 10,000 generated pairs in a subprocess (wall time,
start-up included; the budget is under 2 s). The subprocess's CPU time is printed too:
on a shared machine the wall time also counts other processes' load, the CPU time
hardly does. judge() remembers the scans of texts it has seen (forms repeat 100%, ≥95%,
是), so repeated templates here are cheaper than first sightings.

    .venv/bin/python bench/bench_assess.py [--pairs 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from jixiao.assess import judge

# (name, target, completion template); {n} and friends are filled in per pair.
_TEMPLATES: list[tuple[str, str, str]] = [
    ("社会治理成效满意度", "≥{p}%", "{q}%"),
    ("党群站验收合格率", "{p}%", "{q}%"),
    ("城镇登记失业率", "≤{p1}%", "城镇登记失业率{q1}%，控制在{p1}%以内"),
    ("劳动人事争议仲裁结案率", "≥{p}%", "受理{c},{d:03d}宗，结案{c2},{d:03d}宗，结案率{q}.{r}%"),
    ("城镇新增就业人数", "≥{w}万人", "全年城镇新增就业{w2}.{r}万人，就业局势保持总体稳定"),
    (
        "补贴性职业技能培训人次",
        "≥{w}万人次",
        "开展补贴性职业技能培训{w2}.{r}万人次，年度任务完成率{q}%",
    ),
    (
        "就业困难人员实现就业人数",
        "不少于{c}人",
        "帮扶就业困难人员实现就业{c2}人，开发公益性岗位{d}个",
    ),
    ("城市精细化管理排名", "全区前{k}", "全区第{k2}"),
    ("就业工作目标责任制考核排名", "全市前{k}名", "全市第{k2}名"),
    ("政务大厅服务质量", "优", "{grade}"),
    ("考核等次", "良好及以上", "考核结果为{grade2}"),
    ("河涌绿化管养标准", "达到{k}级", "{k2}级"),
    ("重大安全事故控制数", "0次", "{z}次"),
    ("疫情防控工作情况", "确保不发生疫情、不输入疫情", "确诊病例0例、疑似病例{z}例"),
    ("三旧改造旧村拆迁", "清零", "{clear}"),
    ("拆违面积", "≥{w}万平方米", "拆除违法建设{c}宗，面积约{w2}万平方米"),
    ("活动场次", "≥{c3}场次", "开展系列活动近{c4}场次，吸引{c},{d:03d}余人次参加"),
    ("资金发放", "≥{w}亿元", "发放创业担保贷款{w2}.{r}亿元"),
    ("审核时限", "≤{t}个工作日", "平均审核时间由{t2}个工作日压减至{t3}个工作日"),
    ("根治欠薪工作成效", "实现“两个确保”目标", "{qual}"),
    ("按时完成率", "按时完成", "{deadline}"),
]
_GRADES = ["优", "良", "优秀", "良好", "合格", "获评年度基层党建创新案例"]
_CLEAR = ["清零", "全面“清零”", "剩余2户未签约", "尚未清零"]
_QUAL = [
    "已实现“两个确保”目标",
    "组织开展根治欠薪冬季专项行动，对在建工程项目开展全覆盖检查",
    "未实现“两个确保”目标",
]
_DEADLINE = ["已按时完成", "项目延期至次年3月", "已完成"]


def pairs(n: int, seed: int = 0) -> list[dict[str, str]]:
    """``n`` realistic pairs, the same for the same seed."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        name, target, actual = rnd.choice(_TEMPLATES)
        p = rnd.choice([80, 85, 90, 95, 98, 100])
        k = rnd.randint(1, 5)
        w = rnd.randint(1, 9)
        c = rnd.randint(100, 999)
        t = rnd.randint(5, 20)
        values = {
            "p": p,
            "q": rnd.randint(p - 8, 100),
            "p1": rnd.choice(["3.5", "4", "5"]),
            "q1": f"{rnd.uniform(1.5, 5.5):.2f}",
            "c": c,
            "c2": rnd.randint(c - 100, c + 300),
            "c3": c,
            "c4": rnd.randint(c - 20, c + 20),
            "d": rnd.randint(0, 999),
            "r": rnd.randint(0, 9),
            "w": w,
            "w2": rnd.randint(max(1, w - 2), w + 3),
            "k": k,
            "k2": rnd.randint(1, 8),
            "z": rnd.choice([0, 0, 0, 1, 2]),
            "t": t,
            "t2": t + rnd.randint(5, 15),
            "t3": rnd.randint(max(1, t - 5), t + 3),
            "grade": rnd.choice(_GRADES),
            "grade2": rnd.choice(_GRADES[:5]),
            "clear": rnd.choice(_CLEAR),
            "qual": rnd.choice(_QUAL),
            "deadline": rnd.choice(_DEADLINE),
        }
        out.append(
            {"name": name, "target": target.format(**values), "actual": actual.format(**values)}
        )
    return out


def _jixiao_command() -> list[str]:
    script = Path(sys.executable).with_name("jixiao")
    if script.exists():
        return [str(script)]
    found = shutil.which("jixiao")
    if found:
        return [found]
    return [sys.executable, "-c", "from jixiao.cli import main; main()"]


def bench_judge(data: list[dict[str, str]]) -> None:
    judge("≥90%", "87.6%")  # warm up (cn2an and regexes)
    t0 = time.perf_counter()
    verdicts = Counter(judge(p["target"], p["actual"], name=p["name"]).verdict.value for p in data)
    dt = time.perf_counter() - t0
    print(
        f"judge(): {len(data)} pairs in {dt:.3f} s "
        f"({dt / len(data) * 1e6:.1f} µs/pair, {len(data) / dt:,.0f} pairs/s)"
    )
    print("  verdicts:", dict(sorted(verdicts.items())))


def bench_cli(data: list[dict[str, str]]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pairs.jsonl"
        path.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in data), encoding="utf-8"
        )
        cmd = [*_jixiao_command(), "assess", "--jsonl", str(path)]
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        dt = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"jixiao assess --jsonl failed with exit code {proc.returncode}")
        lines = proc.stdout.splitlines()
        if len(lines) != len(data):
            raise SystemExit(f"expected {len(data)} result lines, got {len(lines)}")
    t0 = time.perf_counter()
    subprocess.run([*_jixiao_command(), "--help"], capture_output=True, check=False)
    startup = time.perf_counter() - t0
    status = "ok" if dt < 2.0 else "SLOW (budget < 2 s)"
    print(
        f"jixiao assess --jsonl: {len(data)} pairs in {dt:.3f} s wall, {cpu:.3f} s CPU "
        f"(start-up alone {startup:.3f} s wall) — {status}"
    )
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=10_000, help="pairs for the CLI run")
    ap.add_argument("--judge-pairs", type=int, default=20_000, help="pairs for judge()")
    args = ap.parse_args()
    bench_judge(pairs(args.judge_pairs, seed=1))
    bench_cli(pairs(args.pairs, seed=2))


if __name__ == "__main__":
    main()

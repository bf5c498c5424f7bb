"""Batch import: many files or folders → one JSON form each, in parallel processes.

``jixiao import DIR_OR_FILES… -o OUTDIR``: folders are walked for every supported
file (by extension; Office lock files ``~$…`` and hidden files are skipped, and so
is the output folder). A folder's files keep their sub-folder under OUTDIR; files
named directly go to OUTDIR itself. Each output is ``<stem>.json``; when inputs
of different formats share a stem (form.xlsx, form.docx) each keeps its extension
(``form.xlsx.json``), and the same name from different folders given directly
gets a number (``form-2.json``). Files are imported by ``--jobs`` worker processes (default:
all cores); a file that fails — even one that kills its worker process — is
reported and the others go on. ``--resume`` skips inputs whose output is newer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

OK, WARNINGS, FAILED, SKIPPED = "ok", "warnings", "failed", "skipped"
LABELS = {OK: "成功", WARNINGS: "有警告", FAILED: "失败", SKIPPED: "跳过（输出已是最新）"}


@dataclass
class FileStatus:
    source: str
    output: str
    status: str = OK
    messages: list[str] = field(default_factory=list)  # warnings, or why it failed

    def line(self) -> str:
        head = f"{LABELS[self.status]}：{self.source}"
        if self.status in (OK, WARNINGS):
            head += f" → {self.output}"
        if self.status == FAILED and self.messages:
            head += f"（{self.messages[0]}）"
        elif self.status == WARNINGS:
            head += f"（{len(self.messages)} 条警告）"
        return head


def supported_extensions() -> set[str]:
    from jixiao.importers import FORMATS

    return {ext for fmt in FORMATS for ext in fmt.extensions if ext}


def plan(inputs: Iterable[Path], outdir: Path) -> list[tuple[Path, Path]]:
    """(input, output) pairs: folders walked, names made unique per output folder."""
    exts = supported_extensions()
    out_resolved = outdir.resolve()
    pairs: list[tuple[Path, Path]] = []
    for item in inputs:
        if item.is_dir():
            for root, dirs, files in os.walk(item):
                here = Path(root)
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".") and (here / d).resolve() != out_resolved
                )
                for name in sorted(files):
                    p = here / name
                    if name.startswith((".", "~$")) or p.suffix.lower() not in exts:
                        continue
                    pairs.append((p, outdir / p.parent.relative_to(item)))
        else:
            pairs.append((item, outdir))
    suffixes: dict[tuple[Path, str], set[str]] = {}
    for src, folder in pairs:
        suffixes.setdefault((folder, src.stem), set()).add(src.suffix.lower())
    used: set[Path] = set()
    planned = []
    for src, folder in pairs:
        name = src.stem if len(suffixes[(folder, src.stem)]) == 1 else src.name
        target = folder / f"{name}.json"
        n = 1
        while target in used:  # the same name from different folders given directly
            n += 1
            target = folder / f"{name}-{n}.json"
        used.add(target)
        planned.append((src, target))
    return planned


def up_to_date(src: Path, target: Path) -> bool:
    try:
        return target.stat().st_mtime > src.stat().st_mtime
    except OSError:
        return False


def import_one(source: str, output: str, strict: bool) -> FileStatus:
    """Import one file and write its JSON (runs in a worker process). Never raises."""
    from jixiao.fileio import write_atomic
    from jixiao.importers import FormImportError, load_form

    st = FileStatus(source, output)
    try:
        result = load_form(source)
    except FormImportError as e:
        return FileStatus(source, output, FAILED, [e.problem])
    except MemoryError:
        return FileStatus(source, output, FAILED, ["内存不足，无法导入"])
    except Exception as e:  # a defect must not stop the batch: report it
        return FileStatus(source, output, FAILED, [f"内部错误：{type(e).__name__}: {e}"[:200]])
    st.messages = list(result.warnings)
    st.messages += [f"未能归入任何字段的内容，{u.describe()}" for u in result.unplaced]
    if strict and result.unplaced:
        return FileStatus(
            source, output, FAILED, [f"有 {len(result.unplaced)} 处内容未能归入字段（--strict）"]
        )
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(output), (result.form.to_shared_json() + "\n").encode("utf-8"))
    except OSError as e:
        return FileStatus(source, output, FAILED, [f"无法写入 {output}（{e.strerror}）"])
    if result.truncated:
        st.status = FAILED  # written, but incomplete: the batch exits 2 as import does
        st.messages.insert(0, "表格不完整（可能被截断），已导入现有内容")
    elif st.messages:
        st.status = WARNINGS
    return st


def run(
    pairs: list[tuple[Path, Path]],
    jobs: int,
    resume: bool,
    strict: bool,
    advance: Callable[[FileStatus], None] = lambda st: None,
) -> list[FileStatus]:
    """Import every pair with ``jobs`` processes; results in input order."""
    results: list[FileStatus | None] = [None] * len(pairs)
    todo = []
    for i, (src, target) in enumerate(pairs):
        if resume and up_to_date(src, target):
            results[i] = FileStatus(str(src), str(target), SKIPPED)
            advance(results[i])
        else:
            todo.append(i)
    if jobs <= 1 or len(todo) <= 1:
        for i in todo:
            results[i] = import_one(str(pairs[i][0]), str(pairs[i][1]), strict)
            advance(results[i])
    else:
        _parallel(pairs, todo, jobs, strict, results, advance)
    return [r for r in results if r is not None]


def _parallel(pairs, todo, jobs, strict, results, advance) -> None:
    """Run in a process pool; a file that kills its worker is retried alone, then failed."""
    retry: list[int] = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        futures: dict[Future, int] = {
            pool.submit(import_one, str(pairs[i][0]), str(pairs[i][1]), strict): i for i in todo
        }
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
                advance(results[i])
            except BrokenProcessPool:
                retry.append(i)
    for i in retry:  # each alone, so the one that breaks its worker is the one that fails
        with ProcessPoolExecutor(max_workers=1) as pool:
            try:
                results[i] = pool.submit(
                    import_one, str(pairs[i][0]), str(pairs[i][1]), strict
                ).result()
            except BrokenProcessPool:
                results[i] = FileStatus(
                    str(pairs[i][0]),
                    str(pairs[i][1]),
                    FAILED,
                    ["导入进程异常退出（文件可能损坏或过大）"],
                )
        advance(results[i])

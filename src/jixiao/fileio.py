"""Safe file input and output.

Input: ``read_input`` reads only regular files, never more than the size limit
(``jixiao.limits``); a FIFO, a device, a socket or a directory gets a clear Chinese message
instead of a hang or an unbounded read. ``read_stream`` reads a stream (stdin) the same way.

Output: ``atomic_target``/``write_atomic`` write a regular file through a temporary file
beside it, fsync'd, renamed over the target, then the folder fsync'd: a reader never sees
half a file, and a failure (an exception, SIGINT, or SIGTERM turned into ``SystemExit`` by
the CLI) removes the temporary file. A link to a regular file keeps being a link (the file
it points to is replaced). A target that is not a regular file — a device (/dev/null,
/dev/full), a FIFO, a socket, /dev/stdout, /dev/fd/N, or a link to one — is written
through, never replaced. ``os_problem`` says what an ``OSError`` means, in Chinese.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from jixiao.limits import LimitError, limits

# -- reading --------------------------------------------------------------------------


class InputError(Exception):
    """An input that cannot be read. ``problem`` is Chinese and does not repeat the path."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


_PROBLEMS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "文件系统只读",
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EFBIG: "文件太大",
    errno.EIO: "读写出错（输入输出错误）",
    errno.EPIPE: "管道已关闭",
    errno.ENXIO: "设备或地址不存在",
    errno.EBUSY: "设备或资源正忙",
    errno.EEXIST: "已存在",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EMFILE: "打开的文件太多",
}


def os_problem(e: OSError) -> str:
    """What an OSError means, in Chinese (with the system's own words for the rare ones)."""
    said = _PROBLEMS.get(e.errno) if e.errno is not None else None
    return said or (f"系统错误：{e.strerror}" if e.strerror else f"系统错误：{e}")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "这是一个目录，不是文件"
    if stat.S_ISFIFO(mode):
        return "这是一个管道（FIFO），不是普通文件；只读取普通文件"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是一个设备，不是普通文件；只读取普通文件"
    if stat.S_ISSOCK(mode):
        return "这是一个套接字，不是普通文件；只读取普通文件"
    return "不是普通文件；只读取普通文件"


def read_input(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` (default: the ``max_bytes`` limit).

    Raises ``InputError`` (Chinese problem) for a missing or unreadable file, a directory, a
    FIFO, a device or a socket (opened without blocking, so a FIFO never hangs), and a file
    above the limit.
    """
    cap = limits().max_bytes if max_bytes is None else max_bytes
    p = str(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as e:
        raise InputError(p, os_problem(e)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(p, _kind(st.st_mode))
        if st.st_size > cap:
            raise InputError(p, limits().exceeded("max_bytes", st.st_size).problem)
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(cap + 1)  # a file that grew while read is cut here
    except OSError as e:
        raise InputError(p, os_problem(e)) from None
    finally:
        os.close(fd)
    if len(data) > cap:
        raise InputError(p, limits().exceeded("max_bytes").problem)
    return data


def read_stream(stream: BinaryIO, name: str = "标准输入", max_bytes: int | None = None) -> bytes:
    """All of a binary stream (stdin), at most ``max_bytes``; ``InputError`` beyond it."""
    cap = limits().max_bytes if max_bytes is None else max_bytes
    try:
        data = stream.read(cap + 1)
    except OSError as e:
        raise InputError(name, os_problem(e)) from None
    if len(data) > cap:
        raise InputError(name, limits().exceeded("max_bytes").problem)
    return data


def check_size(path: str | Path, data: bytes | str) -> None:
    """``InputError`` when data that did not come from ``read_input`` exceeds ``max_bytes``."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    try:
        limits().check("max_bytes", size)
    except LimitError as e:
        raise InputError(path, e.problem) from None


# -- writing --------------------------------------------------------------------------

_FD_PATH = re.compile(r"/(?:dev/fd|proc/self/fd|proc/(\d+)/fd)/(\d+)")
_STD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def _own_fd(path: Path) -> int | None:
    """The descriptor a path names when it is /dev/stdout, /dev/fd/N, /proc/self/fd/N (or a
    link to one of them): writing there means writing to that descriptor as it is, with its
    offset and append mode, not reopening (and truncating) what it points to."""
    p = str(path)
    for _ in range(40):  # the kernel's own limit on links followed
        p = os.path.normpath(p)
        if p in _STD:
            return _STD[p]
        m = _FD_PATH.fullmatch(p)
        if m and (m.group(1) is None or int(m.group(1)) == os.getpid()):
            return int(m.group(2))
        try:
            link = os.readlink(p)
        except OSError:
            return None
        p = os.path.join(os.path.dirname(p), link)
    return None


def _special(path: Path) -> bool:
    """True when ``path`` exists and (after links) is not a regular file or a directory."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _write_through(tmp: Path, target: Path, fd: int | None) -> None:
    data = tmp.read_bytes()
    if fd is not None:
        if fd == 1:
            sys.stdout.flush()
        elif fd == 2:
            sys.stderr.flush()
        _write_all(fd, data)
        return
    with open(target, "wb") as f:  # a device or FIFO: opened as it is, never replaced
        f.write(data)


def _fsync_dir(folder: Path) -> None:
    with suppress(OSError):  # not every file system can sync a folder
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


@contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """A temporary path to write the output for ``path`` to; put in place when the block ends.

    A regular target (or one that does not exist yet) gets the temporary file's content by
    an fsync'd rename, keeping an existing file's permissions. Anything else (a device, a
    FIFO, /dev/stdout …) gets the content written through. If the block fails, or the
    process is interrupted, the temporary file is removed and the target is untouched.
    """
    p = Path(path)
    fd = _own_fd(p)
    if fd is not None or _special(p):
        with tempfile.TemporaryDirectory(prefix="jixiao-") as d:
            tmp = Path(d) / (p.name or "output")
            yield tmp
            _write_through(tmp, p, fd)
        return
    real = Path(os.path.realpath(p))  # through links: the file is replaced, the link stays
    if real.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(p))
    folder = real.parent
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{real.stem}-", suffix=real.suffix)
    tmp = Path(name)
    try:
        os.close(handle)
        try:
            mode = stat.S_IMODE(os.stat(real).st_mode)  # an existing file keeps its mode
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # mkstemp makes 0600; outputs are ordinary files
        os.chmod(tmp, mode)
        yield tmp
        sync = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(sync)
        finally:
            os.close(sync)
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` safely (see ``atomic_target``)."""
    with atomic_target(path) as tmp:
        tmp.write_bytes(data)


def make_folder(path: str | Path, created: list[Path]) -> None:
    """``mkdir -p path``, appending each folder it creates to ``created`` (parents first)."""
    p = Path(path)
    missing: list[Path] = []
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        created.append(folder)


def remove_empty(created: list[Path]) -> None:
    """Remove the folders of ``created`` that are still empty (deepest first)."""
    for folder in reversed(created):
        with suppress(OSError):
            folder.rmdir()

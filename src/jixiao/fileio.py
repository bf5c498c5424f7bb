"""Safe file output: never leave a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed onto it when the block succeeds, else removed."""
    p = Path(path)
    fd, name = tempfile.mkstemp(dir=p.parent or ".", prefix=f".{p.stem}-", suffix=p.suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        yield tmp
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same directory and an atomic rename."""
    with atomic_target(path) as tmp:
        tmp.write_bytes(data)

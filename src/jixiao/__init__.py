"""jixiao（绩效）: 部门整体支出绩效自评表 — import, assess, check, score, render."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # ``jixiao.__version__`` from the installed package's metadata, looked up when first
    # asked for: importlib.metadata takes longer to load than a short command takes to run.
    if name != "__version__":
        raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("jixiao")
    except PackageNotFoundError:  # run from a source tree without installing
        value = "0+unknown"
    globals()["__version__"] = value
    return value

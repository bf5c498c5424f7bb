"""The longer schemathesis run: every API operation with many generated requests, valid
and invalid, on SQLite and PostgreSQL (``make test`` runs the same test with a few)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = os.environ.get("JIXIAO_SCHEMATHESIS_EXAMPLES", "150")


def main() -> int:
    env = {**os.environ, "JIXIAO_SCHEMATHESIS_EXAMPLES": EXAMPLES}
    print(f"schemathesis: {EXAMPLES} examples per operation and database", flush=True)
    return subprocess.call(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/system/test_schemathesis.py",
        ],
        cwd=ROOT,
        env=env,
    )


if __name__ == "__main__":
    sys.exit(main())

"""Run a command and report its wall-clock seconds and the peak memory of its processes.

``resource.getrusage(RUSAGE_CHILDREN)`` in the benchmark itself would count the
benchmark: Python starts a child with vfork, and until the child execs, its resident
memory is the parent's (a benchmark that has read PDFs with pdfplumber is large). A
small launcher process runs the command instead and reports its own children's peak.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

_LAUNCH = """
import json, resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(json.dumps(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def run_peak(cmd: list[str]) -> tuple[float, float]:
    """Seconds ``cmd`` took and the peak resident memory (MB) of its largest process."""
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCH, *cmd], check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - t
    return seconds, json.loads(done.stdout.strip().splitlines()[-1]) / 1024

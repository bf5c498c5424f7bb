"""A short deterministic slice of ``make fuzz``: the fuzz targets on their seeds and on
mutations of them made by a fixed random generator (no atheris needed)."""

from __future__ import annotations

import random

import pytest

from fuzz.harness import TARGETS, Slowest, seeds

MUTATIONS = 120
# CPU seconds one input may take (the fuzz goal is under 1 s).
MAX_CPU = 1.0
PIECES = [b"\t", b"\n", b"\n\n", b"\x00", b"\xe4\xb8", b"%", b"\xe4\xb8\x87", b"9" * 30,
          "主要任务".encode(), "数量指标".encode(), "达到".encode() * 8, b" " * 40]  # fmt: skip


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """One of: flip a byte, insert a piece, cut, duplicate a slice, splice two halves."""
    if not data:
        return rnd.choice(PIECES)
    i, j = sorted(rnd.randrange(len(data) + 1) for _ in range(2))
    op = rnd.randrange(5)
    if op == 0:
        return data[:i] + bytes([rnd.randrange(256)]) + data[i + 1 :]
    if op == 1:
        return data[:i] + rnd.choice(PIECES) * rnd.randint(1, 20) + data[i:]
    if op == 2:
        return data[:i]
    if op == 3:
        return data[:j] + data[i:j] * rnd.randint(2, 6) + data[j:]
    return data[j:] + data[:i]


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_slice(target: str):
    rnd = random.Random(12)
    start = seeds(target)
    assert len(start) >= 5
    slowest = Slowest()
    run = slowest.timed(TARGETS[target])
    for data in start:
        run(data)
    for _ in range(MUTATIONS):
        data = rnd.choice(start)
        for _step in range(rnd.randint(1, 4)):
            data = mutate(data, rnd)
        run(data[:20_000])
    assert slowest.count == len(start) + MUTATIONS
    assert slowest.cpu < MAX_CPU, (slowest.cpu, slowest.data[:200])

"""Encodings Chinese government files come in: UTF-8 (± BOM), GB18030/GBK, UTF-16."""

from __future__ import annotations

import codecs

import pytest

from jixiao.importers import import_bytes
from jixiao.importers.decode import decode
from tests.conftest import DATA

SEED = (DATA / "seed.txt").read_text(encoding="utf-8")


# GBK has no superscript ² (m²): a GBK copy of the seed prints m2, as GBK-encoded files do.
SEED_GBK = SEED.replace("²", "2")


def reference(text: str = SEED) -> dict:
    return import_bytes(text.encode("utf-8"), "seed.txt").form.to_shared()


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8-sig", codecs.BOM_UTF8 + SEED.encode("utf-8")),
        ("gb18030", SEED.encode("gb18030")),
        ("utf-16-le", codecs.BOM_UTF16_LE + SEED.encode("utf-16-le")),
        ("utf-16-be", codecs.BOM_UTF16_BE + SEED.encode("utf-16-be")),
        ("utf-16-le", SEED.encode("utf-16-le")),  # no BOM
        ("utf-16-be", SEED.encode("utf-16-be")),  # no BOM
    ],
)
def test_seed_in_other_encodings_imports_the_same(encoding: str, data: bytes):
    assert import_bytes(data, f"seed.{encoding}.txt").form.to_shared() == reference()


def test_seed_in_gbk_imports_the_same():
    assert import_bytes(SEED_GBK.encode("gbk"), "seed.gbk.txt").form.to_shared() == reference(
        SEED_GBK
    )


def test_gbk_detected_as_gb18030_superset():
    text, enc = decode("部门名称\t财政局".encode("gbk"))
    assert text == "部门名称\t财政局" and enc == "gb18030"


def test_crlf_line_endings():
    data = SEED.replace("\n", "\r\n").encode("utf-8")
    assert import_bytes(data, "seed.txt").form.to_shared() == reference()

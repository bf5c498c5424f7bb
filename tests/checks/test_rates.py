"""rate_over_100: shares above 100% are flagged, ratios against a target are not."""

from __future__ import annotations

import pytest

from jixiao.checks import Severity
from jixiao.checks.rates import capped_word
from jixiao.model import Form
from tests.checks.forms import findings, make, with_indicator


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("18-59岁人群我街第一针覆盖率达到168%", "覆盖率"),
        ("排水单元达标率110%", "达标率"),
        ("城乡居民基本养老保险参保率103%", "参保率"),
        ("群众满意度达到101.5%", "满意度"),
        ("培训合格率为120%", "合格率"),
        ("党员占比105%", "占比"),
        ("辖区黑臭水体消除比例120%", "消除比例"),
        ("违法广告牌整治率均达105%", "整治率"),
        ("劳动保障监察案件按期结案率102%", "结案率"),
        ("各项社会保险待遇发放及时率：101%", "及时率"),
        ("专用账户开设率、实名制管理覆盖率均达130%", "覆盖率"),
    ],
)
def test_shares_above_100_are_flagged(text: str, word: str):
    (f,) = findings("rate_over_100", with_indicator("质量指标", text))
    assert f.path == "tasks[0].indicators[5]" and f.severity is Severity.WARNING
    assert word in f.message and "超过100%" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "跟进的4个固定资产在统项目完成年度考核指标率高达170%",
        "年度任务完成率126%",
        "空岗信息发布完成率为308%",
        "149家四上企业累计总产值增长52.61%",
        "我街跟进的4家工业全年产值增速159.7%",
        "完成全年20万平方米考核任务的151.65%",
        "拆除违法建设完成率120%",
        "覆盖率同比提升120%",
        "满意度较上年提高105%",
        "病床使用率105%",
        "学前教育毛入学率103%",
        "承诺办结时限平均压缩65%",
        "覆盖率100%",
        "签约率达100%以上",
        "受理仲裁案件同比增长121.4%",
    ],
)
def test_ratios_that_may_exceed_100_are_not_flagged(text: str):
    assert findings("rate_over_100", with_indicator("数量指标", text)) == []


def test_seed_vaccination_coverage_and_drainage_compliance(seed_form: Form):
    got = findings("rate_over_100", seed_form)
    assert [f.path for f in got] == [
        "overall_goal_completion",
        "overall_goal_completion",
        "tasks[8].indicators[1]",
    ]
    assert "第一针覆盖率达到168%" in got[0].message and "覆盖率168%" in got[0].message
    assert "第二针覆盖率达到151%" in got[1].message
    assert "排水单元达标率110%" in got[2].message and "达标率110%" in got[2].message
    assert "整体目标完成情况" in got[0].message


def test_seed_over_fulfilment_is_not_flagged(seed_form: Form):
    text = " ".join(f.message for f in findings("rate_over_100", seed_form))
    for figure in ("170%", "308%", "52.61%", "159.7%", "151.65%", "101.1%"):
        assert figure not in text


def test_practice_pension_coverage(practice_form: Form):
    (f,) = findings("rate_over_100", practice_form)
    assert f.path == "tasks[2].indicators[1]"
    assert "城乡居民基本养老保险参保率103%" in f.message and "参保率103%" in f.message


def test_key_indicator_bare_completion_uses_the_indicator_name():
    form = make(
        key_indicators=[
            {"name": "家庭医生签约服务覆盖率", "expected_value": "≥35%", "completion": "112%"},
            {"name": "年度重点任务完成率", "expected_value": "100%", "completion": "112%"},
        ]
    )
    (f,) = findings("rate_over_100", form)
    assert f.path == "key_indicators[0]"
    assert "家庭医生签约服务覆盖率112%" in f.message


def test_narrative_text_is_scanned():
    form = make(problems="部分社区老年人健康体检覆盖率为104%，统计口径有待统一。")
    (f,) = findings("rate_over_100", form)
    assert f.path == "problems"


def test_long_clause_is_cut_in_the_message():
    text = "有效净化辖区空气质量辖内PM2.5平均浓度和PM10平均浓度均达到规定标准排水单元达标率110%"
    (f,) = findings("rate_over_100", with_indicator("质量指标", text))
    assert "写有“…" in f.message and "排水单元达标率110%”" in f.message


@pytest.mark.parametrize(
    ("label", "word"),
    [
        ("城镇登记失业率", "失业率"),
        ("政务服务“好差评”好评率", "好评率"),
        ("商铺户外招牌工作备案完成率", None),
        ("完成年度考核指标率", None),
        ("河涌绿化管养及保洁服务完成及时率", "及时率"),
        ("完成比例", None),
        ("", None),
    ],
)
def test_capped_word(label: str, word: str | None):
    assert capped_word(label) == word

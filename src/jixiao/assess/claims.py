"""Judging what a completion says rather than counts: zero targets, deadlines and
timeliness, and qualitative claims (提高, 改善, 是, 合规 …).

The words that affirm, deny, hedge or weaken a claim, the opposite pairs and the
timeliness words come from ``scales.toml``; the rules are the reviewer's:

- a claim is met when the completion affirms it (the same word, a same-side word, a
  general affirmation such as 达成预期指标, or — for a pass grade — 通过/符合要求);
- not met when it denies it (未, 否, 未见明显…), states the opposite (加重 for 缓解), no
  change (持平) for a change, a weaker degree (略有 for 显著) or hedges (基本合规);
- otherwise undetermined (activities listed instead of the effect, 见附件).
"""

from __future__ import annotations

import re

from jixiao.assess.base import MET, NOT_MET, UNDETERMINED, Ctx, clip, common, j, listing, short
from jixiao.assess.measure import LE, Fig, Scan
from jixiao.assess.scales import Scales
from jixiao.assess.types import Judgement, Kind, Measure, Verdict
from jixiao.assess.units import INCIDENT_UNITS

_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_MAX_HITS = 8  # occurrences of one word looked at (bounded work on long texts)

# -- reading claims ------------------------------------------------------------------------

# Adverbs that may stand between a negation and its word: 未见明显改善, 没有得到有效解决.
_SOFT = (
    "得到", "已经", "已", "均", "完全", "全部", "有效", "进一步", "按时", "及时", "按期", "如期",
    "很", "较", "更", "再", "能", "能够", "实现", "达到", "见",
    # light verbs: 尚未组织验收, 未开展评估
    "组织", "开展", "进行", "启动", "实施", "办理", "完成",
)  # fmt: skip


def _occurrences(s: str, w: str) -> list[int]:
    out, i = [], s.find(w)
    while i >= 0 and len(out) < _MAX_HITS:
        out.append(i)
        i = s.find(w, i + len(w))
    return out


def _ends_with_any(s: str, words: tuple[str, ...] | list[str]) -> str | None:
    for w in words:
        if s.endswith(w):
            return w
    return None


def negated(s: str, i: int, sc: Scales) -> bool:
    """Whether the word at ``s[i:]`` is denied by the words just before it (未改善, 未见
    明显改善, 没有得到有效解决); 不断提高 is no denial."""
    return denier(s, i, sc) is not None


def denier(s: str, i: int, sc: Scales) -> str | None:
    """The word denying ``s[i:]`` (未 of 未改善, 没有 of 没有得到有效解决), or None."""
    lo = max(0, i - 10)
    before = s[lo:i]
    soft = (*sc.strong_degree, *sc.weak_degree, *_SOFT)
    for _ in range(4):
        w = _ends_with_any(before, soft)
        if w is None:
            break
        before = before[: -len(w)]
    d = _ends_with_any(before, sc.deny)
    if d is None:
        return None
    start = lo + len(before) - len(d)
    return None if any(s.startswith(nd, start) for nd in sc.not_deny) else d


def _hedge(s: str, i: int, sc: Scales) -> str | None:
    before = s[max(0, i - 4) : i]
    for tail in ("", "上", "已", "都", "均"):
        if tail and not before.endswith(tail):
            continue
        h = _ends_with_any(before[: len(before) - len(tail)], sc.hedge)
        if h:
            return h
    return None


def _starts_denied(s: str, sc: Scales) -> bool:
    return any(s.startswith(d) for d in sc.deny) and not any(s.startswith(n) for n in sc.not_deny)


def _activity(s: str, i: int, w: str, sc: Scales) -> bool:
    """The word sits in a description of work (开展提升服务专项行动), not of its effect."""
    before = s[max(0, i - 6) : i]
    after = s[i + len(w) : i + len(w) + 8]
    return any(v in before for v in sc.activity_verbs) or any(
        after.startswith(n) or (n in after[:6] and after.find(n) <= 4) for n in sc.activity_nouns
    )


def _snippet(s: str, i: int, w: str) -> str:
    return short(s[max(0, i - 6) : i + len(w) + 2], 16)


def _predicates(keys: list[str], sc: Scales) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """The change and state words of a target (提高 of 显著提高服务水平), longest first; a
    one-character word (高) only when it is the whole target."""
    out = []
    for key in keys:
        covered: list[tuple[int, int]] = []
        for w in sorted(sc.side, key=len, reverse=True):
            if len(w) == 1 and len(key.strip("较很更")) > 1:
                continue
            for i in _occurrences(key, w):
                if any(a < i + len(w) and i < b for a, b in covered):
                    continue
                covered.append((i, i + len(w)))
                for same, other in sc.side[w]:
                    out.append((w, same, other))
    return out


Claim = tuple[Verdict, str]
# Words too general to stand for a claim when a completion is only one of them.
_GENERIC = frozenset(
    {"目标", "任务", "工作", "项目", "指标", "效果", "情况", "作用", "水平", "群众"}
)


def claim(aq: str, keys: list[str], ctx: Ctx) -> Claim | None:
    """What a completion says about a claim whose key words are ``keys``: met or not met
    with the reason, or None when it does not say."""
    sc = ctx.scales
    keys = [k for k in dict.fromkeys(keys) if k]
    preds = _predicates(keys, sc)
    same_words = {w for _, same, _ in preds for w in same} | {w for w, _, _ in preds}
    affirm_found = [p for p in sc.affirm if p in aq]
    denial = next((p for p in sc.deny_phrases if p in aq), None)
    if denial:
        return NOT_MET, f"表述为“{denial}”"
    # a. denied: 未见明显改善, 未达预期, 没有提高
    for w in (*keys, *affirm_found, *sorted(same_words, key=len, reverse=True)):
        for i in _occurrences(aq, w):
            if negated(aq, i, sc):
                return NOT_MET, f"否定了“{w}”（“{_snippet(aq, i, w)}”）"
    # a four-character claim denied in one of its words: 公开透明 → 未公开, 规范有序 → 不规范
    # (无 before a noun says something is absent, not that the claim failed: 无安全隐患)
    for k in keys:
        if len(k) != 4:
            continue
        for w in dict.fromkeys((k[:2], k[2:])):
            for i in _occurrences(aq, w):
                d = denier(aq, i, sc)
                if d is not None and not d.startswith("无"):
                    return NOT_MET, f"否定了“{w}”（“{_snippet(aq, i, w)}”）"
    # b. hedged: 基本合规, 基本达到预期, 基本持平, 部分落实
    for w in (*keys, *affirm_found, *same_words, *sc.flat, *sc.yes, *sc.achieve):
        if len(w) < 2 and w not in keys:
            continue
        for i in _occurrences(aq, w):
            h = _hedge(aq, i, sc)
            if h:
                return NOT_MET, f"含保留词“{h}”（“{_snippet(aq, i - len(h), w)}”），未完全达到"
    # c. the opposite happened: 缓解 → 加重
    said_same = any(
        not negated(aq, i, sc) for w in same_words for i in _occurrences(aq, w) if len(w) > 1
    )
    if not said_same:
        for w, _same, other in preds:
            for o in sorted(other, key=len, reverse=True):
                if len(o) < 2 and len(aq) > 8:
                    continue
                for i in _occurrences(aq, o):
                    if not negated(aq, i, sc) and not _activity(aq, i, o, sc):
                        return NOT_MET, f"为“{o}”，与目标的“{w}”相反"
    # d. no change for a change: 扩大 → 持平
    changes = [w for w, _, _ in preds if w in sc.change]
    if changes:
        for f in sc.flat:
            if f in aq:
                return NOT_MET, f"为“{f}”，没有{changes[0]}"
    # e. a weaker degree than required: 显著提高 → 略有提高
    strong = [d for k in keys for d in sc.strong_degree if d in k]
    if strong and not any(d in aq for d in sc.strong_degree):
        for wd in sc.weak_degree:
            for i in _occurrences(aq, wd):
                if not negated(aq, i, sc):
                    return NOT_MET, f"程度为“{wd}”，弱于目标要求的“{strong[0]}”"
    # f. a general affirmation: 达成预期指标, 达到预期效果
    if affirm_found:
        return MET, f"表述为“{affirm_found[0]}”"
    # g. the target's own words, or a word on the same side (明显增强 for 增强)
    for w in (*keys, *sorted(same_words, key=len, reverse=True)):
        if len(w) < 2 and len(aq) > 8:
            continue
        for i in _occurrences(aq, w):
            if aq.startswith(("率", "度", "性"), i + len(w)):
                continue  # 合格率80% names a rate, it does not say 合格
            if not _activity(aq, i, w, sc):
                return MET, f"写明“{_snippet(aq, i, w)}”"
    # the completion is the claim's key word itself: 长期 for 长期发挥作用
    for k in keys:
        if 2 <= len(aq) < len(k) and aq in k and aq not in _GENERIC:
            return MET, f"为“{aq}”，即目标所述"
    # a four-character claim said the other way round: 正常运行 / 运行正常
    for k in keys:
        if len(k) == 4:
            found = [aq.find(k[:2]), aq.find(k[2:])]
            if all(i >= 0 and not negated(aq, i, sc) for i in found) and len(aq) <= 16:
                return MET, f"写明“{short(aq, 16)}”"
    return None


# -- zero targets ----------------------------------------------------------------------------

_INCIDENT_LABEL = re.compile(
    r"发生|出现|新增|发案|事故|确诊|输入|感染|死亡|伤亡|违规|违法|违纪|上访"
)
# Names of things that should not happen: a target of only 无 means none of them.
INCIDENT_NAME = re.compile(
    r"事故|事件|案件|违规|违法|违纪|投诉|伤亡|死亡|火灾|疫情|污染|纠纷|差错|失误|欠薪|拖欠|隐患|上访|舆情"
)


def _severity(text: str, sc: Scales) -> int | None:
    """The most severe level a text names (特别重大 0, 重大 1 …), or None."""
    for i, w in enumerate(sc.severity):
        if w in text:
            return i
    return None


def judge_zero(
    t: Fig | None, tm: Measure, t_text: str, a_text: str, asc: Scan, ctx: Ctx
) -> Judgement:
    td, ad = short(t_text), short(a_text)
    sc = ctx.scales
    numeric = [f for f in asc.figs if f.numeric]
    zeros = [f for f in numeric if f.value == 0]
    said = [z for z in asc.zero_words if not z.negated] + zeros
    negated_words = [z for z in asc.zero_words if z.negated]
    # a change (较上年减少3起) is not an occurrence
    positives = [
        f for f in numeric if f.value and f.value > 0 and not (f.decline or f.rise or f.prior)
    ]

    def relevant(p: Fig) -> bool:
        if _INCIDENT_LABEL.search(p.raw_label[-16:]):
            return True
        if len(numeric) == 1 and not said:
            return True
        return bool(t and t.unit and p.unit == t.unit and common(p.label, ctx.name) >= 2)

    # the severity the target names, or the indicator's name (重大安全事故: 不发生)
    threshold = _severity(t_text, sc)
    if threshold is None:
        threshold = _severity(ctx.name, sc)
    hits, lesser = [], []
    for p in positives:
        if not relevant(p):
            continue
        sev = _severity(p.raw_label[-16:], sc)
        (lesser if threshold is not None and sev is not None and sev > threshold else hits).append(
            p
        )
    severe_known = all(_severity(p.raw_label[-16:], sc) is not None for p in hits)
    subject = f"{ctx.name}{t_text}"
    if said and any(common(p.label, subject) >= 2 for p in hits):
        # 发生火灾2起，无人员伤亡 against 火灾事故 0起: the count names the indicator, the
        # 无 another thing (what follows it shares nothing with the indicator)
        said = [
            z
            for z in said
            if z.value is not None
            or common(_FIRST_CLAUSE.split(a_text[z.end : z.end + 10], maxsplit=1)[0], subject) >= 2
        ]
    hits_all = hits + negated_words
    actual = Measure(text=a_text, kind=Kind.ZERO if said else Kind.QUALITATIVE)
    if hits_all and said and not (hits and severe_known and threshold is not None):
        return j(
            UNDETERMINED,
            f"目标{td}，完成情况“{ad}”既有为零的表述也有非零数值，无法判断",
            tm,
            actual,
        )
    if hits_all:
        first = hits_all[0]
        actual = first.to_measure() if first.value is not None else actual
        return j(NOT_MET, f"目标{td}，完成{ad}，未达成", tm, actual, 0.0)
    if said or lesser:
        others = [p for p in positives if p.unit in INCIDENT_UNITS and p not in lesser]
        if others and said:
            return j(
                UNDETERMINED,
                f"目标{td}，完成情况另有非零数值（{listing(others)}），无法确定是否达成",
                tm,
                actual,
            )
        if not said:
            kinds = "、".join(
                dict.fromkeys(sc.severity[_severity(p.raw_label[-16:], sc) or 0] for p in lesser)
            )
            level = sc.severity[threshold or 0]
            return j(
                MET,
                f"目标{td}，完成情况所报为{kinds}级别（{listing(lesser)}），"
                f"未达目标所指的{level}级别，已达成",
                tm,
                actual,
                1.0,
            )
        return j(MET, f"目标{td}，完成{ad}，已达成", tm, actual, 1.0)
    return j(UNDETERMINED, f"目标{td}，完成情况未说明是否发生（是否为零），无法判断", tm, actual)


# -- deadlines and timeliness ------------------------------------------------------------------

_TIMELY_RATE = re.compile(r"(?:及时|按时|按期|准时|如期)[^,;。]{0,6}率$")
_PLAN_LABEL = re.compile(r"计划|任务|进度|目标")
# 完成总工程量的95%, 完成全年工作量的90%: a share of the whole work done.
_SHARE_OF_WORK = re.compile(r"完成了?[^,;。的]{1,8}的$")


def plan_share(asc: Scan) -> Fig | None:
    """A completion stated as a share of the plan or of the work (完成年度计划的80%,
    完成总工程量的95%, 任务完成率95%)."""
    for f in asc.figs:
        if f.kind is not Kind.PERCENT or f.value is None or f.comparator is not None:
            continue
        raw = f.raw_label[-16:]
        if _PLAN_LABEL.search(raw) and ("完成" in raw or raw.endswith("的")):
            return f
        if _SHARE_OF_WORK.search(raw):
            return f
        if f.label.endswith(("完成率", "完成比例")):
            return f
    return None


def _done(f: Fig) -> str:
    """完成 and the figure, without saying 完成 twice (完成总工程量的95%)."""
    said = f"{f.label}{f.text}"
    return said if f.label.startswith(("完成", "已完成")) else f"完成{said}"


def _share_judgement(f: Fig, tm: Measure, td: str, what: str) -> Judgement:
    assert f.value is not None
    if f.value >= 100:
        return j(
            MET,
            f"目标{td}，{_done(f)}，{what}已全部完成，已达成",
            tm,
            f.to_measure(),
            1.0,
        )
    ratio = clip(float(f.value / 100))
    return j(
        NOT_MET,
        f"目标{td}，{_done(f)}，{what}未全部完成，未达成（完成度{ratio * 100:.1f}%）",
        tm,
        f.to_measure(),
        ratio,
    )


def _first_word(s: str, words: tuple[str, ...], sc: Scales) -> str | None:
    for w in sorted(words, key=len, reverse=True):
        for i in _occurrences(s, w):
            if not negated(s, i, sc):
                return w
    return None


def unfinished_word(text: str, sc: Scales) -> str | None:
    """The longest word of ``deadline.unfinished`` in ``text`` (基本完成, 正在推进 …), or None."""
    return next((w for w in sorted(sc.unfinished, key=len, reverse=True) if w in text), None)


# Words saying the work itself was finished (not begun: 开工, 启动): with a date inside the
# year, a plan without its own date was kept.
_DONE_WORDS = ("竣工", "验收", "完成", "办结", "交付", "建成", "投入使用", "拨付", "发放", "完工")


def judge_deadline(
    t: Fig | None, tm: Measure, t_text: str, a_text: str, asc: Scan, ctx: Ctx
) -> Judgement:
    sc = ctx.scales
    td, ad = short(t_text), short(a_text)
    actual = Measure(text=a_text, kind=Kind.DEADLINE)
    late = _first_word(a_text, sc.late, sc)
    if late:
        return j(
            NOT_MET, f"目标{td}，完成情况写明“{late}”（“{ad}”），未按时完成，未达成", tm, actual
        )
    unfinished = unfinished_word(a_text, sc)
    if unfinished:
        return j(
            NOT_MET, f"目标{td}，完成情况写明“{unfinished}”（“{ad}”），尚未完成，未达成", tm, actual
        )
    dates = [f for f in asc.figs if f.is_date]
    if t is not None and t.is_date and t.value is not None and dates:
        d = dates[-1]
        assert d.value is not None
        t_year = t.year or ctx.year
        if t_year is not None and d.year is not None and t_year != d.year:
            ok = d.year < t_year  # 2024年1月 against 年底前 in a 2023 form is late
        else:
            ok = d.value <= t.value
        verdict, word = (MET, "在期限内，已达成") if ok else (NOT_MET, "晚于期限，未达成")
        return j(verdict, f"目标{td}，完成时间{d.text}，{word}", tm, d.to_measure())
    share = plan_share(asc)
    if share is not None:
        return _share_judgement(share, tm, td, "计划")
    for f in asc.figs:
        if f.kind is Kind.PERCENT and f.value is not None and _TIMELY_RATE.search(f.label):
            if f.value >= 100:
                return j(MET, f"目标{td}，完成{f.label}{f.text}，已达成", tm, f.to_measure(), 1.0)
            ratio = clip(float(f.value / 100))
            return j(
                NOT_MET,
                f"目标{td}，完成{f.label}{f.text}，未达成（完成度{ratio * 100:.1f}%）",
                tm,
                f.to_measure(),
                ratio,
            )
    on_time = _first_word(a_text, sc.on_time, sc)
    if on_time:
        return j(MET, f"目标{td}，完成情况写明“{on_time}”（“{ad}”），已达成", tm, actual)
    within = [
        f for f in asc.figs if f.kind is Kind.DEADLINE and not f.is_date and f.comparator is LE
    ]
    if within:
        w = within[0]
        return j(
            MET,
            f"目标{td}，完成情况写明在{w.text}内完成，时限明确，已达成",
            tm,
            w.to_measure(),
        )
    if dates and (t is None or not t.is_date):
        d = dates[-1]
        done = next((w for w in _DONE_WORDS if w in a_text), None)
        if done and ctx.year is not None and d.year is not None and d.year > ctx.year:
            return j(
                NOT_MET,
                f"目标{td}未写明期限，按年度计划即{ctx.year}年内；完成时间{d.text}在次年及以后，未达成",
                tm,
                d.to_measure(),
            )
        if done and (d.year is None or d.year == ctx.year):
            # an annual form's plan without a date is the year's: done within it is on time
            return j(
                MET,
                f"目标{td}未写明期限，按年度计划即当年内；完成情况写明{d.text}{done}，已达成",
                tm,
                d.to_measure(),
            )
        return j(
            UNDETERMINED,
            f"目标{td}未写明期限，完成时间为{d.text}，无法判断是否按时",
            tm,
            actual,
        )
    return j(UNDETERMINED, f"目标{td}，完成情况未说明完成时间，无法判断", tm, actual)


# -- qualitative ------------------------------------------------------------------------------

_ASPIRATION = re.compile(
    r"(?:确保|力争|争取|全力|计划|预计|拟|要|按要求|进一步|持续|切实|努力|不断|稳步|积极){1,4}"
)
_ACHIEVE_VERB = re.compile(r"(?:实现|完成|达到|达成|建成|通过|取得|获得|落实|形成|做到)")
_AFFIRMED_WHOLE = re.compile(
    r"(?:已经|已|均已|全部|全面|顺利|圆满|如期|按期|按时|足额){0,3}"
    r"(?:完成|实现|达到|达成|达标|落实|通过)了?"
    r"(?:目标|任务|年度目标|预期目标|全年目标|年度任务|全年任务|既定目标|目标任务)?[。!]?"
)
_AFFIRM_BEFORE = (
    "已经",
    "已",
    "均已",
    "全部",
    "全面",
    "顺利",
    "圆满",
    "如期",
    "按期",
    "按时",
    "成功",
    "均",
)
_AFFIRM_AFTER = re.compile(
    r"(?:已经|已|均已|全部|全面|顺利|圆满|如期|按期|均)?(?:实现|完成|达到|达成|达标|落实|建成)"
)


_FIRST_CLAUSE = re.compile(r"[,;:。!?]")


_SHARED_MAX = 24  # characters of a question and 60 of an answer compared (bounded work)


def _shared(key: str, aq: str) -> tuple[int, str] | None:
    """The longest stretch (two characters or more) of a yes/no question's words that the
    answer repeats, with its place: 按规定公开预决算 / 已按规定公开 → 按规定公开."""
    key, text = key[:_SHARED_MAX], aq[:60]
    for n in range(len(key), 1, -1):
        for a in range(len(key) - n + 1):
            i = text.find(key[a : a + n])
            if i >= 0:
                return i, key[a : a + n]
    return None


def _yes_no(yes_target: bool, tm: Measure, td: str, aq: str, ctx: Ctx) -> Judgement | None:
    sc = ctx.scales
    actual = Measure(text=aq, kind=Kind.QUALITATIVE)
    first = _FIRST_CLAUSE.split(aq, maxsplit=1)[0]  # 是，已在网站公开
    hedge = next((h for h in sc.hedge if aq.startswith(h)), None)
    if hedge and yes_target:
        return j(
            NOT_MET,
            f"目标为“{td}”，完成情况“{short(aq, 20)}”含保留词“{hedge}”，未完全做到，未达成",
            tm,
            actual,
        )
    denied = first in sc.no or _starts_denied(aq, sc)
    affirmed = first in sc.yes
    key = ctx.name.split("是否", 1)[1] if "是否" in ctx.name else ""
    if key and not (denied or affirmed):
        hit = _shared(key, aq)
    elif not (denied or affirmed) and len(name := ctx.name.strip()) >= 2:
        # no 是否 in the name (信息公开: 是): the answer repeats the name's predicate, its
        # last two characters (已按规定公开 / 未公开)
        i = aq[:60].find(name[-2:])
        hit = (i, name[-2:]) if i >= 0 else None
    else:
        hit = None
    if hit is not None and not (denied or affirmed):
        i, k = hit
        after = aq[i + len(k) : i + len(k) + 6]
        unfinished = any(w in aq for w in sc.unfinished)
        denied = negated(aq, i, sc) or _starts_denied(after, sc) or unfinished
        affirmed = not denied
    if not (denied or affirmed):
        return None
    met = affirmed if yes_target else denied
    how = "否定" if denied else "肯定"
    return j(
        MET if met else NOT_MET,
        f"目标为“{td}”，完成情况“{short(aq, 20)}”为{how}回答，{'已达成' if met else '未达成'}",
        tm,
        actual,
    )


# 控制在预算内 / 不超过核定标准 against 未超预算 / 超出预算: kept within a bound or not,
# said with the bound's own words.
_WITHIN_TARGET = re.compile(
    r"(?:控制在|不超过|不超出|不突破|不高于)(?P<x>[^,;。]{2,12}?)(?:范围)?(?:以内|之内|内)?$"
)
_KEPT = re.compile(r"(?P<neg>未能|没能|未|没有)?控制在(?P<x>[^,;。]{0,12})")
_EXCEEDED = re.compile(r"(?P<neg>未|没有|没|不|无)?(?:超出|超过|超支|突破|超)(?P<x>[^,;。]{0,12})")


def _kept_within(tq: str, aq: str) -> tuple[Verdict, str] | None:
    """(MET or NOT_MET, the words) when the completion says whether the target's bound was
    exceeded, naming the same bound (two characters or more in common); else None."""
    t = _WITHIN_TARGET.search(tq)
    if t is None:
        return None
    bound = t.group("x")
    for m in _EXCEEDED.finditer(aq):
        if common(bound, m.group("x")) >= 2:
            return (NOT_MET if m.group("neg") is None else MET), m.group(0)
    for m in _KEPT.finditer(aq):  # the target restated as done: 支出控制在预算范围内
        if common(bound, m.group("x")) >= 2:
            return (NOT_MET if m.group("neg") else MET), m.group(0)
    return None


def judge_qualitative(tm: Measure, t_text: str, a_text: str, asc: Scan, ctx: Ctx) -> Judgement:
    sc = ctx.scales
    td = short(t_text)
    actual = Measure(text=a_text, kind=Kind.QUALITATIVE)
    tq = t_text.translate(_QUOTES).rstrip("。;.")
    aq = a_text.translate(_QUOTES).rstrip("。;.")
    m = _ASPIRATION.match(tq)
    core = tq[m.end() :] if m and m.end() < len(tq) else tq
    verb_m = _ACHIEVE_VERB.match(core)
    verb = verb_m.group(0) if verb_m else "达到"
    for w in sc.attachment:
        if w in aq and len(aq) - len(w) <= 8:
            return j(
                UNDETERMINED, f"目标为{td}，完成情况只写了“{w}”，须查附件，无法判断", tm, actual
            )
    aim = next((w for w in sc.aim if aq.startswith(w)), None)
    if aim:
        return j(
            UNDETERMINED,
            f"目标为{td}，完成情况“{short(aq, 20)}”是计划或目标的表述，未说明结果，无法判断",
            tm,
            actual,
        )
    kept = _kept_within(tq, aq)
    if kept is not None:
        verdict, word = kept
        return j(
            verdict,
            f"目标为{td}，完成情况写明“{word}”，{'已达成' if verdict is MET else '未达成'}",
            tm,
            actual,
        )
    if core in sc.yes or core in sc.no:
        yn = _yes_no(core in sc.yes, tm, td, aq, ctx)
        if yn is not None:
            return yn
    if aq in sc.no:  # 否 / 没有 / 未达标 to any claim: a plain no
        return j(NOT_MET, f"目标为{td}，完成情况为“{aq}”，为否定回答，未达成", tm, actual)
    if aq in sc.yes and aq.startswith("是"):  # 是 to any claim: a plain yes
        return j(MET, f"目标为{td}，完成情况为“{aq}”，为肯定回答，已达成", tm, actual)
    if _AFFIRMED_WHOLE.fullmatch(aq):
        return j(MET, f"目标为{td}，完成情况表明已{verb}，已达成", tm, actual)
    if "完成" in core:
        share = plan_share(asc)
        if share is not None:
            return _share_judgement(share, tm, td, "任务")
    # the target restated with its achievement verb (实现“两个确保”目标 / …目标全面实现)
    idx = aq.find(core) if len(core) >= 2 else -1
    if idx >= 0 and verb_m:
        if negated(aq, idx, sc):
            return j(NOT_MET, f"目标为{td}，完成情况表明未{verb}，未达成", tm, actual)
        return j(MET, f"目标为{td}，完成情况表明已{verb}，已达成", tm, actual)
    if verb_m:
        obj = core[verb_m.end() :]
        k = aq.find(obj) if len(obj) >= 2 else -1
        if k >= 0:
            after = aq[k + len(obj) : k + len(obj) + 8]
            if negated(aq, k, sc) or _starts_denied(after, sc):
                return j(NOT_MET, f"目标为{td}，完成情况表明未{verb}，未达成", tm, actual)
            if _AFFIRM_AFTER.match(after) or aq[:k].endswith(_AFFIRM_BEFORE):
                return j(MET, f"目标为{td}，完成情况表明已{verb}，已达成", tm, actual)
    said = claim(aq, [core], ctx)
    if said is not None:
        verdict, why = said
        word = verdict.label
        return j(verdict, f"目标为{td}，完成情况{why}，{word}", tm, actual)
    if asc.figs or len(aq) > 12:
        return j(
            UNDETERMINED,
            f"目标为{td}，完成情况只列出了工作或数据，未说明是否已{verb}，无法判断",
            tm,
            actual,
        )
    return j(UNDETERMINED, f"目标为{td}，完成情况未说明是否已{verb}，无法判断", tm, actual)


__all__ = ["claim", "judge_deadline", "judge_qualitative", "judge_zero", "negated", "plan_share"]

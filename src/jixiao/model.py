"""The form model: a 部门整体支出绩效自评表 and its parts, with provenance.

The model is richer than the interchange shape (``../shared/format/README.md``):
every part keeps where each of its fields came from (``provenance``), and each
indicator knows its normalised category. ``Form.to_shared()`` exports exactly the
interchange shape and ``Form.from_shared()`` reads it back.
"""

from __future__ import annotations

import json
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from jixiao.labels import FUNDS_BY_FIELD, FUNDS_FIELDS
from jixiao.paths import FormPath

SCHEMA_ID = "department-overall-self-evaluation/1"


class SourceRef(BaseModel):
    """Where a value came from, in the source's own terms.

    ``line`` (1-based) and ``cell`` (0-based) are the row and cell as the importer's
    layout reader saw them (for extracted text: the text line and tab-separated cell);
    ``page`` is the printed page when the source has pages. A grid source adds where
    the cell sits in it: ``sheet`` (a workbook's sheet name), ``table`` (1-based table
    number in a document, or on a PDF page), and ``row``/``col`` (1-based row and
    column of the cell's top-left corner in that sheet, table or page grid).
    """

    model_config = ConfigDict(frozen=True)

    line: int | None = None
    cell: int | None = None
    page: int | None = None
    sheet: str | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    @property
    def address(self) -> str | None:
        """A spreadsheet address such as ``绩效自评表!B7`` (None unless sheet, row and col are known)."""
        if self.sheet is None or self.row is None or self.col is None:
            return None
        sheet = self.sheet
        if not sheet.replace("_", "").isalnum():
            sheet = "'" + sheet.replace("'", "''") + "'"
        return f"{sheet}!{column_letter(self.col)}{self.row}"

    def describe(self) -> str:
        if self.address is not None:
            return f"工作表「{self.sheet}」{column_letter(self.col or 1)}{self.row}单元格"
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.row is not None and self.col is not None:
            if self.table is not None:
                parts.append(f"第{self.table}个表格")
            parts.append(f"第{self.row}行第{self.col}列")
            return "".join(parts)
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.cell is not None:
            parts.append(f"第{self.cell + 1}格")
        return "".join(parts) or "位置未知"


def column_letter(col: int) -> str:
    """Spreadsheet column letters of a 1-based column number: 1 → A, 27 → AA."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


class Group(StrEnum):
    """The three top-level indicator groups of the official hierarchy."""

    OUTPUT = "产出指标"
    OUTCOME = "效益指标"
    SATISFACTION = "满意度指标"


class Category(StrEnum):
    """Second-level indicator categories, in their official order."""

    QUANTITY = "数量指标"
    QUALITY = "质量指标"
    TIMELINESS = "时效指标"
    COST = "成本指标"
    ECONOMIC = "经济效益指标"
    SOCIAL = "社会效益指标"
    ECOLOGICAL = "生态效益指标"
    SUSTAINABLE = "可持续影响指标"
    SATISFACTION = "满意度指标"

    @property
    def group(self) -> Group:
        return _GROUP[self]

    @property
    def order(self) -> int:
        return _ORDER[self]

    @classmethod
    def parse(cls, text: str) -> Category | None:
        """The category a printed label names, or None.

        Accepts the variants forms print: with or without 指标 (社会效益),
        with a qualifier (服务对象满意度指标, 社会公众满意度), with the group
        prefix (产出指标-数量指标) and with stray spaces or full-width forms.
        """
        return _parse_category(text)


_GROUP = {
    Category.QUANTITY: Group.OUTPUT,
    Category.QUALITY: Group.OUTPUT,
    Category.TIMELINESS: Group.OUTPUT,
    Category.COST: Group.OUTPUT,
    Category.ECONOMIC: Group.OUTCOME,
    Category.SOCIAL: Group.OUTCOME,
    Category.ECOLOGICAL: Group.OUTCOME,
    Category.SUSTAINABLE: Group.OUTCOME,
    Category.SATISFACTION: Group.SATISFACTION,
}
_ORDER = {c: i for i, c in enumerate(Category)}

# Stems that identify a category; the label must be short and end with one of
# these (optionally followed by 指标/类指标).
_STEMS: list[tuple[str, Category]] = [
    ("可持续影响", Category.SUSTAINABLE),
    ("可持续发展", Category.SUSTAINABLE),
    ("可持续", Category.SUSTAINABLE),
    ("经济效益", Category.ECONOMIC),
    ("社会效益", Category.SOCIAL),
    ("生态效益", Category.ECOLOGICAL),
    ("环境效益", Category.ECOLOGICAL),
    ("满意度", Category.SATISFACTION),
    ("数量", Category.QUANTITY),
    ("质量", Category.QUALITY),
    ("时效", Category.TIMELINESS),
    ("成本", Category.COST),
]
_PREFIXES = ("产出指标", "效益指标", "产出", "效益", "满意度指标")
_QUALIFIERS = ("服务对象", "社会公众", "群众", "公众", "受益对象", "服务对象")


def _parse_category(text: str) -> Category | None:
    import unicodedata

    s = unicodedata.normalize("NFKC", text or "")
    s = "".join(s.split())
    for sep in ("-", "—", "–", ":", "/", "|", "·", "、"):
        s = s.replace(sep, "")
    if not s or len(s) > 16:
        return None
    if s.endswith("类指标"):
        s = s[: -len("类指标")]
    elif s.endswith("指标"):
        s = s[: -len("指标")]
    for p in _PREFIXES:
        if s.startswith(p) and len(s) > len(p):
            s = s[len(p) :]
            break
    for stem, cat in _STEMS:
        if s == stem:
            return cat
    if s.endswith("满意度"):
        rest = s[: -len("满意度")]
        if rest in _QUALIFIERS:
            return Category.SATISFACTION
    return None


class Provenanced(BaseModel):
    """A part of the form that remembers where each field came from."""

    model_config = ConfigDict(validate_assignment=False)

    provenance: dict[str, SourceRef] = Field(default_factory=dict, repr=False)

    def source(self, field: str) -> SourceRef | None:
        return self.provenance.get(field)

    def first_line(self) -> int | None:
        lines = [r.line for r in self.provenance.values() if r.line is not None]
        return min(lines) if lines else None


class Funds(Provenanced):
    """部门资金情况. Money in the form's unit; rates in percent as printed."""

    annual_budget: Decimal | None = None
    initial_budget: Decimal | None = None
    actual_expenditure: Decimal | None = None
    adjustment: Decimal | None = None
    general_public_budget: Decimal | None = None
    execution_rate: Decimal | None = None
    adjustment_rate: Decimal | None = None


class KeyIndicator(Provenanced):
    """A row of 年度关键指标."""

    name: str = ""
    expected_value: str = ""
    completion: str = ""


class Indicator(Provenanced):
    """A row of a task's 关键指标 / 指标完成情况."""

    category: str = ""
    completion: str = ""

    @property
    def kind(self) -> Category | None:
        """The normalised category, or None when the printed one is unknown."""
        return Category.parse(self.category)


class Task(Provenanced):
    """A row group of 主要任务: one entry per funds cell."""

    name: str = ""
    expected_goal: str = ""
    goal_completion: str = ""
    funds: Decimal | None = None
    indicators: list[Indicator] = Field(default_factory=list)


class Form(Provenanced):
    """A whole 部门整体支出绩效自评表."""

    title: str = ""
    year: int | None = None
    unit: str = ""
    department: str = ""
    funds: Funds = Field(default_factory=Funds)
    overall_goal: str = ""
    overall_goal_completion: str = ""
    key_indicators: list[KeyIndicator] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    problems: str = ""
    improvement_measures: str = ""
    source_file: str | None = Field(default=None, repr=False)

    # -- interchange shape -------------------------------------------------
    def to_shared(self) -> dict[str, Any]:
        """The form in exactly the shared interchange shape (plain JSON types)."""
        return {
            "schema": SCHEMA_ID,
            "title": self.title,
            "year": self.year,
            "unit": self.unit,
            "department": self.department,
            "funds": {f: _num(getattr(self.funds, f)) for f in FUNDS_FIELDS},
            "overall_goal": self.overall_goal,
            "overall_goal_completion": self.overall_goal_completion,
            "key_indicators": [
                {"name": k.name, "expected_value": k.expected_value, "completion": k.completion}
                for k in self.key_indicators
            ],
            "tasks": [
                {
                    "name": t.name,
                    "expected_goal": t.expected_goal,
                    "goal_completion": t.goal_completion,
                    "funds": _num(t.funds),
                    "indicators": [
                        {"category": i.category, "completion": i.completion} for i in t.indicators
                    ],
                }
                for t in self.tasks
            ],
            "problems": self.problems,
            "improvement_measures": self.improvement_measures,
        }

    def to_shared_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_shared(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_shared(cls, data: dict[str, Any], unknown: list[str] | None = None) -> Form:
        """Read the shared interchange shape (as produced by ``to_shared``).

        The data is validated first (``jixiao.validate``): a wrong type, a number that is
        not finite or too long, or a part beyond the limits raises ``FormDataError`` (a
        ``ValueError``) naming the field's path. Paths of keys the shape does not have are
        appended to ``unknown`` when it is given.
        """
        from jixiao.validate import FormDataError, read_shared

        shared = read_shared(data)
        if shared.schema_ is not None and shared.schema_ != SCHEMA_ID:
            raise FormDataError(f"不支持的表单格式 {shared.schema_!r}，应为 {SCHEMA_ID!r}")
        if unknown is not None:
            unknown.extend(shared.unknown())
        f = shared.funds
        return cls(
            title=shared.title,
            year=shared.year,
            unit=shared.unit,
            department=shared.department,
            funds=Funds(**{name: getattr(f, name) for name in FUNDS_FIELDS}),
            overall_goal=shared.overall_goal,
            overall_goal_completion=shared.overall_goal_completion,
            key_indicators=[
                KeyIndicator(name=k.name, expected_value=k.expected_value, completion=k.completion)
                for k in shared.key_indicators
            ],
            tasks=[
                Task(
                    name=t.name,
                    expected_goal=t.expected_goal,
                    goal_completion=t.goal_completion,
                    funds=t.funds,
                    indicators=[
                        Indicator(category=i.category, completion=i.completion)
                        for i in t.indicators
                    ],
                )
                for t in shared.tasks
            ],
            problems=shared.problems,
            improvement_measures=shared.improvement_measures,
        )

    @classmethod
    def from_shared_json(cls, text: str) -> Form:
        """Parse and read shared-format JSON (within the limits; ``ValueError`` if bad)."""
        from jixiao.parsing import load_json

        return cls.from_shared(load_json(text))

    # -- navigation --------------------------------------------------------
    def resolve(self, path: str) -> Any:
        """The part a path such as ``tasks[3].indicators[2]`` names (``PathError`` if none)."""
        return FormPath.parse(path).resolve(self)

    def source_of(self, path: str) -> SourceRef | None:
        """Where the part (or field) a path names was read, if known (see ``FormPath.source``)."""
        return FormPath.parse(path).source(self)

    def line_of(self, path: str) -> int | None:
        """The source line of the part (or field) a path names, if known: its own, or the
        earliest inside the part — not an enclosing part's (see ``FormPath.own_source``)."""
        try:
            ref = FormPath.parse(path).own_source(self)
        except ValueError:
            return None
        return ref.line if ref else None


def _num(v: Decimal | None) -> float | int | None:
    if v is None:
        return None
    f = float(v)
    return f


# -- the interchange shape as a JSON Schema ------------------------------------------


def _funds_description(field: str) -> str:
    label = FUNDS_BY_FIELD[field]
    return f"{label.printed}（百分数，按表中所印）" if label.rate else label.printed


class SharedFunds(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )

    annual_budget: float | None = Field(description=_funds_description("annual_budget"))
    initial_budget: float | None = Field(description=_funds_description("initial_budget"))
    actual_expenditure: float | None = Field(description=_funds_description("actual_expenditure"))
    adjustment: float | None = Field(description=_funds_description("adjustment"))
    general_public_budget: float | None = Field(
        description=_funds_description("general_public_budget")
    )
    execution_rate: float | None = Field(description=_funds_description("execution_rate"))
    adjustment_rate: float | None = Field(description=_funds_description("adjustment_rate"))


class SharedKeyIndicator(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )

    name: str = Field(description="关键指标")
    expected_value: str = Field(description="预期实现值")
    completion: str = Field(description="指标完成情况")


class SharedIndicator(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )

    category: str = Field(description="指标类别，按表中所印（数量指标、满意度指标…）")
    completion: str = Field(description="指标完成情况")


class SharedTask(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )

    name: str = Field(description="主要任务（合并单元格的名称对每个子任务重复）")
    expected_goal: str = Field(description="预期目标")
    goal_completion: str = Field(description="目标完成情况")
    funds: float | None = Field(description="任务涉及资金")
    indicators: list[SharedIndicator]


class SharedForm(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        title="部门整体支出绩效自评表",
        json_schema_extra={"$id": SCHEMA_ID},
    )

    schema_: str = Field(alias="schema", description=f"固定为 {SCHEMA_ID}")
    title: str = Field(description="表名（不含年度）")
    year: int | None = Field(description="年度")
    unit: str = Field(description="金额单位")
    department: str = Field(description="部门名称")
    funds: SharedFunds
    overall_goal: str = Field(description="年度整体目标")
    overall_goal_completion: str = Field(description="整体目标完成情况")
    key_indicators: list[SharedKeyIndicator]
    tasks: list[SharedTask]
    problems: str = Field(description="存在问题")
    improvement_measures: str = Field(description="改进措施")


def shared_json_schema() -> dict[str, Any]:
    """The JSON Schema of the shared interchange shape."""
    return SharedForm.model_json_schema(by_alias=True)


def validate_shared(data: Any) -> None:
    """Raise ValueError with a readable message when data is not the shared shape."""
    from pydantic import ValidationError

    try:
        SharedForm.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "（顶层）"
        raise ValueError(f"{where}：{first['msg']}（共 {e.error_count()} 处错误）") from None

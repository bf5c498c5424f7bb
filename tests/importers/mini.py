"""Build small extracted-text forms for rule tests: a valid frame around the rows under test."""

from __future__ import annotations

HEAD = """黄埔区广州开发区部门整体支出绩效自评表 (2022年度)

单位: 万元

部门名称\t\t广州市黄埔区卫生健康局\t\t
部门资金情况\t整体支出年度预算数\t1,200.00\t整体支出年初预算数\t1,000.00
\t实际支出数\t1,150.50\t年度调整额\t200.00
\t其中: 一般公共预算\t1100\t\t
\t预算完成率\t95.88%\t预算调整率\t20.00%
年度整体目标\t年度整体目标\t\t整体目标完成情况\t
\t<p>提升基层医疗服务能力。</p>\t\t<p>基层诊疗量占比达到65%。</p>\t
年度关键指标\t关键指标\t预期实现值\t指标完成情况\t
\t家庭医生签约服务覆盖率\t≥40%\t43.2%\t
"""
TASK_HEADER = "主要任务\t预期目标\t目标完成情况\t关键指标\t指标完成情况\t任务涉及资金\n"
TAIL = "存在问题\t基层医务人员仍然不足。\t\t\t\t\n改进措施\t加大基层人才招引力度。\t\t\t\t\n"


def mini_form(task_lines: str, key_lines: str = "") -> str:
    """A whole form whose 主要任务 section is task_lines (tab-separated, one row a line)."""
    return HEAD + key_lines + TASK_HEADER + task_lines + TAIL

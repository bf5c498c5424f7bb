"""Each artefact rule of the extracted-text importer, on small realistic forms."""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers.grid import clean_cell, join_name, unwrap_cjk
from jixiao.importers.text import import_text
from tests.importers.mini import mini_form


def tasks_of(text: str):
    result = import_text(text)
    assert not result.unplaced, [u.describe() for u in result.unplaced]
    return result.form.tasks


def cats(task) -> list[tuple[str, str]]:
    return [(i.category, i.completion) for i in task.indicators]


def test_frame_reads_header_funds_goal_and_tail():
    r = import_text(mini_form("公共卫生\t目标\t完成\t数量指标\t接种2万人次\t300\n"))
    f = r.form
    assert (f.title, f.year, f.unit) == ("黄埔区广州开发区部门整体支出绩效自评表", 2022, "万元")
    assert f.department == "广州市黄埔区卫生健康局"
    assert f.funds.annual_budget == Decimal("1200.00")
    assert f.funds.actual_expenditure == Decimal("1150.50")  # thousands separator
    assert f.funds.general_public_budget == Decimal("1100")
    assert f.funds.execution_rate == Decimal("95.88")
    assert f.overall_goal == "提升基层医疗服务能力。"
    assert f.overall_goal_completion == "基层诊疗量占比达到65%。"
    assert [(k.name, k.expected_value, k.completion) for k in f.key_indicators] == [
        ("家庭医生签约服务覆盖率", "≥40%", "43.2%")
    ]
    assert f.problems == "基层医务人员仍然不足。"
    assert f.improvement_measures == "加大基层人才招引力度。"
    assert not r.warnings and not r.truncated


def test_provenance_points_at_source_line_and_cell():
    text = mini_form("公共卫生\t目标\t完成\t数量指标\t接种2万人次\t300\n")
    f = import_text(text).form
    lines = text.splitlines()
    ref = f.tasks[0].indicators[0].source("completion")
    assert lines[ref.line - 1].split("\t")[ref.cell] == "接种2万人次"
    ref = f.funds.source("adjustment")
    assert lines[ref.line - 1].split("\t")[ref.cell] == "200.00"
    assert f.line_of("tasks[0].indicators[0]") == ref.line + 8


def test_key_label_repeated_after_page_break_and_six_cells():
    keys = "\t孕产妇死亡率\t≤10/10万\t0\t\n\n年度关键指标\t婴儿死亡率\t≤3‰\t2.1‰\t\t\n\t满意度\t≥90%\t95%\t\t\n"
    f = import_text(mini_form("公共卫生\t目标\t完成\t数量指标\t接种\t300\n", keys)).form
    names = [k.name for k in f.key_indicators]
    assert names == ["家庭医生签约服务覆盖率", "孕产妇死亡率", "婴儿死亡率", "满意度"]
    assert f.key_indicators[2].completion == "2.1‰"


def test_funds_cell_starts_a_new_task_and_empty_name_continues_merged_name():
    rows = (
        "疾病预防控制\t传染病防控\t无暴发疫情\t数量指标\t报告病例1200例\t500\n"
        "\t\t\t质量指标\t报告及时率99%\t\n"
        "\t慢病管理\t规范管理2万人\t数量指标\t管理高血压患者2万人\t120\n"
        "\t\t\t时效指标\t按季度随访\t\n"
    )
    t = tasks_of(mini_form(rows))
    assert [x.name for x in t] == ["疾病预防控制", "疾病预防控制"]
    assert [x.funds for x in t] == [Decimal("500"), Decimal("120")]
    assert t[1].expected_goal == "慢病管理"
    assert cats(t[1]) == [("数量指标", "管理高血压患者2万人"), ("时效指标", "按季度随访")]


def test_funds_only_row_starts_subtask_with_empty_texts():
    rows = (
        "卫生监督\t执法检查\t检查完成\t数量指标\t检查单位300家\t80\n"
        "\t\t\t数量指标\t处罚案件12宗\t40\n"
        "\t\t\t质量指标\t\t\n"
    )
    t = tasks_of(mini_form(rows))
    assert len(t) == 2
    assert (t[1].name, t[1].expected_goal, t[1].goal_completion, t[1].funds) == (
        "卫生监督",
        "",
        "",
        Decimal("40"),
    )
    assert cats(t[1]) == [("数量指标", "处罚案件12宗"), ("质量指标", "")]


def test_rows_shifted_left_and_right_read_by_their_category_cell():
    rows = (
        "医疗服务\t提升能力\t能力提升\t数量指标\t门诊量80万人次\t600\n"
        "\t\t质量指标\t抗菌药物使用率下降\t\t\n"  # shifted one cell left
        "\t\t\t\t时效指标\t\n"  # category printed in the completion column
        "\t\t\t\t社会效益指标\t群众就医更便捷\n"  # shifted one cell right
    )
    t = tasks_of(mini_form(rows))
    assert cats(t[0]) == [
        ("数量指标", "门诊量80万人次"),
        ("质量指标", "抗菌药物使用率下降"),
        ("时效指标", ""),
        ("社会效益指标", "群众就医更便捷"),
    ]


def test_continuation_row_takes_the_merged_category_above():
    rows = (
        "妇幼健康\t保障母婴安全\t安全\t数量指标\t孕产妇系统管理1.2万人\t90\n"
        "\t\t\t\t儿童健康体检3万人次\t\n"
        "\t\t\t满意度指标\t群众满意度96%\t\n"
    )
    t = tasks_of(mini_form(rows))
    assert cats(t[0]) == [
        ("数量指标", "孕产妇系统管理1.2万人"),
        ("数量指标", "儿童健康体检3万人次"),
        ("满意度指标", "群众满意度96%"),
    ]
    assert t[0].indicators[1].source("category").line == t[0].indicators[0].source("category").line


def test_category_alone_before_page_break_joins_the_row_after_it():
    rows = (
        "爱国卫生\t创卫\t巩固\t数量指标\t除四害2次\t30\n"
        "\t\t\t可持续影响指标\t长效机制\t\n"
        "\t\t\t数量指标\t\t\n"
        "\n"
        "健康教育\t普及知识\t普及率提升\t数量指标\t讲座120场\t25\n"
    )
    t = tasks_of(mini_form(rows))
    assert cats(t[0]) == [("数量指标", "除四害2次"), ("可持续影响指标", "长效机制")]
    assert cats(t[1]) == [("数量指标", "讲座120场")]


def test_lone_category_without_page_break_is_kept_empty():
    rows = (
        "爱国卫生\t创卫\t巩固\t数量指标\t除四害2次\t30\n"
        "\t\t\t可持续影响指标\t\t\n"
        "健康教育\t普及知识\t普及率提升\t数量指标\t讲座120场\t25\n"
    )
    t = tasks_of(mini_form(rows))
    assert cats(t[0])[-1] == ("可持续影响指标", "")


def test_indicator_printed_above_its_task_name_row_moves_down():
    rows = (
        "医疗服务\t提升能力\t能力提升\t数量指标\t门诊量80万人次\t600\n"
        "\t\t\t质量指标\t三四级手术占比提高\t\n"
        "\t\t\t数量指标\t新建社区医院2家\t\n"
        "基层医疗\t强基层\t已完成\t质量指标\t社区医院达标\t150\n"
        "\t\t\t时效指标\t年底前完成\t\n"
    )
    t = tasks_of(mini_form(rows))
    assert cats(t[0]) == [("数量指标", "门诊量80万人次"), ("质量指标", "三四级手术占比提高")]
    assert cats(t[1])[0] == ("数量指标", "新建社区医院2家")


def test_last_indicator_stays_when_the_next_task_has_its_category():
    rows = (
        "医疗服务\t提升能力\t能力提升\t数量指标\t门诊量80万人次\t600\n"
        "\t\t\t可持续影响指标\t机制一\t\n"
        "\t\t\t可持续影响指标\t机制二\t\n"
        "基层医疗\t强基层\t已完成\t数量指标\t社区医院2家\t150\n"
    )
    t = tasks_of(mini_form(rows))
    assert [c for c, _ in cats(t[0])] == ["数量指标", "可持续影响指标", "可持续影响指标"]


def test_sentence_in_name_column_of_subtask_is_the_goal():
    rows = (
        "加强卫生应急\t完善预案\t已完善\t数量指标\t演练6次\t50\n"
        "提升突发事件处置能力，做到快速响应、科学处置。\t\t处置及时。\t数量指标\t处置事件14起\t20\n"
    )
    t = tasks_of(mini_form(rows))
    assert t[1].name == "加强卫生应急"
    assert t[1].expected_goal == "提升突发事件处置能力，做到快速响应、科学处置。"
    assert t[1].goal_completion == "处置及时。"


def test_merged_name_printed_on_a_lower_row_fills_the_current_task():
    rows = "\t规范执业\t已规范\t数量指标\t检查机构90家\t70\n医疗监管\t\t\t质量指标\t合格率98%\t\n"
    t = tasks_of(mini_form(rows))
    assert len(t) == 1
    assert t[0].name == "医疗监管"
    assert cats(t[0]) == [("数量指标", "检查机构90家"), ("质量指标", "合格率98%")]


def test_paragraphs_and_cjk_wrap_spaces():
    rows = (
        "<p>强化社 会管理 提升民 生福祉</p>\t<p>加强政务服务工作。 发挥党群服务优势， 打造宣传平台。</p>"
        "\t<p>完成</p>\t<p>数量指标</p>\t<p>宣传活动44场次</p> <p>派发资料4300余份</p>\t<p>54.06</p>\n"
    )
    t = tasks_of(mini_form(rows))
    assert t[0].name == "强化社会管理提升民生福祉"
    assert t[0].indicators[0].completion == "宣传活动44场次\n派发资料4300余份"
    assert t[0].funds == Decimal("54.06")


def test_clean_cell_rules():
    assert clean_cell("<p>A</p> <p>B</p>") == "A\nB"
    assert clean_cell("  两个&nbsp;空格  ") == "两个 空格"
    assert clean_cell("&lt;script&gt;") == "<script>"
    # wrap spaces inside a narrow column go; a space after a short (paragraph-ending) piece stays
    assert unwrap_cjk(
        "自助办理政务事项，完成相 关就业培训任务指标受益 群众达397人 空岗信息发布"
    ) == ("自助办理政务事项，完成相关就业培训任务指标受益群众达397人 空岗信息发布")
    # too few spaces to tell a wrap from a separator: kept
    assert unwrap_cjk("拧紧133链条 形成统一指挥") == "拧紧133链条 形成统一指挥"
    # spaces between Latin words are never wraps
    assert unwrap_cjk("PM2.5 and PM10 mean values here") == "PM2.5 and PM10 mean values here"
    assert join_name("加强生态建设 创建文明城市") == "加强生态建设创建文明城市"
    assert join_name("推进 5G 基站建设") == "推进5G基站建设"


def test_full_width_and_thousands_separators_in_funds():
    text = mini_form("公共卫生\t目标\t完成\t数量指标\t接种\t１，２００．５\n").replace(
        "1,150.50", "１，１５０．５０"
    )
    f = import_text(text).form
    assert f.funds.actual_expenditure == Decimal("1150.50")
    assert f.tasks[0].funds == Decimal("1200.5")


def test_key_indicator_row_cut_by_a_page_break_is_one_row():
    keys = "\t孕产妇死亡率\t≤10/10万\t\t\n\n年度关键指标\t\t\t0\t\t\n\t婴儿死亡率\t≤3‰\t2.1‰\t\t\n"
    f = import_text(mini_form("公共卫生\t目标\t完成\t数量指标\t接种\t300\n", keys)).form
    assert [(k.name, k.expected_value, k.completion) for k in f.key_indicators[1:]] == [
        ("孕产妇死亡率", "≤10/10万", "0"),
        ("婴儿死亡率", "≤3‰", "2.1‰"),
    ]


def test_goal_cell_wrapped_onto_a_row_of_its_own_continues_the_task():
    rows = (
        "医疗服务\t提升县域医疗服务能力，\t门诊量增长\t数量指标\t门诊量80万人次\t600\n"
        "\t推进紧密型医共体建设。\t\t\t\t\n"
        "\t\t\t质量指标\t合格率98%\t\n"
    )
    t = tasks_of(mini_form(rows))
    assert len(t) == 1
    assert t[0].expected_goal == "提升县域医疗服务能力，\n推进紧密型医共体建设。"
    assert cats(t[0]) == [("数量指标", "门诊量80万人次"), ("质量指标", "合格率98%")]


def test_page_numbers_and_repeated_page_headers_are_page_furniture():
    rows = (
        "医疗服务\t提升能力\t能力提升\t数量指标\t门诊量80万人次\t600\n"
        "\t\t\t质量指标\t\t\n"
        "- 3 -\n"
        "\n"
        "黄埔区广州开发区部门整体支出绩效自评表 (2022年度)\n"
        "单位: 万元\n"
        "主要任务\t预期目标\t目标完成情况\t关键指标\t指标完成情况\t任务涉及资金\n"
        "\t\t\t质量指标\t抗菌药物使用强度下降\t\n"
        "基层医疗\t强基层\t已完成\t数量指标\t社区医院2家\t150\n"
        "第 4 页，共 9 页\n"
        "\n"
        "12\n"
        "\t\t\t时效指标\t年底前完成\t\n"
    )
    t = tasks_of(mini_form(rows))
    assert [x.name for x in t] == ["医疗服务", "基层医疗"]
    assert cats(t[0]) == [("数量指标", "门诊量80万人次"), ("质量指标", "抗菌药物使用强度下降")]
    assert cats(t[1]) == [("数量指标", "社区医院2家"), ("时效指标", "年底前完成")]


def test_department_in_one_cell_and_numbered_task_names():
    text = mini_form("1.公共卫生服务\t\t\t数量指标\t接种2万人次\t300\n").replace(
        "部门名称\t\t广州市黄埔区卫生健康局\t\t", "部门名称：广州市黄埔区卫生健康局"
    )
    r = import_text(text)
    assert r.form.department == "广州市黄埔区卫生健康局" and not r.unplaced
    assert (r.form.tasks[0].name, r.form.tasks[0].expected_goal) == ("1.公共卫生服务", "")


def test_key_indicator_header_variants():
    text = mini_form("公共卫生\t目标\t完成\t数量指标\t接种\t300\n").replace(
        "关键指标\t预期实现值\t指标完成情况", "关键指标\t年度指标值\t实际完成值"
    )
    r = import_text(text)
    assert [k.completion for k in r.form.key_indicators] == ["43.2%"] and not r.unplaced


def test_dash_printed_for_an_empty_figure_reads_as_null():
    text = mini_form("公共卫生\t目标\t完成\t数量指标\t接种2万人次\t—\n").replace(
        "其中: 一般公共预算\t1100", "其中: 一般公共预算\t/"
    )
    r = import_text(text)
    assert not r.unplaced and not r.warnings
    assert r.form.funds.general_public_budget is None
    assert r.form.tasks[0].funds is None and r.form.tasks[0].source("funds") is not None
    assert r.form.tasks[0].indicators[0].completion == "接种2万人次"


def test_a_signature_line_under_the_table_is_not_read_into_the_measures():
    rows = "公共卫生\t目标\t完成\t数量指标\t接种2万人次\t300\n"
    blank = import_text(mini_form(rows) + "填表人：\t\t审核人：\t\t日期：\n")
    assert blank.form.improvement_measures == "加大基层人才招引力度。" and not blank.unplaced
    signed = import_text(mini_form(rows) + "填表人：张三\t\t审核人：李四\t\t日期：2023年3月\n")
    assert signed.form.improvement_measures == "加大基层人才招引力度。"
    assert len(signed.unplaced) == 3  # names and dates are reported, not lost

"""The whole path in a real browser (Debian's Chromium): an administrator opens the year
and adds a department and its users; the department uploads the practice form as XLSX,
fixes an empty indicator in the editor and sees its finding go, submits; a reviewer
overrides a verdict with a comment and returns the form; the department resubmits; the
reviewer approves and publishes; the public page lists it and its PDF downloads.

One server and one browser for the module; the tests run in order, each step asserting
what the page shows. Every page is photographed at 1400 and 390 px (out/screenshots/web/).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from jixiao.render.layout import Cell
from jixiao.service import SYSTEM
from tests.conftest import DATA
from tests.web.browser import ADMIN_PASSWORD, Server, launch, serve, shoot, watch

XLSX = DATA / "office" / "practice-1" / "form.xlsx"
DEPARTMENT = "广州市黄埔区人力资源和社会保障局"
EMPTY = "tasks[3].indicators[4].completion"  # the practice form's empty indicator
UNDETERMINED = "key_indicators[7]"  # 根治欠薪工作成效: the checker cannot tell
STATE: dict[str, str] = {}  # passwords and the form's address, step to step


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    yield from serve(tmp_path_factory.mktemp("web-data"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


def sign_in(browser: Browser, server: Server, name: str, password: str) -> Page:
    page = watch(browser.new_context(base_url=server.base, locale="zh-CN").new_page())
    page.goto("/login")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header").get_by_role("button", name="退出")).to_be_visible()
    return page


def cell(page: Page, path: str):
    """The official table's cell that edits (or shows) the field at ``path``."""
    return page.locator(f'td:has([name="f:{path}"]), td#{Cell("text", anchors=(path,)).id}')


def test_1_admin_opens_the_year_and_adds_the_department_and_users(browser, server):
    page = watch(browser.new_context(base_url=server.base).new_page())
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    shoot(page, "login")
    page.close()
    page = sign_in(browser, server, "admin", ADMIN_PASSWORD)
    expect(page.locator("h1")).to_have_text("首页")
    page.goto("/admin")
    year = page.locator("form[action='/admin/cycles']")
    year.get_by_label("年度").fill("2022")
    year.get_by_label("截止日期").fill("2099-06-30")
    year.get_by_role("button", name="开启年度").click()
    expect(page.locator(".message.ok")).to_contain_text("2022 年度已开启填报")
    expect(page.locator("table.cycles")).to_contain_text("填报中")
    expect(page.locator("table.cycles")).to_contain_text("2099-06-30")

    dept = page.locator("form[action='/admin/departments']")
    dept.get_by_label("部门名称").fill(DEPARTMENT)
    dept.get_by_role("button", name="新增部门").click()
    expect(page.locator("table.departments")).to_contain_text(DEPARTMENT)

    for name, role, department in (
        ("rs_filler", "填报人", DEPARTMENT),
        ("reviewer1", "财政复核", ""),
    ):
        form = page.locator("form[action='/admin/users']")
        form.get_by_label("登录名").fill(name)
        form.get_by_label("角色").select_option(label=role)
        form.get_by_label("部门").fill(department)
        form.get_by_role("button", name="新增用户").click()
        message = page.locator(".message.ok")
        expect(message).to_contain_text(f"已新增用户 {name}（{role}")
        STATE[name] = re.search(r"初始密码：(\S+?)（", message.inner_text()).group(1)
    expect(page.locator("table.users")).to_contain_text("rs_filler")
    shoot(page, "admin")


def test_2_department_uploads_the_xlsx_and_sees_the_preview(browser, server):
    page = sign_in(browser, server, "rs_filler", STATE["rs_filler"])
    expect(page.locator("main")).to_contain_text("2022 年度尚未上传自评表")
    shoot(page, "home-filler")
    page.get_by_role("link", name="上传自评表").click()
    # drop three files at once: the form as XLSX, a file that is no form, and the same
    # form as extracted text with a stray cell that fits no field
    text = (DATA / "practice-1_s7.txt").read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(text) if line.startswith("\t其中"))
    text[row] = text[row].rstrip("\t") + "\t\t\t备注：含上年结转12.5万元"
    dt = page.evaluate_handle(
        """([xlsx, txt]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(xlsx)], "人社局自评表.xlsx"));
          dt.items.add(new File(["这不是自评表"], "说明.txt", {type: "text/plain"}));
          dt.items.add(new File([txt], "人社局自评表（文本）.txt", {type: "text/plain"}));
          return dt;
        }""",
        [list(XLSX.read_bytes()), "\n".join(text)],
    )
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": dt})
    cards = page.locator("section.preview")
    expect(cards).to_have_count(3)
    good, bad, stray = cards.nth(0), cards.nth(1), cards.nth(2)
    expect(stray.locator(".unplaced")).to_contain_text("未归位的单元格（1 个）")
    expect(stray.locator(".unplaced")).to_contain_text("备注：含上年结转12.5万元")
    expect(bad.locator(".message.error")).to_be_visible()  # refused with its reason
    expect(bad.get_by_role("button", name="保存为草稿")).to_have_count(0)
    expect(good.locator(".target")).to_contain_text(f"将新建 {DEPARTMENT} 2022 年度自评表")
    expect(good.locator(".official-table")).to_contain_text("构建和谐劳动关系化解劳动争议")
    expect(good.locator(".note.finding").filter(has_text="指标完成情况为空")).to_have_count(1)
    shoot(page, "upload-preview")
    good.get_by_role("button", name="保存为草稿").click()
    expect(good.locator(".message.ok")).to_contain_text("已保存为草稿")
    good.get_by_role("link", name="去填报").click()
    expect(page).to_have_url(re.compile(r"/forms/\d+/edit$"))
    STATE["form"] = page.url.rsplit("/edit", 1)[0].split(server.base, 1)[1]


def test_3_department_fixes_the_empty_indicator_and_submits(browser, server):
    page = sign_in(browser, server, "rs_filler", STATE["rs_filler"])
    page.goto(STATE["form"] + "/edit")
    target = cell(page, EMPTY)
    expect(target.locator(".note.finding")).to_contain_text("指标完成情况为空")
    shoot(page, "edit")
    target.locator("textarea").fill("劳动人事争议调解成功率达到62%，完成年度目标。")
    target.locator("textarea").press("Tab")
    expect(target.locator(".note.finding")).to_have_count(0)
    expect(page.locator("#draft-status")).to_contain_text("有 1 处修改尚未保存")
    expect(page.locator("form.action button")).to_be_disabled()  # save first
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".message.ok")).to_contain_text("已保存为第 2 版")
    expect(cell(page, EMPTY).locator("textarea")).to_have_value("劳动人事争议调解成功率达到62%，完成年度目标。")  # fmt: skip
    expect(cell(page, EMPTY).locator(".note.finding")).to_have_count(0)

    # a stale save: another tab saves first; this one is refused and keeps its text
    other = watch(page.context.new_page())
    other.goto(STATE["form"] + "/edit")
    problems = cell(other, "problems").locator("textarea")
    problems.fill(problems.input_value() + "\n另一标签页补充的问题。")
    problems.press("Tab")
    expect(other.locator("#draft-status")).to_contain_text("尚未保存")
    improve = cell(page, "improvement_measures").locator("textarea")
    improve.fill("下一步将加强预算调整管理。")
    improve.press("Tab")
    expect(page.locator("#draft-status")).to_contain_text("尚未保存")
    other.get_by_role("button", name="保存", exact=True).click()
    expect(other.locator(".message.ok")).to_contain_text("已保存为第 3 版")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#messages .message.error")).to_contain_text(
        "表单已更新为第 3 版，而本次操作基于第 2 版"
    )
    expect(improve).to_have_value("下一步将加强预算调整管理。")  # nothing lost, nothing merged
    saved = server.svc.get_version(SYSTEM, int(STATE["form"].rsplit("/", 1)[1]), 3).form
    assert saved["improvement_measures"] != "下一步将加强预算调整管理。"
    assert saved["problems"].endswith("另一标签页补充的问题。")
    other.close()

    page.goto(STATE["form"])
    submit = page.locator("form.action[data-action=submit]")
    expect(submit).to_contain_text("表单还有 1 个错误级问题")
    submit.get_by_label("提交理由（必填）").fill("预算调整率按年度预算数计算，系本地口径。")
    submit.get_by_role("button", name="提交").click()
    expect(page.locator(".message.ok")).to_contain_text("已提交")
    expect(page.locator(".form-head .status")).to_have_text("已提交")


def test_4_reviewer_overrides_a_verdict_comments_and_returns(browser, server):
    page = sign_in(browser, server, "reviewer1", STATE["reviewer1"])
    expect(page.locator("main")).to_contain_text("待审核（已提交 1 份）")
    shoot(page, "home-reviewer")
    page.get_by_role("link", name=DEPARTMENT).first.click()
    score_before = page.locator("#score .kpi .v").first.inner_text()
    assert "–" in score_before  # an interval while indicators are undetermined
    target = cell(page, UNDETERMINED)
    expect(target.locator(".note.verdict")).to_contain_text("无法判断")
    target.locator("summary", has_text="复核认定").click()
    target.get_by_label("认定").select_option("met")
    target.get_by_label("理由（必填）").fill("已提供欠薪案件动态清零台账，认定实现“两个确保”。")
    target.get_by_role("button", name="保存复核意见").click()
    expect(page.locator(".message.ok")).to_contain_text("复核意见已保存")
    target = cell(page, UNDETERMINED)
    expect(target.locator(".note.override")).to_contain_text("改判为已达成")
    assert page.locator("#score .kpi .v").first.inner_text() != score_before

    rate = cell(page, "funds.adjustment_rate")
    rate.locator("summary", has_text="意见").click()
    rate.get_by_label("对此处的意见").fill("请核对预算调整率的分母（应为年初预算数）。")
    rate.get_by_role("button", name="发表意见").click()
    expect(cell(page, "funds.adjustment_rate").locator(".comment")).to_contain_text(
        "请核对预算调整率的分母"
    )
    shoot(page, "review")
    back = page.locator("form.action[data-action=return]")
    back.get_by_label("退回意见（必填）").fill("请说明预算调整率的计算口径后重新提交。")
    back.get_by_role("button", name="退回").click()
    expect(page.locator(".form-head .status")).to_have_text("已退回")


def test_5_department_sees_the_comments_and_resubmits(browser, server):
    page = sign_in(browser, server, "rs_filler", STATE["rs_filler"])
    expect(page.locator("table.forms")).to_contain_text("已退回")
    page.goto(STATE["form"])
    expect(cell(page, "funds.adjustment_rate").locator(".comment")).to_contain_text(
        "请核对预算调整率的分母"
    )
    expect(page.locator("#workflow")).to_contain_text("请说明预算调整率的计算口径后重新提交。")
    expect(cell(page, UNDETERMINED).locator(".note.override")).to_contain_text("改判为已达成")  # fmt: skip
    submit = page.locator("form.action[data-action=submit]")
    submit.get_by_label("提交理由（必填）").fill("调整率按年度预算数计算，口径说明已补充。")
    submit.get_by_role("button", name="提交").click()
    expect(page.locator(".form-head .status")).to_have_text("已提交")


def test_6_reviewer_approves_and_publishes(browser, server):
    page = sign_in(browser, server, "reviewer1", STATE["reviewer1"])
    page.goto(STATE["form"])
    page.locator("form.action[data-action=approve]").get_by_role("button").click()
    expect(page.locator(".form-head .status")).to_have_text("已通过")
    page.locator("form.action[data-action=publish]").get_by_role("button").click()
    expect(page.locator(".form-head .status")).to_have_text("已公开")
    page.goto(STATE["form"] + "/versions?a=1&b=2")
    diff = page.locator("table.diff")
    expect(diff).to_contain_text("劳动人事争议调解成功率达到62%")
    expect(diff).to_contain_text(EMPTY)
    history = page.locator("#history")
    for what in ("上传", "编辑", "提交", "复核认定", "发表意见", "退回", "审核通过", "公开"):
        expect(history).to_contain_text(what)
    shoot(page, "versions")
    page.goto("/dashboard")
    expect(page.locator("table.matrix")).to_contain_text(DEPARTMENT)
    expect(page.locator("table.matrix")).to_contain_text("已公开")
    expect(page.locator("#chart-scores svg")).to_have_count(1)
    expect(page.locator("#chart-years svg")).to_have_count(1)
    with page.expect_download() as dl:
        page.get_by_role("link", name="CSV").click()
    text = dl.value.path().read_text(encoding="utf-8-sig")
    assert text.startswith("部门,年度,状态") and DEPARTMENT in text and "已公开" in text
    shoot(page, "dashboard")


def test_7_the_public_page_lists_it_and_its_pdf_downloads(browser, server):
    page = watch(browser.new_context(base_url=server.base, accept_downloads=True).new_page())
    page.goto("/public")
    page.get_by_role("link", name=re.compile("2022")).click()
    row = page.locator("table.public tr", has_text=DEPARTMENT)
    expect(row).to_have_count(1)
    shoot(page, "public")
    with page.expect_download() as dl:
        row.get_by_role("link", name="PDF").click()
    pdf = dl.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert dl.value.suggested_filename.endswith(".pdf")
    row.get_by_role("link", name=DEPARTMENT).click()
    expect(page.locator(".form-head .status")).to_have_text("已公开")
    expect(page.locator("#comments")).to_have_count(0)  # the review is not published
    shoot(page, "public-form")

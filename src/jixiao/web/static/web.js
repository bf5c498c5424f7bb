// jixiao web pages: htmx settings, the upload drop zone, the editor's unsaved-changes
// guard and the dashboard's charts. No network beyond this server.
"use strict";

function csrfToken() {
  const m = document.querySelector('meta[name="csrf-token"]');
  return m ? m.content : "";
}


if (window.htmx) {
  // Error answers (409 stale version, 422 invalid …) carry a message to show: swap them too.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "[45]..", swap: true, error: true },
  ];
}

// -- upload: drop or pick files; each gets a card with its preview and a save button -----
function setupUpload() {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("files");
  const list = document.getElementById("previews");
  if (!zone || !input || !list) return;
  const yearSel = document.getElementById("upload-year");
  const form = document.getElementById("upload");
  if (form) form.addEventListener("submit", (ev) => ev.preventDefault());

  async function post(url, file, fields) {
    const body = new FormData();
    body.append("file", file, file.name);
    for (const [k, v] of Object.entries(fields)) if (v !== "" && v != null) body.append(k, v);
    const r = await fetch(url, {
      method: "POST",
      body,
      headers: { "X-CSRF-Token": csrfToken() },
      credentials: "same-origin",
    });
    return r.text();
  }

  function addFile(file) {
    const card = document.createElement("section");
    card.className = "card preview";
    const head = document.createElement("h2");
    head.textContent = file.name;
    const body = document.createElement("div");
    body.className = "preview-slot";
    body.textContent = "正在读取并检查……";
    card.append(head, body);
    list.append(card);
    post("/upload/preview", file, { year: yearSel ? yearSel.value : "" }).then((html) => {
      body.innerHTML = html;
      const form = body.querySelector("form[data-save]");
      if (!form) return;
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const fields = Object.fromEntries(new FormData(form).entries());
        const button = form.querySelector("button");
        button.disabled = true;
        button.textContent = "正在保存……";
        post("/upload/save", file, fields).then((result) => {
          const out = document.createElement("div");
          out.className = "saved";
          out.innerHTML = result;
          form.replaceWith(out);
        });
      });
    });
  }

  function addAll(files) {
    for (const f of files) addFile(f);
  }
  input.addEventListener("change", () => {
    addAll(input.files);
    input.value = "";
  });
  ["dragenter", "dragover"].forEach((t) =>
    zone.addEventListener(t, (ev) => {
      ev.preventDefault();
      zone.classList.add("over");
    }),
  );
  ["dragleave", "drop"].forEach((t) =>
    zone.addEventListener(t, (ev) => {
      ev.preventDefault();
      zone.classList.remove("over");
    }),
  );
  zone.addEventListener("drop", (ev) => addAll(ev.dataTransfer.files));
  zone.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") input.click();
  });
}

// -- editor: remember unsaved changes; no workflow step while there are some -----------
function draftDirty() {
  return !!document.querySelector("#draft-status [data-dirty]");
}

function syncDirty() {
  const dirty = draftDirty();
  document.querySelectorAll("form.action").forEach((f) => {
    const b = f.querySelector('button[type="submit"]');
    if (!b) return;
    if (!b.dataset.label) b.dataset.label = b.textContent;
    b.disabled = dirty;
    b.textContent = dirty ? "请先保存修改" : b.dataset.label;
  });
}

function setupEditor() {
  const draft = document.getElementById("draft");
  if (!draft) return;
  draft.addEventListener("submit", (ev) => ev.preventDefault());
  document.body.addEventListener("htmx:afterSettle", syncDirty);
  window.addEventListener("beforeunload", (ev) => {
    if (draftDirty() && !window.jixiaoLeaving) {
      ev.preventDefault();
      ev.returnValue = "";
    }
  });
  document.body.addEventListener("htmx:beforeRedirect", () => {
    window.jixiaoLeaving = true;
  });
  syncDirty();
}

// -- dashboard charts (ECharts, data embedded in the page) --------------------------------
function setupCharts() {
  const data = document.getElementById("chart-data");
  if (!data || !window.echarts) return;
  const d = JSON.parse(data.textContent);
  const charts = [];
  const font = { fontFamily: "Noto Sans CJK SC, Source Han Sans SC, sans-serif" };
  function make(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    const c = echarts.init(el, null, { renderer: "svg" });
    c.setOption({ textStyle: font, animation: false, ...option });
    charts.push(c);
  }
  const grid = { left: 8, right: 16, top: 28, bottom: 8, containLabel: true };
  make("chart-scores", {
    title: { text: "得分分布", textStyle: { fontSize: 14 } },
    tooltip: {},
    grid,
    xAxis: { type: "category", data: d.bands.map((b) => b.label), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: d.bands.map((b) => b.count), barMaxWidth: 48, itemStyle: { color: "#2f6db5" } }],
  });
  make("chart-rates", {
    title: { text: "各部门平均预算完成率（%）", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { ...grid, bottom: d.rates.length > 12 ? 36 : 8 },
    xAxis: { type: "value", max: (v) => Math.max(100, Math.ceil(v.max)) },
    yAxis: {
      type: "category",
      data: d.rates.map((r) => r.department),
      axisLabel: { width: 120, overflow: "truncate" },
      inverse: true,
    },
    dataZoom: d.rates.length > 12 ? [{ type: "slider", yAxisIndex: 0, startValue: 0, endValue: 11, width: 14, right: 0 }] : [],
    series: [{ type: "bar", data: d.rates.map((r) => r.rate), barMaxWidth: 22, itemStyle: { color: "#3b8b5a" } }],
  });
  make("chart-verdicts", {
    title: { text: "关键指标判定", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        radius: ["35%", "62%"],
        top: 16,
        bottom: 24,
        label: { formatter: "{b}\n{c}" },
        data: d.verdicts,
        color: ["#1e7b34", "#b3261e", "#b07d00"],
      },
    ],
  });
  make("chart-years", {
    title: { text: d.years_title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid,
    xAxis: { type: "category", data: d.years.map((y) => String(y.year)) },
    yAxis: { type: "value", min: (v) => Math.max(0, Math.floor(v.min / 10) * 10), max: 100 },
    series: [{ type: "line", data: d.years.map((y) => y.score), label: { show: true }, itemStyle: { color: "#5b2a86" } }],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  document.body.dataset.charts = String(charts.length);
}

document.addEventListener("DOMContentLoaded", () => {
  setupUpload();
  setupEditor();
  setupCharts();
});

// The report page: reads the annual report, the lead times and the capacity view from the gateway's JSON routes with the
// user's bearer token and draws them (tables and inline SVG bar charts). It holds no data of its own. The token comes from the
// URL fragment (#token=…, never the query string: a fragment is not sent to any server) or the paste field, and is kept in
// memory only. Numbers are formatted the Swedish way (space between thousands, decimal comma) for display only.
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const COLUMNS = [["K", "Kvinnor"], ["M", "Män"], ["T", "Totalt"]];
  const COLUMN_OF = { COLUMN_WOMEN: "K", COLUMN_MEN: "M", COLUMN_TOTAL: "T", 1: "K", 2: "M", 3: "T" };
  const MEASURE_UNIT = {
    MEASURE_COUNT: "antal", 1: "antal",
    MEASURE_MEAN_DAYS: "dagar, medel", 2: "dagar, medel",
    MEASURE_SHARE_PERCENT: "%", 3: "%",
    MEASURE_MEDIAN_DAYS: "dagar, median", 4: "dagar, median",
  };
  const SECTIONS = [
    ["000", "Uppföljningstabeller (000 Tabell 1–5)"],
    ["003", "Yrkesfördelning (003)"],
    ["001", "Nyckeltal (001)"],
    ["002", "Kohortutfall (002)"],
  ];
  const BUCKETS = { AE: "Aktivitetsersättning", SP: "Sjukpenning", Total: "Totalt" };
  const ROW_WORDS = {
    mean_days_to_first_gk: "dagar till första GK",
    gk_count: "gemensamma kartläggningar",
    share_to_intervention: "till insats",
    work_capacity_achieved: "fått/återfått arbetsförmåga",
    remains_in_sickness_insurance: "kvar i sjukförsäkringen",
    transition_meetings: "omställningsmöten",
    refused_attending_share: "avslag som deltagit i omställningsmöte",
    contact_meetings: "kontaktmöten",
    registered_at_af_share: "inskrivna på AF efter omställningsmöte",
    // Tabell 3's measure suffixes: the unit after the label says it.
    count: "",
    share: "",
  };
  const LEAD_TIMES = {
    LT1: "Sjukfallets start → bedömd relevans för samarbetet",
    LT2: "Bedömd → samtycke begärt",
    LT3: "Samtycke begärt → samtycke lämnat",
    LT4: "Bedömd → GK begärd",
    LT5: "Begäran mottagen → första GK-mötet",
    LT6: "Första GK-mötet → första insats",
    LT7: "Bedömd → första insats",
    LT8: "Första GK-mötet → deltagande avslutat",
    LT9: "GK initierad → avslutad",
    LT10: "AF startdatum → AF slutdatum",
    LT11: "Ersättningsperiodens/sjukfallets start → första GK",
  };

  const state = { token: "", definitions: [] };
  const $ = (id) => document.getElementById(id);

  // --- Formatting (display only: the API's numbers are compared as numbers) ---

  function formatNumber(value, decimals) {
    const fixed = Math.abs(value).toFixed(decimals);
    const [whole, fraction] = fixed.split(".");
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    const negative = value < 0 && Number(fixed) !== 0;
    return (negative ? "\u2212" : "") + grouped + (fraction ? "," + fraction : "");
  }

  function num(value) {
    return value === undefined || value === null || value === "" ? null : Number(value);
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function rowLabel(row) {
    const parts = row.split(".");
    const bucket = BUCKETS[parts[0]];
    const words = (bucket ? parts.slice(1) : parts).map((p) => (Object.hasOwn(ROW_WORDS, p) ? ROW_WORDS[p] : p.replace(/_/g, " "))).filter((w) => w);
    const text = words.join(", ");
    return bucket ? `${bucket}: ${text}` : text.charAt(0).toUpperCase() + text.slice(1);
  }

  // --- Fetching ---

  async function getJson(path) {
    const response = await fetch(path, { headers: { Authorization: "Bearer " + state.token, Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) {
      let detail = "";
      try { detail = (await response.json()).message || ""; } catch { /* not JSON */ }
      const reason = { 401: "token saknas eller är ogiltig", 403: "din roll får inte läsa detta", 404: "finns inte" }[response.status] || "fel";
      throw new Error(`${response.status} ${reason}${detail ? ": " + detail : ""}`);
    }
    return response.json();
  }

  function query(parameters) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(parameters)) if (value) search.append(name, value);
    const text = search.toString();
    return text ? "?" + text : "";
  }

  function selection() {
    const local = $("as-of").value;
    return {
      year: Number($("year").value),
      asOf: local ? new Date(local).toISOString() : "",
      region: $("region").value,
    };
  }

  // --- Annual report tables ---

  function renderTables(report) {
    const host = $("tables");
    host.replaceChildren();
    state.definitions = report.definitions || [];
    const tables = report.tables || [];
    const grouped = new Map();
    for (const table of tables) {
      const prefix = table.tableId.split(".")[0];
      if (!grouped.has(prefix)) grouped.set(prefix, []);
      grouped.get(prefix).push(table);
    }
    const order = SECTIONS.map(([prefix]) => prefix).concat([...grouped.keys()].filter((p) => !SECTIONS.some(([s]) => s === p)));
    for (const prefix of order) {
      const group = grouped.get(prefix);
      if (!group) continue;
      const name = (SECTIONS.find(([s]) => s === prefix) || [prefix, prefix])[1];
      host.append(el("h3", { class: "group" }, name));
      for (const table of group) host.append(tableCard(table));
    }
    if (tables.length === 0) host.append(el("p", { class: "empty" }, "Rapporten har inga tabeller för valet."));
    renderDefinitions(report);
  }

  function cellsByRow(table) {
    const rows = new Map();
    for (const cell of table.cells || []) {
      if (!rows.has(cell.row)) rows.set(cell.row, { measure: cell.measure, cells: {} });
      rows.get(cell.row).cells[COLUMN_OF[cell.column]] = cell;
    }
    return rows;
  }

  function cellText(cell) {
    if (!cell) return { text: "", cls: "missing" };
    if (cell.suppressed) return { text: "..", cls: "suppressed", title: "För få för att redovisas" };
    const value = num(cell.value);
    if (value === null) return { text: "–", cls: "none", title: "Inga observationer" };
    return { text: formatNumber(value, cell.decimals || 0), cls: cell.partial ? "partial" : "", title: cell.partial ? "Preliminärt: uppföljningsfönstret har inte stängt för alla" : undefined };
  }

  function tableCard(table) {
    const rows = cellsByRow(table);
    const head = el("tr", {}, el("th", { scope: "col" }, ""), ...COLUMNS.map(([key, name]) => el("th", { scope: "col", class: "num", title: name }, key)));
    const body = el("tbody");
    for (const [row, { measure, cells }] of rows) {
      const definition = state.definitions.find((d) => (d.tableId === table.tableId || d.tableId === "*") && d.row === row);
      const unit = MEASURE_UNIT[measure];
      const label = el("th", { scope: "row", title: definition ? `${row}: ${definition.text}` : row }, rowLabel(row), unit ? el("span", { class: "unit" }, ` (${unit})`) : null);
      const tds = COLUMNS.map(([key]) => {
        const shown = cellText(cells[key]);
        const td = el("td", { class: ("num " + shown.cls).trim(), title: shown.title, "data-table": table.tableId, "data-row": row, "data-column": key }, shown.text);
        if (cells[key] && cells[key].partial && shown.cls === "partial") td.append(el("sup", { class: "flag" }, "*"));
        return td;
      });
      body.append(el("tr", {}, label, ...tds));
    }
    const card = el("article", { class: "card", "data-table-id": table.tableId },
      el("h4", {}, table.title || table.tableId, el("span", { class: "table-id" }, " " + table.tableId)),
      el("table", { class: "report" }, el("thead", {}, head), body));
    if (table.tableId.startsWith("003")) card.append(distributionChart(table, rows));
    return card;
  }

  // An occupation distribution: for each row a bar per gender (the chart's measure is the table's share measure if it has one).
  function distributionChart(table, rows) {
    const measures = [...new Set([...rows.values()].map((r) => r.measure))];
    const measure = measures.find((m) => m === "MEASURE_SHARE_PERCENT" || m === 3) ?? measures[0];
    const picked = [...rows.entries()].filter(([, r]) => r.measure === measure);
    const series = [["K", "Kvinnor", "s-women"], ["M", "Män", "s-men"]].map(([key, name, cls]) => ({
      name, cls,
      values: picked.map(([, r]) => (r.cells[key] && !r.cells[key].suppressed ? num(r.cells[key].value) : null)),
      decimals: picked.map(([, r]) => (r.cells[key] ? r.cells[key].decimals || 0 : 0)),
    }));
    return barChart({
      id: "chart-" + table.tableId,
      title: `${table.title || table.tableId} (${MEASURE_UNIT[measure] || ""})`,
      categories: picked.map(([row]) => rowLabel(row)),
      series,
    });
  }

  function renderDefinitions(report) {
    const host = $("definitions");
    host.replaceChildren();
    const list = el("dl");
    for (const d of report.definitions || []) {
      list.append(el("dt", {}, `${d.tableId === "*" ? "Alla tabeller" : d.tableId}${d.row && d.row !== "*" ? " · " + rowLabel(d.row) : ""}`), el("dd", {}, d.text));
    }
    const parameters = el("table", { class: "parameters" },
      el("tbody", {}, ...(report.parameters || []).map((p) => el("tr", {}, el("th", { scope: "row" }, p.name), el("td", {}, p.value), el("td", {}, p.description || "")))));
    host.append(list, el("h4", {}, "Parametrar"), parameters);
  }

  // --- Lead times ---

  function renderLeadTimes(response, year, region) {
    const host = $("lead-times");
    host.replaceChildren();
    const rows = (response.rows || []).filter((r) => r.period === String(year) && (!region || r.regionId === region))
      .sort((a, b) => Number(a.leadTimeId.slice(2)) - Number(b.leadTimeId.slice(2)));
    const body = el("tbody");
    for (const r of rows) {
      const cells = [["count", num(r.count) || 0, 0], ["mean", num(r.meanDays) || 0, 1], ["median", num(r.medianDays) || 0, 0], ["p90", num(r.p90Days) || 0, 0]];
      body.append(el("tr", {},
        el("th", { scope: "row", title: LEAD_TIMES[r.leadTimeId] || "" }, r.leadTimeId, el("span", { class: "unit" }, " " + (LEAD_TIMES[r.leadTimeId] || ""))),
        ...cells.map(([stat, value, decimals]) => el("td", { class: "num", "data-lead-time": r.leadTimeId, "data-stat": stat }, formatNumber(value, decimals)))));
    }
    const table = el("table", { class: "report" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Ledtid"), ...["Antal", "Medel", "Median", "P90"].map((h) => el("th", { scope: "col", class: "num" }, h)))),
      body);
    host.append(el("article", { class: "card" }, el("h4", {}, `Ledtider ${year}${region ? " · " + region : ""}`), rows.length ? table : el("p", { class: "empty" }, "Inga avslutade ledtider för året.")));
    if (rows.length) {
      host.append(el("article", { class: "card" }, barChart({
        id: "chart-lead-times",
        title: "Ledtider, dagar: medel, median och 90:e percentil",
        categories: rows.map((r) => r.leadTimeId),
        series: [["Medel", "s-mean", "meanDays", 1], ["Median", "s-median", "medianDays", 0], ["P90", "s-p90", "p90Days", 0]].map(([name, cls, field, decimals]) => ({
          name, cls, values: rows.map((r) => num(r[field]) || 0), decimals: rows.map(() => decimals),
        })),
      })));
    }
  }

  // --- Capacity ---

  function dayOfYear(date) {
    const start = Date.UTC(date.year, 0, 1);
    return Math.round((Date.UTC(date.year, date.month - 1, date.day) - start) / 86400000) + 1;
  }

  function renderCapacity(capacity, region) {
    const host = $("capacity");
    host.replaceChildren();
    const planned = num(capacity.plannedForYear) || 0;
    const ytd = num(capacity.yearToDate) || 0;
    const projected = num(capacity.projectedForYear) || 0;
    const through = capacity.throughDate;
    const daysInYear = (Date.UTC(capacity.year + 1, 0, 1) - Date.UTC(capacity.year, 0, 1)) / 86400000;
    const plannedToDate = through && through.year ? Math.round(planned * dayOfYear(through) / daysInYear) : null;
    const throughText = through && through.year ? `${through.year}-${String(through.month).padStart(2, "0")}-${String(through.day).padStart(2, "0")}` : "";

    const figure = (key, label, value, decimals, suffix) =>
      el("div", { class: "figure" }, el("span", { class: "label" }, label),
        el("span", { class: "value" }, el("span", { "data-capacity": key }, formatNumber(value, decimals)), suffix || ""));
    host.append(el("article", { class: "card kpis" },
      el("h4", {}, `Hela landet ${capacity.year}${throughText ? ", t.o.m. " + throughText : ""}`),
      el("div", { class: "figures" },
        figure("yearToDate", "Hittills i år", ytd, 0),
        figure("plannedForYear", "Planerat helår", planned, 0),
        figure("pacePercent", "Takt mot plan", num(capacity.pacePercent) || 0, 1, " %"),
        figure("projectedForYear", "Prognos helår", projected, 0)),
      barChart({
        id: "chart-capacity",
        title: "Hittills i år mot planerad takt, prognos mot planerat helår",
        categories: ["Hittills i år", "Helår"],
        series: [
          { name: "Utfall / prognos", cls: "s-actual", values: [ytd, projected], decimals: [0, 0] },
          { name: "Planerat", cls: "s-planned", values: [plannedToDate, planned], decimals: [0, 0] },
        ],
      })));

    const regions = (capacity.regions || []).filter((r) => !region || r.regionId === region);
    if (regions.length) {
      const body = el("tbody", {}, ...regions.map((r) => el("tr", {},
        el("th", { scope: "row" }, r.regionName || r.regionId),
        ...[["yearToDate", r.yearToDate], ["projectedForYear", r.projectedForYear]].map(([key, value]) =>
          el("td", { class: "num" + (r.suppressed ? " suppressed" : ""), "data-region": r.regionId, "data-capacity": key },
            r.suppressed || num(value) === null ? ".." : formatNumber(num(value), 0))))));
      host.append(el("article", { class: "card" },
        el("h4", {}, "Per region"),
        el("table", { class: "report" }, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Region"), el("th", { scope: "col", class: "num" }, "Hittills i år"), el("th", { scope: "col", class: "num" }, "Prognos helår"))), body),
        barChart({
          id: "chart-capacity-regions",
          title: "Per region: hittills i år och prognos för helåret",
          categories: regions.map((r) => r.regionName || r.regionId),
          series: [["Hittills i år", "s-actual", "yearToDate"], ["Prognos helår", "s-planned", "projectedForYear"]].map(([name, cls, field]) => ({
            name, cls, values: regions.map((r) => (r.suppressed ? null : num(r[field]))), decimals: regions.map(() => 0),
          })),
        })));
    }
  }

  // --- Charts: horizontal grouped bars as inline SVG ---

  function barChart({ id, title, categories, series }) {
    const width = 620, labelWidth = 200, valueWidth = 64, bar = 12, gap = 10, top = 26, legendHeight = 22;
    const plot = width - labelWidth - valueWidth;
    const groupHeight = series.length * bar + gap;
    const height = top + categories.length * groupHeight + legendHeight;
    const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v) => v !== null)));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": title, class: "chart", id });
    chart.append(svg("title", {}, title), svg("text", { x: 0, y: 14, class: "chart-title" }, title));
    categories.forEach((category, i) => {
      const y0 = top + i * groupHeight;
      const label = category.length > 30 ? category.slice(0, 29) + "…" : category;
      chart.append(svg("text", { x: labelWidth - 8, y: y0 + (series.length * bar) / 2 + 4, "text-anchor": "end", class: "category" }, label));
      series.forEach((s, j) => {
        const value = s.values[i];
        const y = y0 + j * bar;
        const length = value === null ? 0 : Math.max(value > 0 ? 1 : 0, (value / max) * plot);
        const rect = svg("rect", { x: labelWidth, y, width: length.toFixed(1), height: bar - 2, class: "bar " + s.cls });
        rect.append(svg("title", {}, `${category} · ${s.name}: ${value === null ? ".." : formatNumber(value, s.decimals[i])}`));
        chart.append(rect, svg("text", { x: labelWidth + length + 4, y: y + bar - 3, class: "bar-value" }, value === null ? ".." : formatNumber(value, s.decimals[i])));
      });
    });
    chart.append(svg("line", { x1: labelWidth, x2: labelWidth, y1: top - 4, y2: top + categories.length * groupHeight - gap + 2, class: "axis" }));
    let x = labelWidth;
    for (const s of series) {
      chart.append(svg("rect", { x, y: height - 14, width: 10, height: 10, class: "key " + s.cls }), svg("text", { x: x + 14, y: height - 5, class: "legend" }, s.name));
      x += 24 + s.name.length * 7;
    }
    return chart;
  }

  // --- Page ---

  function setStatus(text, kind) {
    const status = $("status");
    status.textContent = text;
    status.className = kind || "";
  }

  async function section(name, load) {
    try {
      await load();
      return null;
    } catch (error) {
      return `${name}: ${error.message}`;
    }
  }

  async function show() {
    if (!state.token) {
      document.body.dataset.state = "error";
      setStatus("Ange en bearer-token (rollen Analytiker räcker), t.ex. från `rehab token --role Analyst`.", "error");
      return;
    }
    const { year, asOf, region } = selection();
    document.body.dataset.state = "loading";
    setStatus(`Hämtar ${year} …`);
    $("csv").disabled = false;
    const errors = (await Promise.all([
      section("Tabeller", async () => {
        const report = await getJson(`/v1/reports/annual/${year}` + query({ asOf, regionId: region }));
        renderTables(report);
        $("report-meta").textContent = `År ${report.year} · per ${report.asOf ? new Date(report.asOf).toLocaleString("sv-SE") : "nu"} · ${report.regionId || "hela landet"}`;
      }),
      section("Ledtider", async () => {
        const dates = { "fromDate.year": year, "fromDate.month": 1, "fromDate.day": 1, "toDate.year": year, "toDate.month": 12, "toDate.day": 31 };
        renderLeadTimes(await getJson("/v1/tracking/lead-times" + query({ ...dates, breakdown: region ? "DIMENSION_REGION" : "" })), year, region);
      }),
      section("Kapacitet", async () => {
        const capacity = await getJson(`/v1/reports/capacity/${year}` + query({ asOf }));
        fillRegions(capacity.regions || [], region);
        renderCapacity(capacity, region);
      }),
    ])).filter((e) => e);
    document.body.dataset.state = errors.length ? "error" : "ready";
    setStatus(errors.length ? errors.join(" · ") : `Visar ${year}${region ? ", " + region : ", hela landet"}.`, errors.length ? "error" : "ok");
    writeFragment();
  }

  function fillRegions(regions, selected) {
    const select = $("region");
    const known = new Set([...select.options].map((o) => o.value));
    for (const r of regions) if (!known.has(r.regionId)) select.append(el("option", { value: r.regionId }, r.regionName || r.regionId));
    select.value = selected;
  }

  async function downloadCsv() {
    const { year, asOf, region } = selection();
    try {
      const response = await fetch(`/v1/reports/annual/${year}/csv` + query({ asOf, regionId: region }), { headers: { Authorization: "Bearer " + state.token } });
      if (!response.ok) throw new Error(String(response.status));
      const link = el("a", { href: URL.createObjectURL(await response.blob()), download: `arsrapport-${year}${region ? "-" + region : ""}.csv` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (error) {
      setStatus("CSV: " + error.message, "error");
    }
  }

  // The fragment keeps the selection (never the token) so a link can be shared and reloaded.
  function writeFragment() {
    const { year, asOf, region } = selection();
    const fragment = new URLSearchParams({ year: String(year) });
    if (asOf) fragment.set("asOf", asOf);
    if (region) fragment.set("region", region);
    history.replaceState(null, "", "#" + fragment.toString());
  }

  function toLocalInput(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return "";
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function start() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    state.token = fragment.get("token") || "";
    const thisYear = new Date().getFullYear();
    const year = Number(fragment.get("year")) || thisYear;
    const years = new Set([thisYear, thisYear - 1, thisYear - 2, thisYear - 3, year]);
    for (const y of [...years].sort((a, b) => b - a)) $("year").append(el("option", { value: y }, String(y)));
    $("year").value = String(year);
    if (fragment.get("asOf")) $("as-of").value = toLocalInput(fragment.get("asOf"));
    if (fragment.get("region")) fillRegions([{ regionId: fragment.get("region") }], fragment.get("region"));
    $("token").value = state.token;
    writeFragment(); // drops the token from the address bar and history

    $("controls").addEventListener("submit", (event) => {
      event.preventDefault();
      state.token = $("token").value.trim().replace(/^Bearer\s+/i, "");
      show();
    });
    $("csv").addEventListener("click", downloadCsv);
    if (state.token) show();
    else setStatus("Klistra in en bearer-token (t.ex. `rehab token --role Analyst`) och välj Visa.");
  }

  start();
})();

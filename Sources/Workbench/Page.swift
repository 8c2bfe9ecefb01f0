/// The workbench page (issue 15): one HTML page, its script and its style, served by the tool
/// itself (no resource from the network; the Content-Security-Policy allows none). Vietnamese by
/// default, English switchable (kept in the browser's local storage).
enum Page {
    static let html = """
    <!DOCTYPE html>
    <html lang="vi">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Bàn làm việc phương án luân chuyển</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/app.css">
    <script src="/app.js" defer></script>
    </head>
    <body>
    <header>
      <h1 data-t="title">Bàn làm việc phương án luân chuyển</h1>
      <button id="lang" type="button">English</button>
    </header>
    <main>
      <section id="instances">
        <h2 data-t="instances">Bộ dữ liệu</h2>
        <form id="import">
          <label><span data-t="path">Đường dẫn thư mục hoặc sổ tính trên máy này</span>
            <input id="path" name="path" required placeholder="/home/.../district-20"></label>
          <button type="submit" data-t="import">Nhập</button>
        </form>
        <form id="upload">
          <label><span data-t="upload">Hoặc tải lên sổ tính (.xlsx, .ods) hay tệp .zip các tệp CSV</span>
            <input id="file" type="file" accept=".xlsx,.ods,.zip"></label>
          <button type="submit" data-t="send">Tải lên</button>
        </form>
        <ul id="instance-list"></ul>
        <p id="message" role="status"></p>
      </section>
      <section id="workspace" hidden>
        <h2 id="instance-title"></h2>
        <p id="instance-facts"></p>
        <details id="must-move-box"><summary data-t="mustMove">Người phải chuyển và lý do</summary><ul id="must-move"></ul></details>
        <div id="changes-box">
          <h3 data-t="changes">Thay đổi cho lần giải tới</h3>
          <ul id="changes"></ul>
          <form id="policy-form">
            <label><span data-t="policyKey">Khóa chính sách</span> <input id="policy-key" placeholder="max_moves"></label>
            <label><span data-t="policyValue">Giá trị</span> <input id="policy-value" placeholder="40"></label>
            <button type="submit" data-t="addPolicy">Thêm</button>
          </form>
          <form id="solve-form">
            <label><span data-t="author">Người lập</span> <input id="author"></label>
            <label><span data-t="note">Ghi chú</span> <input id="note"></label>
            <label><input type="checkbox" id="keep" checked> <span data-t="keep">Giữ gần phương án đang xem</span></label>
            <button type="submit" id="solve" data-t="solve">Giải</button>
            <button type="button" id="alternatives" data-t="alternatives">Tìm 3 phương án thay thế</button>
          </form>
        </div>
        <h3 data-t="variants">Các phương án đã giải</h3>
        <table id="variants"><thead><tr>
          <th>#</th><th data-t="created">Thời gian</th><th data-t="status">Trạng thái</th><th data-t="objective">Mục tiêu</th>
          <th data-t="seconds">Giây</th><th data-t="author">Người lập</th><th data-t="stage">Bước</th><th data-t="note">Ghi chú</th>
        </tr></thead><tbody></tbody></table>
        <form id="compare-form">
          <span data-t="compare">So sánh hai phương án</span>
          <select id="compare-a"></select> <select id="compare-b"></select>
          <button type="submit" data-t="compareGo">So sánh</button>
          <label><input type="checkbox" id="compare-only" checked> <span data-t="onlyDifferences">chỉ những chức danh khác nhau</span></label>
        </form>
        <div id="compare"></div>
        <section id="variant" hidden>
          <h3 id="variant-title"></h3>
          <p id="variant-links"></p>
          <div id="diff"></div>
          <section id="candidates" hidden></section>
          <pre id="diagnosis" hidden></pre>
          <div id="suggestions"></div>
          <div id="plan"></div>
        </section>
      </section>
    </main>
    </body>
    </html>
    """

    static let style = """
    body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
    header { display: flex; justify-content: space-between; align-items: center; background: #8b1a1a; color: #fff; padding: 0.5rem 1rem; }
    header h1 { font-size: 1.2rem; margin: 0; }
    main { padding: 1rem; max-width: 1200px; margin: auto; }
    section { margin-bottom: 1.5rem; }
    table { border-collapse: collapse; width: 100%; background: #fff; margin: 0.5rem 0; }
    th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; font-size: 0.9rem; }
    th { background: #eee; }
    tr.changed td { background: #fff3c4; }
    /* A province has hundreds of units: units off screen are not laid out until scrolled to. */
    section.unit { content-visibility: auto; contain-intrinsic-size: auto 260px; }
    section.unit table { table-layout: fixed; }
    section.unit th:nth-child(1) { width: 18%; } section.unit th:nth-child(2) { width: 18%; }
    section.unit th:nth-child(3) { width: 14%; } section.unit th:nth-child(5) { width: 9%; }
    tr.move td.type { font-weight: 600; }
    td.phase.moved { font-weight: 600; }
    tr.selected td { outline: 2px solid #8b1a1a; }
    tbody#variants-body tr, #variants tbody tr { cursor: pointer; }
    button { cursor: pointer; }
    .small { font-size: 0.8rem; padding: 0.1rem 0.4rem; }
    #message { color: #8b1a1a; white-space: pre-wrap; }
    #changes li { margin: 0.2rem 0; }
    pre { background: #fff; border: 1px solid #ccc; padding: 0.5rem; white-space: pre-wrap; }
    form { margin: 0.5rem 0; }
    label { margin-right: 0.75rem; }
    """

    static let script = #"""
    "use strict";
    const T = {
      vi: { title: "Bàn làm việc phương án luân chuyển", instances: "Bộ dữ liệu", path: "Đường dẫn thư mục hoặc sổ tính trên máy này",
            import: "Nhập", changes: "Thay đổi cho lần giải tới", policyKey: "Khóa chính sách", policyValue: "Giá trị", addPolicy: "Thêm",
            author: "Người lập", note: "Ghi chú", keep: "Giữ gần phương án đang xem", solve: "Giải", variants: "Các phương án đã giải",
            created: "Thời gian", status: "Trạng thái", objective: "Mục tiêu", seconds: "Giây", stage: "Bước", unit: "Đơn vị",
            post: "Chức danh", holder: "Người đảm nhiệm", type: "Hình thức", reasons: "Lý do", fix: "Chốt", forbid: "Loại",
            remove: "Bỏ", none: "Chưa có thay đổi", solving: "Đang giải…", variant: "Phương án", units: "đơn vị", posts: "chức danh",
            cadres: "cán bộ", changedFrom: "so với phương án", changedPosts: "chức danh đổi người", downloadJSON: "Tải JSON",
            downloadCSV: "Tải CSV", released: "Thôi giữ chức vụ", apply: "Áp dụng và giải lại", noPlan: "Không có phương án",
            fixPin: "chốt", forbidPin: "loại", other: "English", downloadXLSX: "Tải Excel", report: "Báo cáo",
            decision: "Danh sách trình quyết định", candidatesFor: "Người có thể đảm nhiệm", currentPost: "Chức danh hiện tại",
            cost: "Mức xáo trộn", excluded: "Không đủ điều kiện (quy định loại trừ)",
            unpin: "bỏ dòng chốt trong pins.csv", alternatives: "Tìm 3 phương án thay thế", compare: "So sánh hai phương án", compareGo: "So sánh", onlyDifferences: "chỉ những chức danh khác nhau", summaryOf: "Tóm tắt", movesCount: "Số người chuyển", changesMade: "Thay đổi", noChanges: "không có",
            upload: "Hoặc tải lên sổ tính (.xlsx, .ods) hay tệp .zip các tệp CSV", send: "Tải lên", mustMove: "Người phải chuyển và lý do",
            st: { optimal: "tối ưu (đã chứng minh)", feasible: "khả thi", infeasible: "không có phương án thỏa mọi quy định",
                  no_plan: "chưa tìm được phương án", failed: "lỗi", solving: "đang giải", interrupted: "bị ngắt" },
            stages: { draft: "dự thảo", consulted: "đã lấy ý kiến", proposed: "đã trình", decided: "đã quyết định" },
            types: { stay: "giữ nguyên vị trí", within: "chuyển đổi vị trí trong đơn vị", horizontal: "luân chuyển ngang",
                     down: "luân chuyển về cơ sở", up: "luân chuyển từ dưới lên" } },
      en: { title: "Rotation planning workbench", instances: "Instances", path: "Folder or workbook path on this machine",
            import: "Import", changes: "Changes for the next solve", policyKey: "Policy key", policyValue: "Value", addPolicy: "Add",
            author: "Author", note: "Note", keep: "Stay close to the plan shown", solve: "Solve", variants: "Solved variants",
            created: "Time", status: "Status", objective: "Objective", seconds: "Seconds", stage: "Step", unit: "Unit",
            post: "Post", holder: "Holder", type: "Move", reasons: "Reasons", fix: "Fix", forbid: "Forbid",
            remove: "Remove", none: "No changes yet", solving: "Solving…", variant: "Variant", units: "units", posts: "posts",
            cadres: "cadres", changedFrom: "compared with variant", changedPosts: "posts change holder", downloadJSON: "Download JSON",
            downloadCSV: "Download CSV", released: "Released", apply: "Apply and solve again", noPlan: "No plan",
            fixPin: "fix", forbidPin: "forbid", other: "Tiếng Việt", downloadXLSX: "Download Excel", report: "Report",
            decision: "Decision list", candidatesFor: "Candidates for", currentPost: "Current post",
            cost: "Cost", excluded: "Not eligible (excluding rules)",
            unpin: "drop the pins.csv pin", alternatives: "Find 3 alternative plans", compare: "Compare two variants", compareGo: "Compare", onlyDifferences: "only the posts that differ", summaryOf: "Summary", movesCount: "Moves", changesMade: "Changes", noChanges: "none",
            upload: "Or upload a workbook (.xlsx, .ods) or a .zip of the CSV files", send: "Upload", mustMove: "Who must move, and why",
            st: { optimal: "optimal (proven)", feasible: "feasible", infeasible: "infeasible: no plan keeps every rule",
                  no_plan: "no plan found", failed: "failed", solving: "solving", interrupted: "interrupted" },
            stages: { draft: "draft", consulted: "consulted", proposed: "proposed", decided: "decided" },
            types: { stay: "stay", within: "within", horizontal: "horizontal", down: "down", up: "up" } }
    };
    let lang = localStorage.getItem("plan-lang") || "vi";
    const state = { instance: null, overview: null, variants: [], shown: null, changes: { fix: [], forbid: [], policy: {}, unpin: [], suggestions: [] } };
    const $ = (id) => document.getElementById(id);
    const t = (key) => T[lang][key] || key;
    const el = (tag, attrs, ...children) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
      }
      for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
      return e;
    };
    async function api(method, path, body) {
      const response = await fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {},
                                            body: body ? JSON.stringify(body) : undefined, credentials: "same-origin" });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error((data.messages || [data.error || response.statusText]).join("\n"));
      return data;
    }
    function say(text) { $("message").textContent = text || ""; }
    function translatePage() {
      document.documentElement.lang = lang;
      document.title = t("title");
      for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
      $("lang").textContent = t("other");
    }
    async function loadInstances() {
      const list = await api("GET", "/api/instances");
      const ul = $("instance-list");
      ul.replaceChildren(...list.map((i) => el("li", {}, el("a", { href: "#", "data-id": i.id, onclick: (ev) => { ev.preventDefault(); openInstance(i.id); } },
                                                               `${i.name}`), ` — ${i.source}`)));
    }
    async function openInstance(id) {
      state.instance = id;
      state.overview = await api("GET", `/api/instances/${id}`);
      state.names = Object.fromEntries(state.overview.cadres.map((c) => [c.id, c]));
      state.postInfo = Object.fromEntries(state.overview.posts.map((p) => [p.id, p]));
      state.unitInfo = Object.fromEntries(state.overview.units.map((u) => [u.id, u]));
      $("workspace").hidden = false;
      $("instance-title").textContent = state.overview.name;
      $("instance-facts").textContent = `${state.overview.units.length} ${t("units")}, ${state.overview.posts.length} ${t("posts")}, ${state.overview.cadres.length} ${t("cadres")}`;
      $("must-move").replaceChildren(...(state.overview.mustMove || []).map((m) =>
        el("li", {}, `${label(m.cadre)} — ${postLabel(m.post)}: ${m.rules.map((r) => `${r.id} ${r.title}`).join(", ")}`)));
      renderChanges();
      await loadVariants();
      const last = state.variants[state.variants.length - 1];
      if (last) await showVariant(last.id); else $("variant").hidden = true;
    }
    async function loadVariants() {
      state.variants = await api("GET", `/api/instances/${state.instance}/variants`);
      fillCompare();
      const body = $("variants").tBodies[0];
      body.replaceChildren(...state.variants.map((v) => {
        const stage = el("select", { "data-variant": v.id, onchange: async (ev) => { await api("PATCH", `/api/variants/${v.id}`, { stage: ev.target.value }); } },
                         ...["draft", "consulted", "proposed", "decided"].map((s) => { const o = el("option", { value: s }, T[lang].stages[s]); if (s === v.stage) o.selected = true; return o; }));
        const row = el("tr", { "data-variant": v.id, class: state.shown && state.shown.id === v.id ? "selected" : "" },
                       el("td", {}, v.id), el("td", {}, new Date(v.created).toLocaleString(lang)), el("td", {}, T[lang].st[v.status] || v.status),
                       el("td", {}, v.objective == null ? "–" : v.objective), el("td", {}, v.seconds.toFixed(2)), el("td", {}, v.author),
                       el("td", {}, stage), el("td", {}, v.note));
        row.addEventListener("click", (ev) => { if (ev.target.tagName !== "SELECT" && ev.target.tagName !== "OPTION") showVariant(v.id); });
        return row;
      }));
    }
    function fillCompare() {
      for (const [id, pick] of [["compare-a", -2], ["compare-b", -1]]) {
        const withPlan = state.variants.filter((v) => v.objective != null);
        $(id).replaceChildren(...withPlan.map((v) => el("option", { value: v.id }, `${t("variant")} ${v.id} (${v.objective})`)));
        const chosen = withPlan[withPlan.length + pick] || withPlan[0];
        if (chosen) $(id).value = chosen.id;
      }
    }
    // Two variants side by side: what each is (objective, status, author, stage, note, changes, moves)
    // and every post with its holder in each, the posts that differ highlighted (only those by default).
    async function compare() {
      const a = $("compare-a").value, b = $("compare-b").value;
      if (!a || !b) return;
      try {
        const [va, vb, d] = await Promise.all([api("GET", `/api/variants/${a}?lang=${lang}`), api("GET", `/api/variants/${b}?lang=${lang}`),
                                               api("GET", `/api/variants/${a}/diff/${b}`)]);
        const last = (v) => !v.plan ? [] : v.plan.phases ? v.plan.phases[v.plan.phases.length - 1].assignments : (v.plan.assignments || []);
        const holders = (v) => new Map(last(v).map((x) => [x.post, x]));
        const ha = holders(va), hb = holders(vb);
        const differs = new Set(d.changes.map((c) => c.post));
        const changesText = (v) => {
          const c = v.changes || {}; const parts = [];
          for (const [k, label_] of [["fix", t("fix")], ["forbid", t("forbid")]]) for (const [cadre, post] of (c[k] || [])) parts.push(`${label_} ${cadre} – ${post}`);
          for (const [k, value] of Object.entries(c.policy || {})) parts.push(`${k} = ${JSON.stringify(value)}`);
          for (const s of (c.suggestions || [])) parts.push(`${s.key} = ${s.value}`);
          return parts.length ? parts.join("; ") : t("noChanges");
        };
        const moves = (v) => last(v).filter((x) => x.type !== "stay").length + ((v.plan && v.plan.released) || []).length;
        const summary = el("table", { class: "compare-summary" },
          el("thead", {}, el("tr", {}, el("th", {}, t("summaryOf")), el("th", {}, `${t("variant")} ${a}`), el("th", {}, `${t("variant")} ${b}`))),
          el("tbody", {}, ...[[t("objective"), (v) => v.objective ?? "–"], [t("status"), (v) => T[lang].st[v.status] || v.status],
                              [t("author"), (v) => v.author || "–"], [t("stage"), (v) => T[lang].stages[v.stage] || v.stage], [t("note"), (v) => v.note || "–"],
                              [t("changesMade"), changesText], [t("movesCount"), moves]]
            .map(([name, f]) => el("tr", {}, el("th", {}, name), el("td", {}, String(f(va))), el("td", {}, String(f(vb)))))));
        const only = $("compare-only").checked;
        const posts = [...new Set([...ha.keys(), ...hb.keys()])].filter((p) => !only || differs.has(p));
        const cell = (x) => el("td", {}, x ? `${label(x.cadre)}${x.type !== "stay" ? ` (${T[lang].types[x.type] || x.type})` : ""}` : "–");
        $("compare").replaceChildren(summary,
          el("table", { class: "compare-plans" }, el("thead", {}, el("tr", {}, el("th", {}, t("unit")), el("th", {}, t("post")),
                                             el("th", {}, `${t("variant")} ${a} (${d.objectiveA})`), el("th", {}, `${t("variant")} ${b} (${d.objectiveB})`))),
             el("tbody", {}, ...posts.map((p) => {
               const info = state.postInfo[p], unit = info ? state.unitInfo[info.unit] : null;
               return el("tr", { class: differs.has(p) ? "changed" : "", "data-post": p }, el("td", {}, unit ? unit.name : (info ? info.unit : "")),
                         el("td", {}, info ? info.title : p), cell(ha.get(p)), cell(hb.get(p)));
             }))),
          el("p", {}, `${d.changes.length} ${t("changedPosts")}`));
      } catch (e) { say(e.message); }
    }
    async function findAlternatives() {
      $("alternatives").disabled = true; say(t("solving"));
      try {
        const list = await api("POST", `/api/instances/${state.instance}/alternatives`,
                               { fix: state.changes.fix, forbid: state.changes.forbid, policy: state.changes.policy, count: 3, minDiff: 1, author: $("author").value });
        say(""); await loadVariants(); await showVariant(list[list.length - 1].id);
      } catch (e) { say(e.message); } finally { $("alternatives").disabled = false; }
    }
    function renderChanges() {
      const c = state.changes, items = [];
      const remove = (fn) => el("button", { type: "button", class: "small", onclick: () => { fn(); renderChanges(); } }, t("remove"));
      c.fix.forEach((p, i) => items.push(el("li", {}, `${t("fixPin")}: ${label(p[0])} → ${postLabel(p[1])} `, remove(() => c.fix.splice(i, 1)))));
      c.forbid.forEach((p, i) => items.push(el("li", {}, `${t("forbidPin")}: ${label(p[0])} ✗ ${postLabel(p[1])} `, remove(() => c.forbid.splice(i, 1)))));
      (c.unpin || []).forEach((p, i) => items.push(el("li", {}, `${t("unpin")}: ${label(p[0])} – ${postLabel(p[1])} `, remove(() => c.unpin.splice(i, 1)))));
      (c.suggestions || []).forEach((s, i) => items.push(el("li", {}, `${s.key} = ${s.value} `, remove(() => c.suggestions.splice(i, 1)))));
      for (const k of Object.keys(c.policy)) items.push(el("li", {}, `${k} = ${JSON.stringify(c.policy[k])} `, remove(() => delete c.policy[k])));
      $("changes").replaceChildren(...(items.length ? items : [el("li", {}, t("none"))]));
    }
    function label(cadre) { const c = state.names && state.names[cadre]; return c ? `${c.name} (${cadre})` : cadre; }
    function postLabel(post) {
      const p = state.postInfo && state.postInfo[post]; if (!p) return post;
      const u = state.unitInfo[p.unit]; return `${p.title} – ${u ? u.name : p.unit} (${post})`;
    }
    async function showVariant(id) {
      const v = await api("GET", `/api/variants/${id}?lang=${lang}`);
      state.shown = v;
      history.replaceState(null, "", `#instance=${v.instance}&variant=${v.id}`);
      for (const row of $("variants").tBodies[0].rows) row.classList.toggle("selected", row.dataset.variant === String(id));
      $("variant").hidden = false;
      $("variant-title").textContent = `${t("variant")} ${v.id}: ${T[lang].st[v.status] || v.status}` + (v.objective == null ? "" : ` — ${t("objective")} ${v.objective}`);
      $("variant-links").replaceChildren(...(v.plan ? [el("a", { href: `/api/variants/${v.id}/plan.json` }, t("downloadJSON")), " · ",
                                                      el("a", { href: `/api/variants/${v.id}/plan.csv?lang=${lang}` }, t("downloadCSV")), " · ",
                                                      el("a", { href: `/api/variants/${v.id}/plan.xlsx?lang=${lang}` }, t("downloadXLSX")), " · ",
                                                      el("a", { href: `/api/variants/${v.id}/report.html?lang=${lang}`, target: "_blank" }, t("report")), " · ",
                                                      el("a", { href: `/api/variants/${v.id}/decision.html?lang=${lang}`, target: "_blank" }, t("decision"))] : []));
      $("candidates").hidden = true;
      const diag = $("diagnosis");
      diag.hidden = !v.diagnosis;
      diag.textContent = v.diagnosis ? (v.diagnosis.text || JSON.stringify(v.diagnosis, null, 2)) : "";
      const sug = (v.diagnosis && v.diagnosis.suggestions) || [];
      const removals = (v.diagnosis && v.diagnosis.pin_removals) || [];
      const carried = JSON.parse(JSON.stringify(v.changes || {}));
      const again = (edit) => {
        // The failed variant's own changes, with one suggestion applied, solved again.
        state.changes = { fix: carried.fix || [], forbid: carried.forbid || [], policy: carried.policy || {}, unpin: carried.unpin || [],
                          suggestions: carried.suggestions || [] };
        edit(state.changes); renderChanges(); solve();
      };
      $("suggestions").replaceChildren(
        ...sug.map((s) =>
          el("button", { type: "button", onclick: () => again((c) => { c.suggestions.push({ key: s.key, value: s.value }); }) },
             `${t("apply")}: ${s.key} ${s.from} → ${s.value}`)),
        ...removals.map((r) =>
          el("button", { type: "button", onclick: () => again((c) => {
               const list = r.action === "fix" ? c.fix : c.forbid;
               const i = list.findIndex((p) => p[0] === r.cadre && p[1] === r.post);
               if (i >= 0) list.splice(i, 1); else c.unpin.push([r.cadre, r.post]);
             }) }, `${t("apply")}: ${t("unpin")} ${r.action} ${label(r.cadre)} – ${postLabel(r.post)}`)));
      let changed = new Set();
      $("diff").replaceChildren();
      if (v.parent && v.plan) {
        try {
          const d = await api("GET", `/api/variants/${v.parent}/diff/${v.id}`);
          changed = new Set(d.changes.map((c) => c.post));
          $("diff").append(el("p", {}, `${d.changes.length} ${t("changedPosts")} ${t("changedFrom")} ${v.parent}`),
                           el("ul", {}, ...d.changes.map((c) => el("li", {}, `${c.unit} · ${c.title}: ${c.a ? label(c.a) : "–"} → ${c.b ? label(c.b) : "–"}`))));
        } catch (e) { /* the parent may have no plan */ }
      }
      renderPlan(v, changed);
    }
    function renderPlan(v, changed) {
      const box = $("plan");
      if (!v.plan) { box.replaceChildren(el("p", {}, t("noPlan"))); return; }
      // A phased plan (SPEC §11.5): every post with its holder at each phase, the moves' reasons by year.
      const phases = v.plan.phases || null;
      const assignments = phases ? phases[phases.length - 1].assignments : (v.plan.assignments || []);
      const atPhase = phases ? phases.map((ph) => new Map(ph.assignments.map((a) => [a.post, a]))) : null;
      const byUnit = new Map();
      for (const a of assignments) {
        const p = state.postInfo[a.post]; const unit = p ? p.unit : "?";
        if (!byUnit.has(unit)) byUnit.set(unit, []);
        byUnit.get(unit).push(a);
      }
      const heads = phases ? [el("th", {}, t("post")), ...phases.map((ph) => el("th", { class: "phase" }, `${t("holder")} ${ph.year}`)), el("th", {}, t("reasons")), el("th", {}, "")]
                           : ["post", "holder", "type", "reasons", ""].map((k) => el("th", {}, k ? t(k) : ""));
      const tables = [];
      for (const [unit, rows] of byUnit) {
        const u = state.unitInfo[unit];
        tables.push(el("section", { class: "unit" }, el("h4", {}, u ? `${u.name} (${unit})` : unit), el("table", {}, el("thead", {}, el("tr", {}, ...heads)),
          el("tbody", {}, ...rows.map((a) => {
            const p = state.postInfo[a.post];
            const buttons = el("td", {},
              el("button", { type: "button", class: "small", "data-fix": `${a.cadre}|${a.post}`, onclick: () => { state.changes.fix.push([a.cadre, a.post]); renderChanges(); } }, t("fix")), " ",
              el("button", { type: "button", class: "small", "data-forbid": `${a.cadre}|${a.post}`, onclick: () => { state.changes.forbid.push([a.cadre, a.post]); renderChanges(); } }, t("forbid")));
            const title = el("td", {}, el("a", { href: "#", "data-candidates": a.post, onclick: (ev) => { ev.preventDefault(); showCandidates(a.post); } },
                                         p ? p.title : a.post));
            if (phases) {
              const entries = atPhase.map((m) => m.get(a.post));
              const moved = entries.some((e) => e && e.type !== "stay");
              const reasons = phases.map((ph, i) => entries[i] && entries[i].type !== "stay" ? `${ph.year}: ${(entries[i].reasons || []).join("; ")}` : null).filter(Boolean);
              const cls = (moved ? "move" : "") + (changed.has(a.post) ? " changed" : "");
              return el("tr", { class: cls.trim(), "data-post": a.post, "data-cadre": a.cadre }, title,
                        ...entries.map((e) => el("td", { class: e && e.type !== "stay" ? "phase moved" : "phase" },
                                                 e ? `${label(e.cadre)}${e.type !== "stay" ? ` (${T[lang].types[e.type] || e.type})` : ""}` : "–")),
                        el("td", {}, reasons.length ? reasons.join(" · ") : (a.reasons || []).join("; ")), buttons);
            }
            const cls = (a.type === "stay" ? "" : "move") + (changed.has(a.post) ? " changed" : "");
            return el("tr", { class: cls.trim(), "data-post": a.post, "data-cadre": a.cadre }, title,
                      el("td", {}, label(a.cadre)), el("td", { class: "type" }, T[lang].types[a.type] || a.type),
                      el("td", {}, (a.reasons || []).join("; ")), buttons);
          })))));
      }
      if (phases) {
        for (const ph of phases) {
          if ((ph.released || []).length) tables.push(el("h4", {}, `${t("released")} ${ph.year}`), el("p", {}, ph.released.map(label).join(", ")));
        }
      } else {
        const released = v.plan.released || [];
        if (released.length) tables.push(el("h4", {}, t("released")), el("p", {}, released.map(label).join(", ")));
      }
      box.replaceChildren(...tables);
      document.body.dataset.rendered = `${v.id}-${lang}`;  // for tests and timing: this variant is on the page
    }
    async function showCandidates(post) {
      const c = await api("GET", `/api/instances/${state.instance}/posts/${encodeURIComponent(post)}/candidates`);
      const box = $("candidates");
      box.hidden = false;
      const fixButton = (cadre) => el("button", { type: "button", class: "small", onclick: () => { state.changes.fix.push([cadre, post]); renderChanges(); } }, t("fix"));
      box.replaceChildren(el("h4", {}, `${t("candidatesFor")} ${postLabel(post)}`),
        el("table", {}, el("thead", {}, el("tr", {}, ...["#", "holder", "currentPost", "cost", "type", ""].map((k) => el("th", {}, k === "#" ? "#" : (k ? t(k) : ""))))),
           el("tbody", {}, ...c.eligible.map((e, i) => el("tr", {}, el("td", {}, i + 1), el("td", {}, label(e.cadre)),
                                                          el("td", {}, e.post ? postLabel(e.post) : "–"), el("td", {}, e.cost),
                                                          el("td", {}, T[lang].types[e.type] || e.type), el("td", {}, fixButton(e.cadre)))))),
        el("h4", {}, t("excluded")),
        el("ul", {}, ...c.excluded.map((e) => el("li", {}, `${label(e.cadre)}: ${e.rules.map((r) => `${r.id} ${r.title}`).join(", ")}`))));
      box.scrollIntoView();
    }
    async function solve() {
      const body = { fix: state.changes.fix, forbid: state.changes.forbid, policy: state.changes.policy, unpin: state.changes.unpin || [], suggestions: state.changes.suggestions || [],
                     author: $("author").value, note: $("note").value };
      if ($("keep").checked && state.shown && state.shown.plan) body.keep = state.shown.id;
      $("solve").disabled = true; say(t("solving"));
      try {
        const v = await api("POST", `/api/instances/${state.instance}/solve`, body);
        state.changes = { fix: [], forbid: [], policy: {}, unpin: [], suggestions: [] };
        renderChanges(); say("");
        await loadVariants(); await showVariant(v.id);
      } catch (e) { say(e.message); } finally { $("solve").disabled = false; }
    }
    document.addEventListener("DOMContentLoaded", () => {
      translatePage();
      $("lang").addEventListener("click", () => { lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("plan-lang", lang); translatePage();
                                                  if (state.instance) { loadVariants(); if (state.shown) showVariant(state.shown.id); } renderChanges(); });
      $("import").addEventListener("submit", async (ev) => {
        ev.preventDefault();
        try { const r = await api("POST", "/api/instances", { path: $("path").value }); say(""); await loadInstances(); await openInstance(r.id); }
        catch (e) { say(e.message); }
      });
      $("upload").addEventListener("submit", async (ev) => {
        ev.preventDefault();
        const file = $("file").files[0]; if (!file) return;
        try {
          const response = await fetch(`/api/instances/upload?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file, credentials: "same-origin" });
          const data = await response.json();
          if (!response.ok) throw new Error((data.messages || [data.error]).join("\n"));
          say(""); await loadInstances(); await openInstance(data.id);
        } catch (e) { say(e.message); }
      });
      // The author's name is typed once and kept in this browser.
      $("author").value = localStorage.getItem("plan-author") || "";
      $("author").addEventListener("change", () => localStorage.setItem("plan-author", $("author").value));
      $("policy-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        const key = $("policy-key").value.trim(); if (!key) return;
        let value = $("policy-value").value.trim();
        try { value = JSON.parse(value); } catch (e) { /* a plain word stays text */ }
        state.changes.policy[key] = value; renderChanges();
      });
      $("solve-form").addEventListener("submit", (ev) => { ev.preventDefault(); solve(); });
      $("alternatives").addEventListener("click", findAlternatives);
      $("compare-form").addEventListener("submit", (ev) => { ev.preventDefault(); compare(); });
      $("compare-only").addEventListener("change", () => compare());
      loadInstances().then(async () => {
        // #instance=ID&variant=ID opens that instance and variant (the address can be bookmarked).
        const m = /instance=(\d+)/.exec(location.hash), v = /variant=(\d+)/.exec(location.hash);
        if (m) { await openInstance(Number(m[1])); if (v) await showVariant(Number(v[1])); }
      }).catch((e) => say(e.message));
    });
    """#
}

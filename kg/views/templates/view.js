/* Zhengwu KG view: vis-network over the page's JSON. Every string from the news is put into the
   page with textContent (never innerHTML), so markup in a title shows as text. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var OPTIONS = JSON.parse(document.getElementById("kg-options").textContent);
  var state = { ready: false, stabilisedAt: null, startedAt: performance.now() };
  var byId = new Map();
  var classOf = new Map();
  var nameOf = new Map();
  var zhOf = {};
  DATA.classes.forEach(function (c) { zhOf[c.name] = c.zh; });
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); classOf.set(n.id, n.cls); nameOf.set(n.id, n.name); });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function row(box, key, value) {
    if (!value || (Array.isArray(value) && !value.length)) return;
    var r = el("div", "row");
    r.appendChild(el("span", "k", key));
    r.appendChild(el("span", null, Array.isArray(value) ? value.join("、") : value));
    box.appendChild(r);
  }
  function source(title, date) {
    var parts = [];
    if (title) parts.push("《" + title + "》");
    if (date) parts.push(date);
    return parts.join(" ");
  }
  function evidence(box, items) {
    (items || []).forEach(function (e) {
      var r = el("div", "row");
      r.appendChild(el("span", "k", "证据"));
      r.appendChild(el("q", null, e[0]));
      var s = source(e[1], e[2]);
      if (s) r.appendChild(el("div", "src", "—— " + s));
      box.appendChild(r);
    });
  }
  function nodeCard(n, cls) {
    var box = el("div", cls || "tip");
    var head = el("div", "t", n.name);
    head.appendChild(el("span", "cls", (zhOf[n.cls] || n.cls) + " · " + n.kind));
    box.appendChild(head);
    row(box, "别名", n.aliases);
    row(box, "职务", n.posts);
    row(box, "日期", n.date);
    row(box, "关系", String(n.deg));
    evidence(box, n.ev);
    if (n.nseen) {
      var seen = n.seen.map(function (s) { return source(s[0], s[1]); });
      row(box, "见于", seen.join("；") + (n.nseen > n.seen.length ? " 等 " + n.nseen + " 篇" : ""));
    }
    row(box, "IRI", n.iri);
    return box;
  }
  function edgeCard(e, cls) {
    var box = el("div", cls || "tip");
    box.appendChild(el("div", "t", (nameOf.get(e.from) || "") + " —" + e.label + "→ " + (nameOf.get(e.to) || "")));
    row(box, "谓词", e.rel);
    if (e.n) row(box, "来源", e.n + " 篇报道");
    evidence(box, e.ev);
    return box;
  }

  DATA.nodes.forEach(function (n) { n.title = nodeCard(n); });
  DATA.edges.forEach(function (e) { e.title = edgeCard(e); });
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var hiddenClasses = new Set();
  var hiddenRelations = new Set();
  var keep = new Set(DATA.focus);
  var hideIsolated = DATA.hideIsolated;
  function shown(n) {
    return !hiddenClasses.has(n.cls) && !(hideIsolated && n.deg === 0 && !keep.has(n.id));
  }
  var nodeView = new vis.DataView(nodes, { filter: shown });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return !hiddenRelations.has(e.rel) && !hiddenClasses.has(classOf.get(e.from)) && !hiddenClasses.has(classOf.get(e.to));
    }
  });
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, OPTIONS);
  var status = document.getElementById("status");
  var summary = DATA.nodes.length + " 个实体 · " + DATA.edges.length + " 条关系";
  function summaryText() {
    return summary + (hideIsolated && DATA.isolated ? " · " + DATA.isolated + " 个无关系实体未显示" : "") +
      (DATA.main.length ? " · 先显示最大的连通部分（" + DATA.main.length + " 个实体），缩小可见其余" : "");
  }
  var large = DATA.large;

  // Names at the first view: zoomed out to fit a few hundred nodes, a 14 px label is 2-3 px on
  // screen and vis-network skips it, so nobody can be told apart. The most connected nodes whose
  // labels fit without overlapping get a font of LABEL_PX screen pixels at the current zoom; the
  // other labels appear by themselves once zooming in makes them legible (drawThreshold), and
  // the enlarged ones shrink back when the ordinary size is readable.
  var LABEL_PX = 13, MAX_NAMED = 24, MARGIN = 6;
  var FONT = OPTIONS.nodes.font.size, STROKE = OPTIONS.nodes.font.strokeWidth;
  var named = new Set();
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function labelWidth(text) {
    var w = 0;
    for (var i = 0; i < text.length; i++) w += text.charCodeAt(i) > 0x2e80 ? 1 : 0.6;
    return w * LABEL_PX + 6;
  }
  function nameTheHubs() {
    var scale = network.getScale();
    var want = new Set();
    if (FONT * scale < LABEL_PX) {
      var W = container.clientWidth, H = container.clientHeight, boxes = [];
      var hubs = DATA.nodes.filter(function (n) { return n.deg > 0 && shown(n); })
        .sort(function (a, b) { return b.deg - a.deg || a.id - b.id; });
      var pos = network.getPositions(hubs.map(function (n) { return n.id; }));
      for (var i = 0; i < hubs.length && want.size < MAX_NAMED; i++) {
        var n = hubs[i], xy = pos[n.id];
        if (!xy) continue;
        var p = network.canvasToDOM(xy), w = labelWidth(n.label), top = p.y + n.size * scale + 1;
        var box = [p.x - w / 2, top, p.x + w / 2, top + LABEL_PX + 4];
        if (box[0] < MARGIN || box[1] < MARGIN || box[2] > W - MARGIN || box[3] > H - MARGIN) continue;
        if (boxes.some(function (b) { return overlaps(b, box); })) continue;
        boxes.push(box);
        want.add(n.id);
      }
    }
    var updates = [];
    want.forEach(function (id) {
      updates.push({ id: id, font: { size: LABEL_PX / scale, strokeWidth: STROKE * LABEL_PX / FONT / scale } });
    });
    named.forEach(function (id) { if (!want.has(id)) updates.push({ id: id, font: { size: FONT, strokeWidth: STROKE } }); });
    named = want;
    state.named = Array.from(want);
    if (updates.length) nodes.update(updates);
  }
  var naming = null;
  function renameSoon() {
    if (!state.ready) return;
    clearTimeout(naming);
    naming = setTimeout(nameTheHubs, 120);
  }
  network.on("zoom", renameSoon);
  network.on("dragEnd", renameSoon);

  function done() {
    if (state.ready) return;
    state.ready = true;
    state.stabilisedAt = performance.now();
    status.textContent = summaryText();
    if (large) network.setOptions({ physics: false });  // a still picture drags and zooms smoothly
    if (DATA.focus.length) network.selectNodes(DATA.focus);
    nameTheHubs();
    document.body.setAttribute("data-ready", "1");
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = summary + " · 布局中 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    // the overview opens on its largest connected part; the small fragments are a zoom out away
    if (DATA.main.length) network.fit({ nodes: DATA.main }); else network.fit();
    done();
  });
  if (!DATA.nodes.length) {
    status.textContent = "没有可显示的实体";
    done();
  }

  // legend with filters: a tick box a class, one for the entities without relations, one a relation
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    if (state.ready) status.textContent = summaryText();
    renameSoon();
  }
  function legend(listId, items, swatch, onToggle) {
    var list = document.getElementById(listId);
    items.forEach(function (it) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = it.checked !== false;
      box.setAttribute("data-name", it.key);
      box.addEventListener("change", function () { onToggle(it.key, box.checked); refresh(); });
      label.appendChild(box);
      label.appendChild(swatch(it));
      label.appendChild(el("span", null, it.zh));
      label.appendChild(el("span", "cls", it.note));
      label.appendChild(el("span", "n", String(it.count)));
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  function toggle(set) {
    return function (key, on) { if (on) set.delete(key); else set.add(key); };
  }
  legend("classes", DATA.classes.map(function (c) {
    return { key: c.name, zh: c.zh, note: c.name, count: c.count, colour: c.colour, shape: c.shape };
  }), function (c) {
    var s = el("span", "swatch " + c.shape);
    s.style.background = c.colour;
    return s;
  }, toggle(hiddenClasses));
  if (DATA.isolated) {
    legend("classes", [{ key: "isolated", zh: "无关系的实体", note: "仅被提及", count: DATA.isolated, checked: !hideIsolated }],
      function () { return el("span", "swatch ring"); }, function (key, on) { hideIsolated = !on; });
  }
  legend("relations", DATA.relations.map(function (r) {
    return { key: r.curie, zh: r.zh, note: r.curie, count: r.count };
  }), function () { return el("span", "swatch line"); }, toggle(hiddenRelations));

  // side panel: what was clicked
  var info = document.getElementById("info");
  function show(card) {
    while (info.firstChild) info.removeChild(info.firstChild);
    if (card) { info.appendChild(card); info.hidden = false; } else { info.hidden = true; }
  }
  network.on("click", function (p) {
    if (p.nodes.length) show(nodeCard(byId.get(p.nodes[0]), "card"));
    else if (p.edges.length) show(edgeCard(edges.get(p.edges[0]), "card"));
    else show(null);
  });

  // search: labels and aliases, by substring
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  var found = [];
  function choose(id) {
    var n = byId.get(id);
    if (!n) return;
    if (!shown(n)) {  // show what was asked for: its class, and the unrelated ones if it is one
      hiddenClasses.delete(n.cls);
      document.querySelector('#classes input[data-name="' + n.cls + '"]').checked = true;
      if (n.deg === 0 && hideIsolated) {
        hideIsolated = false;
        document.querySelector('#classes input[data-name="isolated"]').checked = true;
      }
      refresh();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    show(nodeCard(n, "card"));
  }
  function search() {
    var q = input.value.trim().toLowerCase();
    while (results.firstChild) results.removeChild(results.firstChild);
    found = [];
    if (!q) return;
    DATA.nodes.forEach(function (n) {
      var hay = [n.name].concat(n.aliases);
      var exact = hay.some(function (h) { return h.toLowerCase() === q; });
      if (exact || hay.some(function (h) { return h.toLowerCase().indexOf(q) >= 0; })) found.push([exact ? 0 : 1, n.name.length, n]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2].id - b[2].id; });
    found = found.slice(0, 30).map(function (f) { return f[2]; });
    if (!found.length) { results.appendChild(el("li", "none", "没有找到")); return; }
    found.forEach(function (n, i) {
      var li = el("li", i === 0 ? "active" : "", n.name);
      li.setAttribute("data-id", String(n.id));
      li.appendChild(el("span", "cls", zhOf[n.cls] || n.cls));
      li.addEventListener("click", function () { choose(n.id); });
      results.appendChild(li);
    });
  }
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && found.length) { ev.preventDefault(); choose(found[0].id); }
  });

  state.network = network;
  state.nodes = nodes;
  state.edges = edges;
  state.nodeView = nodeView;
  state.edgeView = edgeView;
  state.choose = choose;
  window.kgView = state;
})();

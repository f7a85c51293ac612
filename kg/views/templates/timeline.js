// Draws the timeline from the JSON in #data with DOM calls and textContent only (never innerHTML),
// so text from the news shows as text. Exposes window.kgTimeline for tests.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("data").textContent);
  var main = document.getElementById("main");
  var tip = document.getElementById("tip");
  var LABEL_W = 300, LANE_H = 34, AXIS_H = 24, RIGHT = 30;
  var from = data.axis.from, to = data.axis.to;
  var drawn = { bars: 0, dots: 0, marks: 0, lanes: 0 };

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k])); }
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, cls, s) {
    var t = el("text", { x: x, y: y, "class": cls }, parent);
    t.textContent = s;
    return t;
  }
  function div(cls, s, parent) {
    var d = document.createElement("div");
    d.className = cls;
    d.textContent = s;
    if (parent) parent.appendChild(d);
    return d;
  }
  function short(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  function showTip(ev, lane, sighting) {
    tip.replaceChildren();
    div("t-post", lane.label === lane.post ? lane.post : lane.label + " · " + lane.post, tip);
    var dates = [];
    if (lane.start) dates.push("起 " + lane.start);
    if (lane.end) dates.push("止 " + lane.end);
    if (lane.seen.length) dates.push("见报 " + lane.seen.map(function (s) { return s.date; }).join("、"));
    div("t-dates", dates.join(" · ") || "日期不详", tip);
    var list = sighting ? [sighting] : lane.sightings;
    list.slice(0, 3).forEach(function (s) {
      div("t-art", (s.date ? s.date + " · " : "") + (s.title || "") + " · " + s.article, tip);
      if (s.evidence) div("t-ev", short(s.evidence, 160), tip);
    });
    tip.style.display = "block";
    moveTip(ev);
  }
  function moveTip(ev) {
    var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
    tip.style.left = Math.max(4, x) + "px";
    tip.style.top = Math.max(4, y) + "px";
  }
  function hideTip() { tip.style.display = "none"; }
  function hover(node, lane, sighting) {
    node.addEventListener("mouseenter", function (ev) { showTip(ev, lane, sighting); });
    node.addEventListener("mousemove", moveTip);
    node.addEventListener("mouseleave", hideTip);
  }

  function section(sec) {
    var box = document.createElement("section");
    box.className = "person";
    var h = document.createElement("h2");
    h.textContent = sec.title;
    var iri = document.createElement("span");
    iri.className = "iri";
    iri.textContent = sec.iri;
    h.appendChild(iri);
    box.appendChild(h);
    if (sec.about) div("about", sec.about, box);
    main.appendChild(box);
    if (!sec.lanes.length) { div("empty", "没有任职记录", box); return; }
    var width = Math.max(640, main.clientWidth - 10);
    var plotW = width - LABEL_W - RIGHT;
    function X(y) { return LABEL_W + (y - from) / Math.max(1, to - from) * plotW; }
    var height = AXIS_H + sec.lanes.length * LANE_H + 6;
    var svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img" }, box);
    var defs = el("defs", {}, svg);
    var grad = el("linearGradient", { id: "fade" }, defs);
    el("stop", { offset: "0%", "stop-color": "#3b7dd8" }, grad);
    el("stop", { offset: "100%", "stop-color": "#3b7dd8", "stop-opacity": "0.15" }, grad);
    var axis = el("g", { "class": "axis" }, svg);
    var step = Math.max(1, Math.ceil((to - from) / 12));
    for (var y = from; y <= to; y += step) {
      el("line", { x1: X(y), x2: X(y), y1: AXIS_H - 4, y2: height }, axis);
      text(axis, X(y) + 2, 14, "", String(y));
    }
    sec.lanes.forEach(function (lane, i) {
      var top = AXIS_H + i * LANE_H, mid = top + LANE_H / 2;
      var g = el("g", { "class": "lane", "data-post": lane.post }, svg);
      text(g, 6, mid - 1, "lane-label", short(lane.label, 22));
      if (lane.sub && lane.sub !== lane.label) text(g, 6, mid + 12, "lane-sub", short(lane.sub, 28));
      var hit = el("rect", { x: 0, y: top, width: width, height: LANE_H, "class": "hit" }, g);
      hover(hit, lane, null);
      var x0 = lane.x0, x1 = lane.x1, cls = "bar";
      if (x0 === null && x1 !== null) { x0 = lane.first !== null ? lane.first : x1 - 0.25; cls = "bar past"; }
      if (x0 !== null && x1 === null) { x1 = to; cls = "bar open"; }
      if (x0 !== null && x1 !== null) {
        var bar = el("rect", { x: X(x0), y: mid - 6, width: Math.max(3, X(x1) - X(x0)), height: 12, rx: 3, "class": cls }, g);
        hover(bar, lane, null);
        drawn.bars++;
      }
      [lane.x0, lane.x1].forEach(function (x) {
        if (x === null) return;
        el("rect", { x: X(x) - 2, y: mid - 10, width: 4, height: 20, "class": "mark" }, g);
        drawn.marks++;
      });
      lane.seen.forEach(function (s) {
        var sighting = lane.sightings.filter(function (t) { return t.seen === s.date; })[0] || null;
        var dot = el("circle", { cx: X(s.x), cy: mid, r: 6, "class": "dot", "data-date": s.date }, g);
        hover(dot, lane, sighting);
        drawn.dots++;
      });
      drawn.lanes++;
    });
  }

  data.sections.forEach(section);
  window.kgTimeline = { data: data, drawn: drawn };
  document.body.setAttribute("data-ready", "1");
})();

/* marsad web UI: hover details, evidence marking, the entity network and the interactive timeline.
   Plain JavaScript, no libraries, nothing fetched from outside this server. */
"use strict";
var marsad = (function () {
  var SVG = "http://www.w3.org/2000/svg";
  var TYPE_COLOURS = ["#0b5d8f", "#c2410c", "#15803d", "#7a5cc4", "#b45309", "#be123c", "#0f766e", "#4d7c0f", "#6d28d9", "#374151"];
  var ENTITY_COLOURS = { PER: "#f59e0b", ORG: "#3b82f6", LOC: "#22c55e", MISC: "#a855f7" };

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  // Hover details: any element with data-tip shows it in one floating box.
  function tips() {
    var box = document.getElementById("tip");
    if (!box) return;
    document.addEventListener("mouseover", function (ev) {
      var target = ev.target.closest ? ev.target.closest("[data-tip]") : null;
      if (!target || !target.getAttribute("data-tip")) { box.hidden = true; return; }
      box.textContent = target.getAttribute("data-tip");
      box.hidden = false;
    });
    document.addEventListener("mousemove", function (ev) {
      box.style.top = (ev.clientY + 14) + "px";
      box.style.left = Math.max(4, Math.min(window.innerWidth - box.offsetWidth - 4, ev.clientX - box.offsetWidth / 2)) + "px";
    });
  }

  // #s-START-END marks the evidence sentence on a document page and scrolls to it.
  function evidence() {
    var m = /^#s-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!m) return;
    var start = +m[1], end = +m[2], first = null;
    document.querySelectorAll("[data-s]").forEach(function (span) {
      var s = +span.getAttribute("data-s"), e = +span.getAttribute("data-e");
      if (s < end && e > start) { span.classList.add("evidence"); first = first || span; }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }

  // A small network: the entity in the middle, its neighbours on a circle, links weighted by shared documents.
  function network(svg, data) {
    if (!svg || !data || !data.nodes.length) return;
    var size = 420, c = size / 2, r = 150, pos = {};
    var maxW = Math.max.apply(null, data.nodes.map(function (n) { return n.weight || 1; }));
    data.nodes.forEach(function (n, i) {
      if (i === 0) { pos[n.id] = [c, c]; return; }
      var a = 2 * Math.PI * (i - 1) / (data.nodes.length - 1) - Math.PI / 2;
      pos[n.id] = [c + r * Math.cos(a), c + r * Math.sin(a)];
    });
    var maxE = Math.max.apply(null, data.edges.map(function (e) { return e.weight; }).concat([1]));
    data.edges.forEach(function (e) {
      if (!pos[e.source] || !pos[e.target]) return;
      var line = el("line", { x1: pos[e.source][0], y1: pos[e.source][1], x2: pos[e.target][0], y2: pos[e.target][1],
                              "stroke-width": 1 + 4 * e.weight / maxE, "data-tip": e.weight + " مقالة مشتركة" }, svg);
      line.style.opacity = 0.3 + 0.6 * e.weight / maxE;
    });
    data.nodes.forEach(function (n, i) {
      var link = el("a", { href: "/entities/" + encodeURIComponent(n.id) }, svg);
      el("circle", { cx: pos[n.id][0], cy: pos[n.id][1], r: (i === 0 ? 14 : 6 + 8 * (n.weight || 1) / maxW),
                     fill: ENTITY_COLOURS[n.type] || "#999", "data-tip": n.name + (n.latin ? " (" + n.latin + ")" : "") }, link);
      var label = el("text", { x: pos[n.id][0], y: pos[n.id][1] + (i === 0 ? 28 : 22), "text-anchor": "middle" }, link);
      label.textContent = n.name;
    });
  }

  // ISO day, month, year or week -> [start ms, end ms].
  function span(value, endValue) {
    function parse(v, last) {
      var w = /^(\d{4})-W(\d{2})/.exec(v);
      if (w) {
        var jan4 = Date.UTC(+w[1], 0, 4), dow = (new Date(jan4).getUTCDay() + 6) % 7;
        var monday = jan4 - dow * 864e5 + (+w[2] - 1) * 7 * 864e5;
        return last ? monday + 6 * 864e5 : monday;
      }
      var p = v.split("-").map(Number);
      if (p.length === 1) return last ? Date.UTC(p[0], 11, 31) : Date.UTC(p[0], 0, 1);
      if (p.length === 2) return last ? Date.UTC(p[0], p[1], 0) : Date.UTC(p[0], p[1] - 1, 1);
      return Date.UTC(p[0], p[1] - 1, p[2]);
    }
    try {
      var a = parse(value, false), b = parse(endValue || value, true);
      return isNaN(a) ? null : [a, isNaN(b) ? a : b];
    } catch (e) { return null; }
  }

  // The interactive timeline: time runs right to left (earliest on the right), one dot per event,
  // coloured by type, stacked when they crowd; undated events sit apart at the left end. Click a dot
  // to select its card; tick a type to show or hide it; drag across the chart to zoom into a period
  // (the cards follow), and use the reset button to see everything again.
  function timeline(svg, data, articles) {
    if (!svg || !data) return;
    var events = data.events, width = svg.clientWidth || 900, margin = 30, undatedW = 70, lane = 13;
    // A story's articles, when given, run along the axis as small grey marks under the events.
    var docs = (articles || []).map(function (a) { return { a: a, s: a.date ? span(a.date) : null }; })
      .filter(function (d) { return d.s; });
    var docLane = docs.length ? 12 : 0;
    var types = [], hiddenTypes = {}, selected = null;
    events.forEach(function (e) { if (types.indexOf(e.type) < 0) types.push(e.type); });
    function colour(t) { return TYPE_COLOURS[types.indexOf(t) % TYPE_COLOURS.length]; }
    var items = events.map(function (e) { return { e: e, s: e.date ? span(e.date, e.date_end) : null }; });
    var known = items.filter(function (d) { return d.s; }).concat(docs);
    var fullLo = known.length ? Math.min.apply(null, known.map(function (d) { return d.s[0]; })) : 0;
    var fullHi = known.length ? Math.max.apply(null, known.map(function (d) { return d.s[1]; })) : 1;
    var left = margin + undatedW, right = width - margin;
    var view = null;

    function inView(d) { return !d.s || (d.s[1] >= view[0] && d.s[0] <= view[1]); }

    function draw(lo, hi) {
      if (hi - lo < 864e5) { var mid = (lo + hi) / 2; lo = mid - 864e5; hi = mid + 864e5; }
      view = [lo, hi];
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      function x(t) { return right - (t - lo) / (hi - lo) * (right - left); }
      svg.xToTime = function (px) { return lo + (right - px) / (right - left) * (hi - lo); };
      var lanes = [], undatedCount = 0, placed = [];
      items.forEach(function (d) {
        if (hiddenTypes[d.e.type] || !inView(d)) return;
        if (d.s) {
          var cx = (x(Math.max(d.s[0], lo)) + x(Math.min(d.s[1], hi))) / 2, k = 0;
          while (lanes[k] !== undefined && Math.abs(lanes[k] - cx) < 12) k++;
          lanes[k] = cx;
          placed.push({ d: d, cx: cx, k: k });
        } else {
          placed.push({ d: d, cx: margin + (undatedCount % 4) * 13, k: Math.floor(undatedCount / 4) });
          undatedCount++;
        }
      });
      var maxLane = placed.reduce(function (m, p) { return Math.max(m, p.k); }, 0);
      var height = Math.max(150, 70 + docLane + (maxLane + 1) * lane);
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.style.height = height + "px";
      var axisY = height - 30;
      el("line", { x1: left, y1: axisY, x2: right, y2: axisY, class: "axis" }, svg);
      var days = (hi - lo) / 864e5, ticks = 6;
      for (var i = 0; i <= ticks; i++) {
        var t = lo + (hi - lo) * i / ticks, iso = new Date(t).toISOString();
        var label = days > 3 * 365 ? iso.slice(0, 4) : days > 120 ? iso.slice(0, 7) : iso.slice(0, 10);
        el("text", { x: x(t), y: axisY + 18, "text-anchor": "middle", class: "tick" }, svg).textContent = label;
        el("line", { x1: x(t), y1: axisY - 3, x2: x(t), y2: axisY + 3, class: "axis" }, svg);
      }
      el("text", { x: margin + 12, y: axisY + 18, "text-anchor": "middle", class: "tick" }, svg).textContent = "بلا تاريخ";
      docs.forEach(function (d) {
        if (d.s[1] < lo || d.s[0] > hi) return;
        var link = el("a", { href: "/documents/" + encodeURIComponent(d.a.doc_id) }, svg);
        el("rect", { x: x((d.s[0] + d.s[1]) / 2) - 3, y: axisY - 10, width: 6, height: 6, class: "article",
                     "data-tip": (d.a.date || "") + " · " + (d.a.title || d.a.doc_id) }, link)
          .addEventListener("mousedown", function (ev) { ev.stopPropagation(); });
      });
      placed.forEach(function (p) {
        var d = p.d, cy = axisY - 14 - docLane - p.k * lane;
        if (d.s && d.s[1] - d.s[0] > 864e5) {
          el("line", { x1: x(Math.max(d.s[0], lo)), y1: cy, x2: x(Math.min(d.s[1], hi)), y2: cy, stroke: colour(d.e.type),
                       "stroke-width": 3, opacity: 0.35 }, svg);
        }
        var who = d.e.actor ? (d.e.actor.name || "") : "";
        var dot = el("circle", { cx: p.cx, cy: cy, r: 6, fill: colour(d.e.type), "data-type": d.e.type, "data-id": d.e.id,
                                 class: "dot" + (d.e.date_inferred ? " inferred" : "") + (d.e.id === selected ? " selected" : ""),
                                 "data-tip": (d.e.date ? (d.e.date_inferred ? "~" : "") + d.e.date : "بلا تاريخ") + " · " + d.e.type + (who ? " · " + who : "") }, svg);
        dot.addEventListener("mousedown", function (ev) { ev.stopPropagation(); });
        dot.addEventListener("click", function () { select(d.e.id); });
      });
      brush = el("rect", { x: 0, y: 0, width: 0, height: axisY, class: "brush" }, svg);
      cards();
    }

    function cards() {
      items.forEach(function (d) {
        var card = document.getElementById("ev-" + d.e.id);
        if (card) card.classList.toggle("hidden", !!hiddenTypes[d.e.type] || !inView(d));
      });
      var reset = document.getElementById("timeline-reset");
      if (reset) reset.hidden = view[0] <= fullLo && view[1] >= fullHi;
    }

    function select(id) {
      selected = id;
      svg.querySelectorAll(".dot").forEach(function (dot) { dot.classList.toggle("selected", dot.getAttribute("data-id") === id); });
      document.querySelectorAll(".event-card").forEach(function (card) {
        var hit = card.id === "ev-" + id;
        card.classList.toggle("selected", hit);
        if (hit) card.scrollIntoView({ block: "nearest", behavior: "smooth" });
      });
    }

    // Drag to zoom: the dragged stretch of the axis becomes the whole chart.
    var brush = null, startX = null;
    function svgX(ev) { var box = svg.getBoundingClientRect(); return (ev.clientX - box.left) * width / box.width; }
    svg.addEventListener("mousedown", function (ev) { startX = svgX(ev); });
    svg.addEventListener("mousemove", function (ev) {
      if (startX === null || !brush) return;
      var now = svgX(ev);
      brush.setAttribute("x", Math.min(startX, now));
      brush.setAttribute("width", Math.abs(now - startX));
    });
    window.addEventListener("mouseup", function (ev) {
      if (startX === null) return;
      var endX = svgX(ev), a = Math.min(startX, endX), b = Math.max(startX, endX);
      startX = null;
      if (b - a < 6) { if (brush) brush.setAttribute("width", 0); return; }
      draw(svg.xToTime(b), svg.xToTime(a));
    });

    var controls = document.getElementById("timeline-types");
    if (controls) {
      types.forEach(function (t) {
        var label = document.createElement("label"), box = document.createElement("input");
        box.type = "checkbox"; box.checked = true; box.value = t;
        box.addEventListener("change", function () { hiddenTypes[t] = !box.checked; draw(view[0], view[1]); });
        var swatch = document.createElement("span"), name = document.createElement("span");
        swatch.textContent = "●"; swatch.style.color = colour(t);
        name.textContent = t; name.dir = "ltr";
        label.appendChild(box); label.appendChild(swatch); label.appendChild(name);
        controls.appendChild(label);
      });
      var reset = document.createElement("button");
      reset.type = "button"; reset.id = "timeline-reset"; reset.textContent = "عرض الفترة كلها"; reset.hidden = true;
      reset.addEventListener("click", function () { draw(fullLo, fullHi); });
      controls.appendChild(reset);
    }
    draw(fullLo, fullHi);
  }

  document.addEventListener("DOMContentLoaded", function () { tips(); evidence(); });
  return { network: network, timeline: timeline };
})();

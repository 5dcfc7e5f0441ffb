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
  // coloured by type; undated events sit apart at the left end. Click a dot to select its card,
  // tick a type to show or hide it.
  function timeline(svg, data) {
    if (!svg || !data) return;
    var events = data.events, width = svg.clientWidth || 900, height = 150, margin = 30, undatedW = 70;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    var types = [];
    events.forEach(function (e) { if (types.indexOf(e.type) < 0) types.push(e.type); });
    function colour(t) { return TYPE_COLOURS[types.indexOf(t) % TYPE_COLOURS.length]; }
    var dated = events.map(function (e) { return { e: e, s: e.date ? span(e.date, e.date_end) : null }; });
    var known = dated.filter(function (d) { return d.s; });
    var lo = Math.min.apply(null, known.map(function (d) { return d.s[0]; }));
    var hi = Math.max.apply(null, known.map(function (d) { return d.s[1]; }));
    if (!known.length) { lo = 0; hi = 1; }
    if (hi - lo < 864e5) { lo -= 864e5; hi += 864e5; }
    var left = margin + undatedW, right = width - margin;
    function x(t) { return right - (t - lo) / (hi - lo) * (right - left); }
    var axisY = height - 30;
    el("line", { x1: left, y1: axisY, x2: right, y2: axisY, class: "axis" }, svg);
    var years = new Date(hi).getUTCFullYear() - new Date(lo).getUTCFullYear();
    var ticks = 6;
    for (var i = 0; i <= ticks; i++) {
      var t = lo + (hi - lo) * i / ticks, d = new Date(t);
      var label = years >= 2 ? String(d.getUTCFullYear()) : d.toISOString().slice(0, years >= 1 || hi - lo > 90 * 864e5 ? 7 : 10);
      var tx = el("text", { x: x(t), y: axisY + 18, "text-anchor": "middle", class: "tick" }, svg);
      tx.textContent = label;
      el("line", { x1: x(t), y1: axisY - 3, x2: x(t), y2: axisY + 3, class: "axis" }, svg);
    }
    var undatedLabel = el("text", { x: margin + undatedW / 2 - 10, y: axisY + 18, "text-anchor": "middle", class: "tick" }, svg);
    undatedLabel.textContent = "بلا تاريخ";
    var lanes = [], undatedCount = 0, dots = [];
    dated.forEach(function (d) {
      var cx, cy;
      if (d.s) {
        cx = (x(d.s[0]) + x(d.s[1])) / 2;
        var lane = 0;
        while (lanes[lane] !== undefined && Math.abs(lanes[lane] - cx) < 12) lane++;
        lanes[lane] = cx;
        cy = axisY - 14 - (lane % 7) * 13;
        if (d.s[1] - d.s[0] > 864e5) {
          el("line", { x1: x(d.s[0]), y1: cy, x2: x(d.s[1]), y2: cy, stroke: colour(d.e.type), "stroke-width": 3, opacity: 0.35 }, svg);
        }
      } else {
        cx = margin + (undatedCount % 4) * 13;
        cy = axisY - 14 - Math.floor(undatedCount / 4) * 13;
        undatedCount++;
      }
      var who = d.e.actor ? (d.e.actor.name || "") : "";
      var dot = el("circle", { cx: cx, cy: cy, r: 6, fill: colour(d.e.type), "data-type": d.e.type, "data-id": d.e.id,
                               class: "dot" + (d.e.date_inferred ? " inferred" : ""),
                               "data-tip": (d.e.date ? (d.e.date_inferred ? "~" : "") + d.e.date : "بلا تاريخ") + " · " + d.e.type + (who ? " · " + who : "") }, svg);
      dot.addEventListener("click", function () { select(d.e.id); });
      dots.push(dot);
    });
    function select(id) {
      dots.forEach(function (dot) { dot.classList.toggle("selected", dot.getAttribute("data-id") === id); });
      document.querySelectorAll(".event-card").forEach(function (card) {
        var hit = card.id === "ev-" + id;
        card.classList.toggle("selected", hit);
        if (hit) card.scrollIntoView({ block: "nearest", behavior: "smooth" });
      });
    }
    var controls = document.getElementById("timeline-types");
    if (controls) {
      types.forEach(function (t) {
        var label = document.createElement("label"), box = document.createElement("input");
        box.type = "checkbox"; box.checked = true; box.value = t;
        box.addEventListener("change", function () {
          dots.forEach(function (dot) { if (dot.getAttribute("data-type") === t) dot.style.display = box.checked ? "" : "none"; });
          document.querySelectorAll('.event-card[data-type="' + t + '"]').forEach(function (card) { card.classList.toggle("hidden", !box.checked); });
        });
        var swatch = document.createElement("span");
        swatch.textContent = "●"; swatch.style.color = colour(t);
        label.appendChild(box); label.appendChild(swatch); label.appendChild(document.createTextNode(" " + t));
        controls.appendChild(label);
      });
    }
    svg.marsadSelect = select;
  }

  document.addEventListener("DOMContentLoaded", function () { tips(); evidence(); });
  return { network: network, timeline: timeline };
})();

// Shared by the history views: fetching JSON, formatting, and drawing plain SVG (no library, works offline).
window.History = (function () {
  'use strict';
  const SVG = 'http://www.w3.org/2000/svg';

  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => (
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  const params = () => new URLSearchParams(window.location.search);

  async function json(url) {
    const res = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.detail || ('HTTP ' + res.status));
    return body;
  }

  function hhmm(iso) {
    return iso ? new Date(iso).toISOString().substring(11, 16) : '—';
  }

  function stamp(iso) {
    return iso ? new Date(iso).toISOString().replace('T', ' ').substring(0, 16) + ' UTC' : '—';
  }

  function duration(seconds) {
    let s = Math.max(0, Math.round(seconds));
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    if (d) return `${d}d ${h}h`;
    if (h) return `${h}h ${String(m).padStart(2, '0')}m`;
    return m ? `${m}m` : `${s}s`;
  }

  // el('rect', {x: 1}, parent): an SVG element with attributes, appended to parent when given.
  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v != null) node.setAttribute(k, v); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, value, attrs) {
    const node = el('text', Object.assign({ x, y }, attrs || {}), parent);
    node.textContent = value;
    return node;
  }

  // An <svg> chart labelled for screen readers; its title is the short text alternative.
  function chart(container, width, height, label) {
    container.innerHTML = '';
    const svg = el('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
      'aria-label': label });
    el('title', {}, svg).textContent = label;
    container.appendChild(svg);
    return svg;
  }

  // A focusable item in a chart: keyboard users tab through, screen readers read its label, mice get a tooltip.
  function item(parent, label, attrs) {
    const g = el('g', Object.assign({ tabindex: '0', role: 'img', 'aria-label': label }, attrs || {}), parent);
    el('title', {}, g).textContent = label;
    return g;
  }

  // A time scale from [from, to] onto [x0, x1] with hourly ticks (or coarser when the span is long).
  function timeScale(from, to, x0, x1) {
    const t0 = new Date(from).getTime();
    const t1 = Math.max(new Date(to).getTime(), t0 + 60000);
    const x = (iso) => x0 + (new Date(iso).getTime() - t0) / (t1 - t0) * (x1 - x0);
    const hours = (t1 - t0) / 3600000;
    const stepH = hours <= 3 ? 0.25 : hours <= 8 ? 1 : hours <= 24 ? 2 : hours <= 72 ? 6 : 24;
    const step = stepH * 3600000;
    const ticks = [];
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(new Date(t).toISOString());
    return { x, ticks };
  }

  // A time scale over event times where long quiet stretches (over a fifth of the whole and over half an hour)
  // are cut down to a fixed width and marked, so that an incident's busy minutes stay readable next to the hours
  // before them; cutAfterMs sets a different threshold. Ticks at each busy stretch's start and end.
  function eventScale(times, x0, x1, cutAfterMs) {
    const ms = [...new Set(times.map((t) => new Date(t).getTime()))].sort((a, b) => a - b);
    if (ms.length < 2) return timeScale(times[0], times[0], x0, x1);
    const total = ms[ms.length - 1] - ms[0];
    const cut = cutAfterMs || Math.max(total / 5, 1800000);
    const BREAK_W = 46;
    const pieces = [];
    let start = ms[0];
    for (let i = 1; i < ms.length; i++) {
      if (ms[i] - ms[i - 1] > cut) {
        pieces.push({ from: start, to: ms[i - 1] });
        pieces.push({ from: ms[i - 1], to: ms[i], cut: true });
        start = ms[i];
      }
    }
    pieces.push({ from: start, to: ms[ms.length - 1] });
    const cuts = pieces.filter((p) => p.cut).length;
    const busy = pieces.filter((p) => !p.cut).reduce((n, p) => n + Math.max(p.to - p.from, 60000), 0);
    const perMs = (x1 - x0 - cuts * BREAK_W) / busy;
    let x = x0;
    pieces.forEach((p) => {
      p.x0 = x;
      x += p.cut ? BREAK_W : Math.max(p.to - p.from, 60000) * perMs;
      p.x1 = x;
    });
    const at = (iso) => {
      const t = new Date(iso).getTime();
      const p = pieces.find((q) => t <= q.to) || pieces[pieces.length - 1];
      const len = Math.max(p.to - p.from, 1);
      return p.x0 + Math.min(1, Math.max(0, (t - p.from) / len)) * (p.x1 - p.x0);
    };
    const ticks = [];
    pieces.filter((p) => !p.cut).forEach((p) => {
      ticks.push(new Date(p.from).toISOString());
      if (p.x1 - p.x0 > 120) ticks.push(new Date(p.to).toISOString());
    });
    const breaks = pieces.filter((p) => p.cut).map((p) => ({ x0: p.x0, x1: p.x1, seconds: (p.to - p.from) / 1000 }));
    return { x: at, ticks, breaks };
  }

  function axis(svg, scale, y, top) {
    const g = el('g', { class: 'axis', 'aria-hidden': 'true' }, svg);
    scale.ticks.forEach((t) => {
      el('line', { x1: scale.x(t), x2: scale.x(t), y1: top, y2: y, class: 'grid' }, g);
      text(g, scale.x(t), y + 14, hhmm(t), { 'text-anchor': 'middle', class: 'muted' });
    });
    (scale.breaks || []).forEach((b) => {
      el('rect', { x: b.x0 + 4, y: top, width: b.x1 - b.x0 - 8, height: y - top, class: 'cut' }, g);
      text(g, (b.x0 + b.x1) / 2, y + 28, '≈' + duration(b.seconds), { 'text-anchor': 'middle', class: 'muted' });
    });
  }

  function fail(container, error) {
    container.innerHTML = `<div class="error" role="alert">${esc(error.message)}</div>`;
  }

  return { esc, params, json, hhmm, stamp, duration, el, text, chart, item, timeScale, eventScale, axis, fail };
}());

// Run history: /history/runs as one Gantt-like strip per processor on a shared time axis.
(function () {
  'use strict';
  const H = window.History;
  const $ = (id) => document.getElementById(id);
  const LABEL_W = 290;
  const ROW_H = 40;

  const runLabel = (p, r) => `${p.processor} ${r.data_date} run ${r.run_id}: ${r.outcome}` +
    (r.seconds != null ? ` after ${H.duration(r.seconds)}` : '') + (r.was_stuck ? ', declared stuck' : '') +
    (r.started_at ? `, started ${H.stamp(r.started_at)}` : '') + (r.detail ? ` (${r.detail})` : '');

  function draw(h) {
    const times = [];
    h.processors.forEach((p) => p.runs.forEach((r) => {
      if (r.started_at) times.push(r.started_at);
      times.push(r.ended_at || h.now);
    }));
    const width = Math.max(900, document.body.clientWidth - 80);
    const height = 30 + h.processors.length * ROW_H + 34;
    const svg = H.chart($('chart'), width, height, `Recent runs of ${h.processors.length} processors: ` +
      h.processors.map((p) => `${p.processor} ${p.runs.length} runs, ${p.failed} failed, ${p.stuck} stuck`).join('; '));
    if (!times.length) return;
    const scale = H.eventScale(times, LABEL_W, width - 40);
    const bottom = 20 + h.processors.length * ROW_H;
    H.axis(svg, scale, bottom, 10);
    h.processors.forEach((p, i) => {
      const y = 20 + i * ROW_H;
      const row = H.el('g', { class: 'processor', 'data-processor': p.processor }, svg);
      H.text(row, 8, y + 16, p.processor.length > 36 ? p.processor.substring(0, 35) + '…' : p.processor,
        { 'font-weight': 600 });
      H.text(row, 8, y + 31, `${p.runs.length} runs` + (p.median_seconds != null ? ` · median ${H.duration(p.median_seconds)}` : '') +
        (p.failed ? ` · ${p.failed} failed` : '') + (p.stuck ? ` · ${p.stuck} stuck` : ''), { class: 'muted' });
      p.runs.forEach((r) => {
        const end = scale.x(r.ended_at || h.now);
        const start = r.started_at ? scale.x(r.started_at) : end - 4;
        const g = H.item(row, runLabel(p, r), { class: 'run', 'data-run': r.run_id, 'data-outcome': r.outcome,
          'data-stuck': String(r.was_stuck) });
        H.el('rect', { x: start, y: y + 8, width: Math.max(4, end - start), height: ROW_H - 16, rx: 3,
          class: `st-${r.outcome === 'running' ? 'started' : r.outcome}` }, g);
        if (r.was_stuck) H.text(g, end + 2, y + ROW_H / 2 + 5, '✕', { class: 'st-stuck', 'font-weight': 700 });
      });
    });
  }

  function table(h) {
    const rows = h.processors.flatMap((p) => p.runs.map((r) => `<tr data-processor="${H.esc(p.processor)}" data-run="${H.esc(r.run_id)}">
      <td>${H.esc(p.processor)}</td><td>${H.esc(r.data_date)}</td><td>${H.esc(r.run_id)}</td><td>${H.esc(r.trigger || '')}</td>
      <td>${H.stamp(r.started_at)}</td><td>${H.stamp(r.ended_at)}</td><td>${r.seconds != null ? H.duration(r.seconds) : '—'}</td>
      <td><span class="badge">${H.esc(r.outcome)}</span>${r.was_stuck ? ' <span class="badge">was stuck</span>' : ''}</td>
      <td class="muted">${H.esc(r.detail || '')}</td></tr>`));
    $('runs').innerHTML = `<thead><tr><th>Processor</th><th>Data date</th><th>Run</th><th>Trigger</th><th>Started</th>
      <th>Ended</th><th>Duration</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>${rows.join('')}</tbody>`;
  }

  async function load() {
    try {
      const h = await H.json('/history/runs');
      const total = h.processors.reduce((n, p) => n + p.runs.length, 0);
      $('summary').textContent = `${total} runs · now ${H.stamp(h.now)}`;
      draw(h);
      table(h);
      document.body.dataset.loaded = 'true';
    } catch (e) {
      H.fail($('chart'), e);
      $('summary').textContent = '';
    }
  }

  load();
}());

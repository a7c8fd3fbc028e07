// The topology: /history/topology as a DAG of runs (columns by depth), states, and the critical path.
(function () {
  'use strict';
  const H = window.History;
  const $ = (id) => document.getElementById(id);
  const COL_W = 275;
  const NODE_W = 200;
  const NODE_H = 58;
  const ROW_H = 84;

  const historyText = (n) => n.history.map((v) => v.state).join(' → ') || 'no run seen';

  function layout(view) {
    const byColumn = {};
    view.nodes.forEach((n) => { (byColumn[n.column] = byColumn[n.column] || []).push(n); });
    const pos = {};
    Object.entries(byColumn).forEach(([col, nodes]) => nodes.forEach((n, i) => {
      pos[n.id] = { x: 20 + Number(col) * COL_W, y: 20 + i * ROW_H };
    }));
    const rows = Math.max(...Object.values(byColumn).map((l) => l.length));
    return { pos, width: 40 + Object.keys(byColumn).length * COL_W, height: 40 + rows * ROW_H };
  }

  function draw(view) {
    const { pos, width, height } = layout(view);
    const svg = H.chart($('chart'), width, height, `Runs of ${view.pipeline} for ${view.date}: ` +
      view.nodes.map((n) => `${n.processor} ${n.data_date} ${n.state}`).join('; '));
    H.el('defs', {}, svg).innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" ' +
      'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="currentColor"/></marker>';
    const edges = H.el('g', { 'aria-hidden': 'true' }, svg);
    view.edges.forEach((e) => {
      const a = pos[e.from];
      const b = pos[e.to];
      const x1 = a.x + NODE_W;
      const y1 = a.y + NODE_H / 2;
      const x2 = b.x;
      const y2 = b.y + NODE_H / 2;
      const mid = (x1 + x2) / 2;
      H.el('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 2},${y2}`, fill: 'none',
        class: 'edge' + (e.critical ? ' critical' : '') + (e.freshness_days != null ? ' fresh' : ''),
        'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }, edges);
      const label = (e.date_offset_days ? `D${e.date_offset_days}` : e.freshness_days != null
        ? `≤${e.freshness_days}d old` : '') + ` ≥${Math.round(e.min_coverage * 100)}%`;
      H.text(edges, mid, (y1 + y2) / 2 - 4, label.trim(), { 'text-anchor': 'middle', class: 'muted edge-label' });
    });
    view.nodes.forEach((n) => {
      const p = pos[n.id];
      const label = `${n.processor} ${n.data_date}: ${n.state} (${historyText(n)})` +
        (n.finished_at ? `, finished ${H.stamp(n.finished_at)}` : '') + (n.critical ? ', on the critical path' : '');
      const g = H.item(svg, label, { class: 'node' + (n.critical ? ' critical' : ''), 'data-run': n.id,
        'data-state': n.state, 'data-history': n.history.map((v) => v.state).join(' ') });
      H.el('rect', { x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: 8, class: `node-box st-${n.state}` }, g);
      H.el('rect', { x: p.x, y: p.y, width: 8, height: NODE_H, rx: 3, class: `st-${n.state}` }, g);
      H.text(g, p.x + 16, p.y + 20, n.processor.length > 27 ? n.processor.substring(0, 26) + '…' : n.processor,
        { 'font-weight': 600 });
      H.text(g, p.x + 16, p.y + 37, `${n.data_date} · ${n.state}`);
      H.text(g, p.x + 16, p.y + 52, historyText(n), { class: 'muted' });
    });
  }

  function table(view) {
    $('runs').innerHTML = `<thead><tr><th>Processor</th><th>Data date</th><th>State</th><th>Verdicts</th>
      <th>Finished</th><th>Expected by</th><th>Critical path</th></tr></thead><tbody>` +
      view.nodes.map((n) => `<tr data-run="${H.esc(n.id)}"><td>${H.esc(n.processor)}</td><td>${H.esc(n.data_date)}</td>
        <td><span class="badge">${H.esc(n.state)}</span></td><td>${H.esc(historyText(n))}</td>
        <td>${H.stamp(n.finished_at)}</td><td>${H.stamp(n.expected_by)}</td><td>${n.critical ? 'yes' : ''}</td></tr>`)
        .join('') + '</tbody>';
  }

  async function load() {
    const date = H.params().get('date') || '';
    $('date').value = date;
    try {
      const view = await H.json('/history/topology' + (date ? '?date=' + encodeURIComponent(date) : ''));
      $('date').value = view.date;
      const last = view.nodes.find((n) => n.id === view.critical_path[view.critical_path.length - 1]);
      $('summary').textContent = `${view.pipeline} · ${view.date} · first tip-off ${H.stamp(view.first_tipoff)} · ` +
        `critical path: ${view.critical_path.join(' → ')}` +
        (last && last.finished_at ? ` · landed ${H.stamp(last.finished_at)}` : ' · not landed yet');
      draw(view);
      table(view);
      document.body.dataset.loaded = 'true';
    } catch (e) {
      H.fail($('chart'), e);
      $('summary').textContent = '';
    }
  }

  load();
}());

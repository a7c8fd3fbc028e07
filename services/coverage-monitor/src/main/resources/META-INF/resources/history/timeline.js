// The incident timeline: /history/timeline as lanes (a game's gap, a repair plan, each run) on one time axis.
(function () {
  'use strict';
  const H = window.History;
  const $ = (id) => document.getElementById(id);
  const LABEL_W = 330;
  const LANE_H = 34;

  function draw(t) {
    const lanes = t.spans.map((s) => s.lane);
    const width = Math.max(900, document.body.clientWidth - 80);
    const height = 40 + lanes.length * LANE_H + 30;
    const svg = H.chart($('chart'), width, height,
      `Timeline of ${t.correlation_id}: ${t.entries.length} events in ${lanes.length} lanes from ` +
      `${H.stamp(t.from)} to ${H.stamp(t.to)}`);
    const scale = H.eventScale(t.entries.map((e) => e.at), LABEL_W, width - 70);
    const bottom = 20 + lanes.length * LANE_H;
    H.axis(svg, scale, bottom, 10);
    t.spans.forEach((span, i) => {
      const y = 20 + i * LANE_H;
      const lane = H.el('g', { class: 'lane', 'data-lane': span.lane }, svg);
      H.text(lane, 8, y + LANE_H / 2 + 4, span.lane.length > 46 ? span.lane.substring(0, 45) + '…' : span.lane);
      const x0 = scale.x(span.from);
      const x1 = Math.max(x0 + 3, scale.x(span.to || t.to));
      const outcome = span.outcome || 'open';
      const bar = H.item(lane, `${span.lane}: ${H.duration(span.seconds)}, ${span.to ? 'ended ' + outcome : 'still open'}`,
        { class: 'span', 'data-outcome': outcome });
      H.el('rect', { x: x0, y: y + 6, width: x1 - x0, height: LANE_H - 12, rx: 4,
        class: `span-bar st-${span.outcome || 'started'}` }, bar);
      H.text(bar, Math.min(x1 + 6, width - 60), y + LANE_H / 2 + 4, H.duration(span.seconds), { class: 'muted' });
      t.entries.filter((e) => e.lane === span.lane).forEach((e) => {
        const mark = H.item(lane, `${H.stamp(e.at)} ${e.stage}: ${e.summary}`, { 'data-stage': e.stage });
        const r = e.stage === 'heartbeat' ? 3 : 6;
        H.el('circle', { cx: scale.x(e.at), cy: y + LANE_H / 2, r, class: `mark st-${e.stage}` }, mark);
      });
    });
  }

  function list(t) {
    $('events').innerHTML = t.entries.map((e) => `<li data-stage="${H.esc(e.stage)}"><time datetime="${H.esc(e.at)}">${H.stamp(e.at)}</time>
        <span class="badge">${H.esc(e.stage)}</span> ${H.esc(e.summary)}</li>`).join('');
  }

  async function load() {
    const p = H.params();
    ['correlation_id', 'plan_id', 'game_id'].forEach((k) => { $(k).value = p.get(k) || ''; });
    if (!p.get('correlation_id') && !p.get('plan_id')) return;
    const query = new URLSearchParams();
    ['correlation_id', 'plan_id', 'game_id'].forEach((k) => { if (p.get(k)) query.set(k, p.get(k)); });
    try {
      const t = await H.json('/history/timeline?' + query);
      $('summary').textContent = `${t.correlation_id}${t.game_id ? ' · ' + t.game_id : ''}: ` +
        `${H.stamp(t.from)} → ${H.stamp(t.to)}, ${H.duration((new Date(t.to) - new Date(t.from)) / 1000)}` +
        (t.unreadable ? ` · ${t.unreadable} archived messages unreadable` : '');
      draw(t);
      list(t);
      document.body.dataset.loaded = 'true';
    } catch (e) {
      H.fail($('chart'), e);
      $('summary').textContent = '';
    }
  }

  load();
}());

// Coverage over time: /history/coverage as one small chart per game — players per phase as step lines, the
// minimum, the alert deadline and tip-off, and the moments alerts and repairs happened.
(function () {
  'use strict';
  const H = window.History;
  const $ = (id) => document.getElementById(id);
  const W = 440;
  const HT = 210;
  const PAD = { l: 34, r: 12, t: 14, b: 40 };
  // quiet stretches longer than this are cut short, so that the minutes where coverage changed stay readable
  const QUIET_CUT_MS = 20 * 60000;

  function gameChart(view, g, phaseIndex, times, to) {
    const wrap = document.createElement('figure');
    wrap.className = 'game';
    wrap.dataset.game = g.game_id;
    const caption = document.createElement('figcaption');
    const last = (p) => p.points.length ? p.points[p.points.length - 1].players : 0;
    caption.innerHTML = `<b>${H.esc(g.away_team)} @ ${H.esc(g.home_team)}</b> <span class="muted">${H.esc(g.game_id)} · tip-off ${H.stamp(g.tipoff_at)}</span>`;
    wrap.appendChild(caption);
    const holder = document.createElement('div');
    wrap.appendChild(holder);
    const summary = g.phases.map((p) => `${p.phase} ${p.points.map((pt) => `${pt.players} at ${H.hhmm(pt.at)}`).join(', then ')}`).join('; ');
    const svg = H.chart(holder, W, HT, `${g.away_team} at ${g.home_team}: ${summary}. Minimum ${view.min_players}.`);
    const maxY = Math.max(g.expected_players, view.min_players || 0, ...g.phases.flatMap((p) => p.points.map((pt) => pt.players)), 1);
    const scale = H.eventScale(times, PAD.l, W - PAD.r, QUIET_CUT_MS);
    const y = (players) => HT - PAD.b - players / maxY * (HT - PAD.t - PAD.b);
    H.axis(svg, scale, HT - PAD.b, PAD.t);
    [0, view.min_players, maxY].filter((v, i, a) => v != null && a.indexOf(v) === i).forEach((v) =>
      H.text(svg, PAD.l - 4, y(v) + 4, String(v), { 'text-anchor': 'end', class: 'muted', 'aria-hidden': 'true' }));
    if (view.min_players != null) {
      H.el('line', { x1: PAD.l, x2: W - PAD.r, y1: y(view.min_players), y2: y(view.min_players), class: 'min-line',
        'aria-hidden': 'true' }, svg);
    }
    const marks = [['deadline', view.alert_deadline, 'T−2h'], ['tipoff', g.tipoff_at, 'tip-off']];
    marks.filter((m) => m[1]).forEach(([cls, at, label]) => {
      const mark = H.item(svg, `${label} ${H.stamp(at)}`, { class: `marker ${cls}`, 'data-mark': cls });
      H.el('line', { x1: scale.x(at), x2: scale.x(at), y1: PAD.t, y2: HT - PAD.b, class: `mark-line ${cls}` }, mark);
      H.text(mark, scale.x(at) - 3, PAD.t + 10, label, { 'text-anchor': 'end', class: 'muted' });
    });
    g.phases.forEach((p) => {
      if (!p.points.length) return;
      let d = '';
      p.points.forEach((pt, i) => {
        const x = scale.x(pt.at);
        d += i === 0 ? `M${x},${y(pt.players)}` : `H${x}V${y(pt.players)}`;
      });
      d += `H${scale.x(view.now < to ? view.now : to)}`;
      const item = H.item(svg, `${p.phase}: ` + p.points.map((pt) => `${pt.players} players from ${H.hhmm(pt.at)}`).join(', ') +
        ` (now ${last(p)})`, { class: 'series', 'data-phase': p.phase,
        'data-points': p.points.map((pt) => pt.players).join(' ') });
      H.el('path', { d, class: `line ph-${phaseIndex[p.phase] % 6}`, fill: 'none' }, item);
    });
    view.moments.filter((m) => m.game_id == null || m.game_id === g.game_id).forEach((m) => {
      const x = scale.x(m.at);
      const item = H.item(svg, `${H.stamp(m.at)} ${m.stage}: ${m.summary}`, { class: 'moment', 'data-stage': m.stage });
      H.el('path', { d: `M${x},${HT - PAD.b + 22}l-6,9h12z`, class: `mark st-${m.stage}` }, item);
    });
    return wrap;
  }

  async function load() {
    const date = H.params().get('date') || '';
    $('date').value = date;
    try {
      const view = await H.json('/history/coverage' + (date ? '?date=' + encodeURIComponent(date) : ''));
      $('date').value = view.date;
      const phaseIndex = {};
      view.phases.forEach((p, i) => { phaseIndex[p] = i; });
      $('legend').innerHTML = view.phases.map((p, i) => `<li><i class="ph-${i % 6}"></i>${H.esc(p)}</li>`).join('') +
        '<li>dashed: minimum</li><li>▲ on the axis: alert, resolution or repair</li>';
      const times = view.games.flatMap((g) => g.phases.flatMap((p) => p.points.map((pt) => pt.at)))
        .concat(view.moments.map((m) => m.at));
      const tipoffs = view.games.map((g) => g.tipoff_at).sort();
      const to = tipoffs[tipoffs.length - 1];
      times.push(...tipoffs);
      if (view.alert_deadline) times.push(view.alert_deadline);
      $('summary').textContent = view.games.length
        ? `${view.date} · ${view.games.length} games · minimum ${view.min_players} players · first tip-off ` +
          `${H.stamp(view.first_tipoff)} · alert deadline ${H.stamp(view.alert_deadline)} · ${view.moments.length} alerts and repairs`
        : `${view.date}: no coverage reports archived for this date.`;
      $('games').innerHTML = '';
      view.games.forEach((g) => $('games').appendChild(gameChart(view, g, phaseIndex, times, to)));
      document.body.dataset.loaded = 'true';
    } catch (e) {
      H.fail($('games'), e);
      $('summary').textContent = '';
    }
  }

  load();
}());

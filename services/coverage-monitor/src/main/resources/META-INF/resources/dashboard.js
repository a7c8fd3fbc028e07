// The dashboard: polls /dashboard/state and renders it. Plain JS, no build step.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let pollMillis = 5000;
  let lastOk = null;
  let timer = null;

  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => (
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  function span(seconds) {
    const neg = seconds < 0;
    let s = Math.abs(seconds);
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60);
    const text = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
    return neg ? `${text} ago` : `in ${text}`;
  }

  function time(iso) {
    if (!iso) return '—';
    return new Date(iso).toISOString().substring(11, 16) + ' UTC';
  }

  function dayName(date) {
    return new Date(date + 'T12:00:00Z').toLocaleDateString('en-US',
      { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
  }

  function countdown(seconds, started) {
    if (started) return '<span class="countdown">started</span>';
    const cls = seconds < 2 * 3600 ? 'late' : seconds < 4 * 3600 ? 'soon' : '';
    return `<span class="countdown ${cls}">${esc(span(seconds))}</span>`;
  }

  // The deadline forecast per game: when the last coverage phase lands (or landed) against the game's tip-off.
  function landing(g) {
    const l = g.landing;
    const gap = esc(span(Math.abs(l ? l.seconds_before_tipoff : 0)).replace('in ', ''));
    if (!l) return '<td class="landing muted">—</td>';
    if (l.landed_at) {
      return `<td class="landing ok" title="landed ${gap} before tip-off">landed ${time(l.landed_at)}</td>`;
    }
    const cls = l.seconds_before_tipoff < 0 ? 'late' : l.at_risk ? 'soon' : 'ok';
    const before = l.seconds_before_tipoff < 0 ? 'after' : 'before';
    return `<td class="landing ${cls}" title="expected ${time(l.expected)}, p95 ${time(l.p95)}">
        ${time(l.expected)}<small>${gap} ${before} tip-off</small></td>`;
  }

  function tiles(state) {
    const critical = state.alerts.filter((a) => a.severity === 'critical').length;
    const stale = state.rosters.filter((t) => t.state !== 'fresh').length;
    const inFlight = state.repairs.filter((p) => p.state === 'running').length;
    const games = state.days.reduce((n, d) => n + d.games.filter((g) => !g.started).length, 0);
    const t = (label, value, level) => `<div class="tile ${level}"><span>${esc(label)}</span><b>${esc(value)}</b></div>`;
    $('tiles').innerHTML =
      t('Open alerts', state.alerts.length, critical ? 'bad' : state.alerts.length ? 'warn' : 'ok') +
      t('Critical', critical, critical ? 'bad' : 'ok') +
      t('Stuck runs', state.stuck.length, state.stuck.length ? 'bad' : 'ok') +
      t('Stale rosters', stale, stale ? 'bad' : 'ok') +
      t('Repairs running', inFlight, inFlight ? 'warn' : 'ok') +
      t('Games to play', games, '');
  }

  function day(d, min) {
    const phaseChips = d.phases.map((p) => `<div class="phase-chip ${p.ran ? '' : 'notrun'}" title="${esc(p.processor)}">
        ${esc(p.phase)} <b>${Math.round(p.coverage * 100)}%</b>
        <span class="muted">· ${p.games_at_min}/${p.games_total} games ≥ ${min}${p.ran ? '' : ' · not run yet'}</span></div>`).join('');
    // phones get the phase names shortened so that every phase column fits without scrolling
    const head = d.phases.map((p) => `<th class="num" title="${esc(p.processor)}"><span class="wide">${esc(p.phase)}</span><span class="short">${esc(p.phase.substring(0, 4))}</span></th>`).join('');
    const rows = d.games.map((g) => {
      const cells = g.cells.map((c) => `<td class="num cell ${c.level}" data-phase="${esc(c.phase)}"
          title="${c.players} of ${g.expected_players} expected (${Math.round(c.ratio * 100)}%)">
          <span>${c.players}</span><div class="bar"><i style="width:${Math.min(100, Math.round(c.ratio * 100))}%"></i></div></td>`).join('');
      return `<tr data-game="${esc(g.game_id)}" class="${g.started ? 'started' : ''}">
          <td class="matchup">${esc(g.away_team)} @ ${esc(g.home_team)}<small>${esc(g.game_id)}</small></td>
          <td><span class="tipoff-time">${time(g.tipoff_at)}<br></span>${countdown(g.seconds_to_tipoff, g.started)}</td>
          <td class="num hide-narrow">${g.expected_players}</td>${cells}${landing(g)}</tr>`;
    }).join('');
    let deadline = '';
    if (d.alert_deadline) {
      const passed = d.seconds_to_deadline <= 0;
      deadline = `<span class="deadline ${passed ? 'passed' : ''}">alert deadline ${time(d.alert_deadline)} · ${esc(span(d.seconds_to_deadline))}</span>`;
    }
    const table = d.games.length
      ? `<div class="scroll"><table class="games"><thead><tr><th>Game</th><th>Tip-off</th>
          <th class="num hide-narrow">Expected</th>${head}<th title="deadline forecast: the last phase's expected landing">Lands</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : '<p class="empty">No games scheduled.</p>';
    return `<section class="day" data-date="${esc(d.date)}">
        <div class="day-head"><h3>${esc(d.label)} · ${esc(dayName(d.date))}</h3>${deadline}</div>
        ${d.games.length ? `<div class="phases">${phaseChips}</div>` : ''}${table}</section>`;
  }

  function alerts(list) {
    if (!list.length) return '<p class="empty">No open gaps. Every game at or above the minimum.</p>';
    return list.map((a) => `<article class="alert ${esc(a.severity)}" data-game="${esc(a.game_id)}" data-phase="${esc(a.phase)}">
        <div class="alert-head"><b>${esc(a.away_team)} @ ${esc(a.home_team)} · ${esc(a.phase)}</b>
          <span class="badge ${esc(a.severity)}">${esc(a.severity)}</span></div>
        <div><strong>${a.players}</strong> of ${a.min_players} players (${a.expected_players} expected) ·
          tip-off ${time(a.tipoff_at)} ${countdown(a.seconds_to_tipoff, false)}</div>
        ${a.correlation_id ? `<a class="timeline-link" href="history/timeline.html?correlation_id=${encodeURIComponent(a.correlation_id)}&game_id=${encodeURIComponent(a.game_id)}">Timeline of this incident</a>` : ''}
        ${a.causes.length ? `<ul class="causes">${a.causes.map((c) => `<li><span class="cause-status">${esc(c.status)}</span>${esc(c.detail || c.processor)}</li>`).join('')}</ul>`
          : '<p class="empty">No root cause seen yet.</p>'}
      </article>`).join('');
  }

  function incidents(list) {
    if (!list.length) return '<p class="empty">No incidents.</p>';
    return list.map((i) => `<article class="alert ${i.state === 'OPEN' ? esc(i.severity) : 'resolved'}" data-incident="${esc(i.incident_id)}">
        <div class="alert-head"><b>${esc(i.root_cause)}</b>
          <span class="badge ${i.state === 'OPEN' ? esc(i.severity) : 'ok'}">${i.state === 'OPEN' ? esc(i.severity) : 'resolved'}</span></div>
        <div class="muted">opened ${time(i.opened_at)}${i.episode > 1 ? ` · reopened ×${i.episode - 1}` : ''} · ${esc(i.title)}</div>
        <ul class="causes">${i.alerts.map((a) => `<li class="${a.active ? '' : 'muted'}"><span class="cause-status">${esc(a.severity)}</span>${esc(a.detail)}${a.active ? '' : ' (answered)'}</li>`).join('')}</ul>
      </article>`).join('');
  }

  function runs(state) {
    $('stuck').innerHTML = state.stuck.length
      ? state.stuck.map((r) => `<div class="stuck"><b>${esc(r.processor)}</b> ${esc(r.data_date)} stuck · ${esc(r.detail || '')}
          <span class="muted">(run ${esc(r.run_id)})</span></div>`).join('')
      : '';
    const rows = state.runs.map((r) => `<tr><td>${esc(r.processor)}</td><td>${esc(r.data_date)}</td>
        <td><span class="status ${esc(r.status)}">${esc(r.status)}</span></td><td>${time(r.at)}</td>
        <td class="muted hide-narrow">${esc(r.detail || '')}</td></tr>`).join('');
    $('runs').innerHTML = rows
      ? `<thead><tr><th>Processor</th><th>Date</th><th>Status</th><th>At</th><th class="hide-narrow">Detail</th></tr></thead><tbody>${rows}</tbody>`
      : '<tbody><tr><td class="empty">No runs seen yet.</td></tr></tbody>';
  }

  function rosters(state) {
    $('rosters').innerHTML = state.rosters.map((t) => `<div class="team ${esc(t.state)}" data-team="${esc(t.team)}"
        title="latest roster ${esc(t.latest_roster_date || 'none')}"><b>${esc(t.team)}</b>
        ${t.age_days == null ? 'missing' : `${t.age_days} d old`}</div>`).join('') ||
      '<p class="empty">No roster table configured.</p>';
  }

  function repairs(list) {
    if (!list.length) return '<p class="empty">No repairs running.</p>';
    return list.map((p) => `<div class="plan" data-plan="${esc(p.plan_id)}">
        <div class="alert-head"><b>${esc(p.root_processor || '?')} ${esc(p.root_data_date || '')}</b>
          <span class="badge ${p.state === 'completed' ? 'ok' : p.state === 'abandoned' ? 'critical' : ''}">${esc(p.state)}</span></div>
        <div class="muted">${esc(p.plan_id)}${p.reason ? ' · ' + esc(p.reason) : ''}${p.detail ? ' · ' + esc(p.detail) : ''}
          · <a class="timeline-link" href="history/timeline.html?plan_id=${encodeURIComponent(p.plan_id)}">timeline</a></div>
        <div class="steps">${p.steps.map((s) => `<span class="step ${esc(s.state)}" title="${esc(s.detail || '')}">${esc(s.processor)} ${esc(s.data_date.substring(5))}${s.attempt > 1 ? ' ×' + s.attempt : ''}${s.degraded ? ' ⚠' : ''}</span>`).join('')}</div>
      </div>`).join('');
  }

  function render(state) {
    pollMillis = state.poll_millis || pollMillis;
    $('pipeline').textContent = `${state.pipeline} · minimum ${state.min_players} players per game`;
    $('now').textContent = new Date(state.now).toISOString().replace('T', ' ').substring(0, 16) + ' UTC';
    tiles(state);
    $('days').innerHTML = state.days.map((d) => day(d, state.min_players)).join('') ||
      '<section class="day"><p class="empty">No game dates to show.</p></section>';
    $('incidents').innerHTML = incidents(state.incidents || []);
    $('alerts').innerHTML = alerts(state.alerts);
    runs(state);
    rosters(state);
    $('repairs').innerHTML = repairs(state.repairs);
  }

  function markLive(ok, message) {
    $('live-dot').className = 'dot ' + (ok ? 'on' : 'off');
    const err = $('error');
    if (ok) {
      lastOk = Date.now();
      err.hidden = true;
    } else {
      err.hidden = false;
      err.textContent = 'Cannot reach the service: ' + message + '. Showing the last data received.';
    }
  }

  function tickUpdated() {
    $('updated').textContent = lastOk ? `live · updated ${Math.round((Date.now() - lastOk) / 1000)} s ago` : 'connecting…';
  }

  async function poll() {
    try {
      const res = await fetch('/dashboard/state', { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      render(await res.json());
      markLive(true);
      document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
    } catch (e) {
      markLive(false, e.message);
    }
    tickUpdated();
    clearTimeout(timer);
    timer = setTimeout(poll, pollMillis);
  }

  setInterval(tickUpdated, 1000);
  poll();
}());

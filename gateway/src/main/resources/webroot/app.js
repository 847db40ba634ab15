// The cairn page: jobs, one job live, snapshots and a snapshot browser, all from the JSON API.
// Plain modules, no build step. Text from the server is only ever set as text, never as HTML.

import { api } from './api.js';
import { signedIn } from './login.js';
import { ago, bytes, count, duration, el, ratio } from './format.js';
import { browse, browsing, loadSnapshots, reportErrorsTo } from './snapshots.js';

const $ = (id) => document.getElementById(id);
const MIB = 1024 * 1024;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
const STORE_JOBS = new Set(['check', 'forget', 'prune']); // run by the store: no files, no throughput, no cancel
const PHASES = {
  queued: 'Waiting for a free slot',
  preparing: 'Preparing',
  scanning: 'Scanning and hashing',
  hashing: 'Hashing the last files',
  committing: 'Committing the snapshot',
  restoring: 'Restoring',
  writing: 'Writing the last files',
  checking: 'Checking the repository',
  forgetting: 'Forgetting snapshots',
  pruning: 'Pruning unused data',
};

const state = {
  jobs: [],
  selected: null,
  job: null,
  stream: null,
  chart: null,
};

function say(text, kind = 'ok') {
  const m = $('start-message');
  m.textContent = text;
  m.className = `message ${kind}`;
}

// ---- repository and health --------------------------------------------------------------------

async function loadRepository() {
  try {
    const r = await api('GET', '/api/repository');
    $('repo-location').textContent = r.location;
    $('repo-snapshots').textContent = count(r.snapshots);
    $('repo-logical').textContent = bytes(r.logicalBytes);
    $('repo-stored').textContent = bytes(r.storedBytes);
    $('repo-dedup').textContent = r.logicalBytes ? ratio(r.dedupRatio) : '–';
  } catch (e) { /* the health dot says what is wrong */ }
}

async function loadHealth() {
  const box = $('health');
  try {
    const res = await fetch('/health/ready');
    const up = res.ok;
    box.className = `stat health ${up ? 'up' : 'down'}`;
    $('health-text').textContent = up ? 'ready' : 'not ready';
  } catch (e) {
    box.className = 'stat health down';
    $('health-text').textContent = 'unreachable';
  }
}

// ---- jobs -------------------------------------------------------------------------------------

function fraction(job) {
  if (job.state === 'succeeded') return 1;
  const c = job.counters;
  if (c.bytesTotal == null) return null;
  if (c.bytesTotal > 0) return Math.min(1, c.bytesDone / c.bytesTotal);
  if (c.filesTotal > 0) return Math.min(1, c.filesDone / c.filesTotal);
  return TERMINAL.has(job.state) ? 1 : null;
}

function describeRequest(job) {
  const r = job.request;
  if (r.type === 'backup') return r.paths.join(' ');
  if (r.type === 'restore') return `${(job.snapshot || r.snapshot).slice(0, 8)} → ${r.target}${r.include ? ` (${r.include})` : ''}`;
  const dry = r.dryRun ? ' (dry run)' : '';
  if (r.type === 'forget') {
    const rules = [['keepLast', 'last'], ['keepDaily', 'daily'], ['keepWeekly', 'weekly'], ['keepMonthly', 'monthly']]
      .filter(([k]) => r[k] > 0).map(([k, name]) => `${name} ${r[k]}`);
    return `keep ${rules.join(', ')}${dry}`;
  }
  if (r.type === 'prune') return `unused data${dry}`;
  if (r.readDataSubset) return `structure and data of packs ${r.readDataSubset}`;
  return r.readData ? 'structure and data' : 'structure';
}

function reportText(job) {
  if (job.check) return `No problems in ${count(job.check.snapshots)} snapshots, ${count(job.check.packs)} packs, ${count(job.check.blobs)} blobs.`;
  if (job.forget) {
    const f = job.forget;
    return `${count(f.kept.length)} snapshots kept, ${count(f.removed.length)} ${f.dryRun ? 'would be removed (dry run)' : 'removed'}.`;
  }
  if (job.prune) {
    const p = job.prune;
    return `${count(p.removed.length)} packs ${p.dryRun ? 'would be removed' : 'removed'}, ${count(p.repacked.length)} repacked; `
      + `${bytes(p.bytesBefore)} → ${bytes(p.bytesAfter)}, ${p.dryRun ? 'would free' : 'freed'} ${bytes(p.bytesFreed)}.`;
  }
  return 'Done.';
}

function summary(job) {
  const c = job.counters;
  const parts = [ago(job.created)];
  if (!STORE_JOBS.has(job.type)) parts.push(`${count(c.filesDone)} files`, bytes(c.bytesDone));
  if (TERMINAL.has(job.state) && job.elapsedMillis) parts.push(duration(job.elapsedMillis));
  if (c.errors) parts.push(`${count(c.errors)} errors`);
  return parts.join(' · ');
}

async function loadJobs() {
  try {
    const { jobs } = await api('GET', '/api/jobs');
    state.jobs = jobs;
    if (state.job) {
      const i = jobs.findIndex((j) => j.id === state.job.id);
      if (i >= 0 && !TERMINAL.has(jobs[i].state) && state.stream) jobs[i] = state.job; // the stream is fresher
    }
    renderJobs();
    if (!state.selected && jobs.length) select(jobs[0].id);
  } catch (e) { /* shown by the health dot */ }
}

function renderJobs() {
  const list = $('job-list');
  list.replaceChildren(...state.jobs.map((job) => {
    const f = fraction(job);
    return el('li', {
      class: `job-item ${job.state}${job.id === state.selected ? ' selected' : ''}`,
      dataset: { job: job.id, state: job.state },
      on: { click: () => select(job.id) },
    },
    el('span', { class: 'kind' }, job.type),
    el('span', { class: 'target', title: describeRequest(job) }, describeRequest(job)),
    el('span', { class: `pill ${job.state}` }, job.state),
    el('span', { class: 'summary' }, summary(job)),
    el('div', { class: 'mini' }, el('div', { style: `width:${Math.round((f ?? 0) * 100)}%` })));
  }));
  $('jobs-empty').hidden = state.jobs.length > 0;
}

function select(id) {
  if (state.selected === id && state.stream) return;
  if (state.stream) state.stream.close();
  state.selected = id;
  state.job = null;
  renderJobs();
  const stream = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
  stream.addEventListener('job', (e) => {
    const job = JSON.parse(e.data);
    showJob(job);
    if (TERMINAL.has(job.state)) {
      stream.close(); // the server has ended the stream; do not let the browser reconnect
      if (state.stream === stream) state.stream = null;
    }
  });
  state.stream = stream;
}

function showJob(job) {
  const before = state.job;
  state.job = job;
  const i = state.jobs.findIndex((j) => j.id === job.id);
  if (i >= 0) state.jobs[i] = job; else state.jobs.unshift(job);
  renderJobs();

  const box = $('job-detail');
  box.hidden = false;
  box.className = `card job ${job.state}`;
  box.dataset.job = job.id;
  $('job-type').textContent = job.type;
  const pill = $('job-state');
  pill.textContent = job.state;
  pill.className = `pill ${job.state}`;
  $('job-what').textContent = describeRequest(job);
  $('job-phase').textContent = job.state === 'succeeded' ? 'Done'
    : TERMINAL.has(job.state) ? job.state[0].toUpperCase() + job.state.slice(1) : PHASES[job.phase] || job.phase;
  $('job-cancel').hidden = TERMINAL.has(job.state) || STORE_JOBS.has(job.type);
  $('job-cancel').disabled = job.cancelRequested;

  const c = job.counters;
  const f = fraction(job);
  const bar = $('job-bar');
  bar.classList.toggle('indeterminate', f == null && !TERMINAL.has(job.state));
  bar.style.width = `${Math.round((f ?? (TERMINAL.has(job.state) ? 1 : 0)) * 100)}%`;
  const eta = job.etaMillis != null ? `${duration(job.etaMillis)} left` : TERMINAL.has(job.state) ? `took ${duration(job.elapsedMillis)}` : 'counting…';
  $('job-eta').textContent = f != null && !TERMINAL.has(job.state) ? `${Math.floor(f * 100)}% · ${eta}` : eta;

  const verb = job.type === 'restore' ? 'written' : 'backed up';
  const known = c.bytesTotal != null;
  $('job-files').textContent = known ? `${count(c.filesDone)} / ${count(c.filesTotal)}` : count(c.filesDone);
  $('job-files-label').textContent = known ? `files ${verb}` : `files ${verb} · ${count(c.filesFound)} found so far`;
  $('job-bytes').textContent = known ? `${bytes(c.bytesDone)} / ${bytes(c.bytesTotal)}` : bytes(c.bytesDone);
  $('job-bytes-label').textContent = known ? `data ${verb}` : `data ${verb} · ${bytes(c.bytesFound)} found`;
  $('job-rate-label').textContent = TERMINAL.has(job.state) ? 'average throughput' : 'throughput now';
  $('job-rate').textContent = TERMINAL.has(job.state) ? bytes(job.elapsedMillis ? (c.bytesRead * 1000) / job.elapsedMillis : 0) + '/s'
    : `${bytes(job.throughput.bytesPerSecond)}/s`;
  $('job-dedup').textContent = job.type !== 'backup' ? '–' : c.bytesNew === 0 && c.bytesRead > 0 ? 'all stored'
    : c.bytesRead === 0 ? '–' : ratio(job.dedupRatio);

  const rows = STORE_JOBS.has(job.type) ? [] : [
    ['files found', count(c.filesFound)], ['files done', count(c.filesDone)],
    ['unchanged, not read', count(c.filesUnchanged)], ['directories', count(c.directories)],
    ['bytes found', bytes(c.bytesFound)], [job.type === 'restore' ? 'bytes written' : 'bytes read', bytes(c.bytesRead)],
  ];
  if (job.type === 'backup') {
    rows.push(['new data stored', bytes(c.bytesNew)], ['chunks new', count(c.chunksNew)], ['chunks already stored', count(c.chunksDuplicate)]);
  }
  if (!TERMINAL.has(job.state) && !STORE_JOBS.has(job.type)) {
    rows.push(['files waiting', count(job.queues.filesWaiting)], ['batches at hashers', count(job.queues.batchesInFlight)]);
  }
  rows.push(['errors', count(c.errors)]);
  $('job-counters').replaceChildren(...rows.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))));
  showWorkers(job.workers || {});

  const result = $('job-result');
  result.className = 'result';
  result.replaceChildren();
  if (job.state === 'succeeded' && job.type === 'backup' && job.snapshot) {
    result.append('Snapshot ', el('code', { id: 'job-snapshot' }, job.snapshot), ' ',
      el('button', { class: 'link', type: 'button', on: { click: () => browse(job.snapshot) } }, 'Browse'));
  } else if (job.state === 'succeeded' && job.type === 'restore') {
    result.append(`Restored snapshot ${job.snapshot.slice(0, 8)} under ${job.request.target}.`);
  } else if (job.state === 'succeeded' && STORE_JOBS.has(job.type)) {
    result.append(reportText(job));
  } else if (job.state === 'failed') {
    result.className = 'result bad';
    result.append(job.error || 'failed');
  } else if (job.state === 'cancelled') {
    result.append(job.type === 'backup' ? 'Cancelled: no snapshot was written.' : 'Cancelled.');
  } else if (job.cancelRequested) {
    result.append('Cancelling…');
  }

  const errors = job.check ? job.check.problems : job.errors;
  $('job-errors-box').hidden = errors.length === 0;
  $('job-error-count').textContent = c.errors > errors.length ? `(first ${errors.length} of ${count(c.errors)})` : `(${errors.length})`;
  $('job-errors').replaceChildren(...errors.map((line) => el('li', {}, line)));

  plot(job);
  if (TERMINAL.has(job.state) && (!before || before.id !== job.id || !TERMINAL.has(before.state))) {
    loadSnapshots();
    loadRepository();
  }
}

// ---- the throughput chart ---------------------------------------------------------------------

function plot(job) {
  const box = $('job-chart');
  const points = job.history || [];
  box.hidden = points.length === 0;
  $('job-chart-note').hidden = points.length > 0;
  $('job-chart-note').textContent = STORE_JOBS.has(job.type) ? `A ${job.type} reports no throughput.`
    : TERMINAL.has(job.state) ? 'The job ended before its first measurement.' : 'Measuring…';
  if (!window.uPlot || points.length === 0) return;
  const data = [points.map((p) => p[0] / 1000), points.map((p) => Math.round((p[1] / MIB) * 10) / 10)];
  if (!state.chart) {
    state.chart = new window.uPlot({
      width: Math.max(300, box.clientWidth),
      height: 170,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      series: [{}, { label: 'MiB/s', stroke: '#2f7f86', width: 2, fill: 'rgba(47, 127, 134, 0.12)', points: { show: false } }],
      axes: [
        {
          incrs: [0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800],
          values: (u, ticks) => ticks.map((t) => (t < 60 ? `${+t.toFixed(2)}s` : duration(t * 1000))),
          stroke: '#64747d',
          grid: { stroke: '#eef2f3' },
        },
        { values: (u, ticks) => ticks.map((t) => `${t} MiB/s`), size: 80, stroke: '#64747d', grid: { stroke: '#eef2f3' } },
      ],
    }, data, box);
  } else {
    state.chart.setData(data);
  }
}

window.addEventListener('resize', () => {
  if (state.chart) state.chart.setSize({ width: Math.max(300, $('job-chart').clientWidth), height: 170 });
});

// ---- actions ----------------------------------------------------------------------------------

async function start(body, what) {
  try {
    const job = await api('POST', '/api/jobs', body);
    say(`Started ${what}.`);
    state.jobs.unshift(job);
    select(job.id);
  } catch (e) {
    say(e.message, 'bad');
  }
}

$('backup-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const path = $('backup-path').value.trim();
  start({ type: 'backup', paths: [path], force: $('backup-force').checked }, `a backup of ${path}`);
});

$('check-start').addEventListener('click', () => start({ type: 'check' }, 'a check of the repository'));

$('restore-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const b = browsing();
  if (!b) return;
  const body = { type: 'restore', snapshot: b.snapshot, target: $('restore-target').value.trim() };
  if (b.path !== '/') body.include = b.path;
  start(body, `a restore of ${b.snapshot.slice(0, 8)}`);
  window.scrollTo({ top: 0, behavior: 'smooth' });
});

$('job-cancel').addEventListener('click', async () => {
  if (!state.job) return;
  try {
    showJob(await api('DELETE', `/api/jobs/${encodeURIComponent(state.job.id)}`));
  } catch (e) {
    say(e.message, 'bad');
  }
});

// ---- start ------------------------------------------------------------------------------------

reportErrorsTo((message) => say(message, 'bad'));
loadHealth();
setInterval(loadHealth, 10000);
signedIn().then(() => {
  loadRepository();
  loadSnapshots();
  loadJobs();
  setInterval(loadJobs, 2000);
  setInterval(() => { if (state.jobs.some((j) => !TERMINAL.has(j.state))) loadRepository(); }, 5000);
});

/** Which node's hashers did how much of a backup: one row per node, shown once two or more took part. */
function showWorkers(workers) {
  const nodes = Object.entries(workers);
  $('job-workers').hidden = nodes.length < 2;
  $('job-workers').tBodies[0].replaceChildren(...nodes.map(([node, w]) => el('tr', {},
    el('td', { title: node }, el('code', {}, node.slice(0, 8))), el('td', {}, count(w.files)),
    el('td', {}, bytes(w.bytes)), el('td', {}, bytes(w.bytesSent)))));
}

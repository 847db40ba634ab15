// The snapshot list and the snapshot browser of the cairn page.

import { api } from './api.js';
import { bytes, count, el, ratio, when } from './format.js';

const $ = (id) => document.getElementById(id);
let snapshots = [];
/** The directory shown: {snapshot, path, entry}, or null. */
let current = null;
let onError = () => {};

/** Says where a failed browse is reported. */
export function reportErrorsTo(report) {
  onError = report;
}

/** The snapshot and path the browser shows, or null. */
export function browsing() {
  return current;
}

export async function loadSnapshots() {
  try {
    const answer = await api('GET', '/api/snapshots');
    snapshots = answer.snapshots.slice().reverse();
    renderSnapshots();
    if (!current && snapshots.length) browse(snapshots[0].id);
  } catch (e) { /* shown by the health dot */ }
}

function renderSnapshots() {
  $('snapshot-rows').replaceChildren(...snapshots.map((s) => {
    const t = s.totals;
    return el('tr', { dataset: { snapshot: s.id }, class: current && current.snapshot === s.id ? 'selected' : '' },
      el('td', { class: 'id' }, el('code', { title: s.id }, s.shortId),
        s.errorCount ? el('span', { class: 'badge', title: 'files that could not be read' }, `${s.errorCount} errors`) : ''),
      el('td', { class: 'when', title: s.time }, when(s.time)),
      el('td', { class: 'paths', title: s.paths.join('\n') }, s.paths.join('  ')),
      el('td', { class: 'num' }, count(t.files)),
      el('td', { class: 'num' }, bytes(t.bytes)),
      el('td', { class: 'num' }, bytes(t.newBytes)),
      el('td', { class: 'num' }, t.newBytes === 0 ? '—' : ratio(s.dedupRatio)),
      el('td', { class: 'num' }, el('button', { class: 'link', type: 'button', on: { click: () => browse(s.id) } }, 'Browse')));
  }));
  $('snapshots-empty').hidden = snapshots.length > 0;
}

export async function browse(id, path) {
  const snapshot = snapshots.find((s) => s.id === id);
  const start = path ?? (snapshot ? commonDirectory(snapshot.paths) : '/');
  try {
    const t = await api('GET', `/api/snapshots/${encodeURIComponent(id)}/tree?path=${encodeURIComponent(start)}`);
    current = { snapshot: t.snapshot, path: t.path, entry: t.entry };
    renderBrowser(t);
    renderSnapshots();
  } catch (e) {
    onError(e.message);
  }
}

// The deepest directory that holds every one of the paths: where a snapshot's content starts.
function commonDirectory(paths) {
  if (paths.length === 1) return paths[0];
  const split = paths.map((p) => p.split('/').filter(Boolean));
  const common = [];
  for (let i = 0; split.every((parts) => i < parts.length - 1 && parts[i] === split[0][i]); i++) common.push(split[0][i]);
  return `/${common.join('/')}`;
}

function renderBrowser(t) {
  const box = $('browser');
  box.hidden = false;
  box.dataset.snapshot = t.snapshot;
  $('browser-snapshot').textContent = t.snapshot.slice(0, 8);
  $('restore-what').textContent = t.path === '/' ? 'everything' : t.entry.type === 'directory' ? `${t.entry.name}/` : t.entry.name;
  $('restore-start').title = t.path === '/' ? 'Restore the whole snapshot' : `Restore ${t.path}`;

  const crumbs = [el('button', { class: 'link', type: 'button', on: { click: () => browse(t.snapshot, '/') } }, '/')];
  let acc = '';
  for (const part of t.path.split('/').filter(Boolean)) {
    acc += `/${part}`;
    const to = acc;
    crumbs.push(el('span', { class: 'sep' }, '›'),
      el('button', { class: 'link', type: 'button', on: { click: () => browse(t.snapshot, to) } }, part));
  }
  $('browser-crumbs').replaceChildren(...crumbs);

  const up = t.path === '/' ? [] : [el('tr', { class: 'dir' },
    el('td', { class: 'name' }, el('span', { class: 'icon' }, '↰'),
      el('button', { class: 'link', type: 'button', on: { click: () => browse(t.snapshot, t.path.replace(/\/[^/]*$/, '') || '/') } }, '..')),
    el('td'), el('td'), el('td'), el('td'))];
  const rows = t.entries.map((e) => {
    const dir = e.type === 'directory';
    const name = dir
      ? el('button', { class: 'link', type: 'button', on: { click: () => browse(t.snapshot, e.path) } }, `${e.name}/`)
      : el('span', {}, e.name, e.type === 'symlink' ? el('span', { class: 'link-target' }, ` → ${e.target}`) : '');
    return el('tr', { class: dir ? 'dir' : '', dataset: { path: e.path } },
      el('td', { class: 'name' }, el('span', { class: 'icon' }, dir ? '▸' : e.type === 'symlink' ? '↪' : '·'), name),
      el('td', { class: 'num' }, dir ? '' : e.device ?? bytes(e.size)),
      el('td', { class: 'mode' }, e.mode),
      el('td', { class: 'owner' }, e.user === undefined ? '' : `${e.user}/${e.group}`),
      el('td', { class: 'when' }, when(e.mtime)));
  });
  $('browser-rows').replaceChildren(...up, ...rows);
  const more = $('browser-more');
  more.hidden = t.entries.length === 0 ? false : t.total <= t.entries.length;
  more.textContent = t.entries.length === 0 && t.entry.type === 'directory' ? 'An empty directory.'
    : t.entry.type !== 'directory' ? `A ${t.entry.type}, ${bytes(t.entry.size)}.` : `Showing ${t.entries.length} of ${count(t.total)} entries.`;
}

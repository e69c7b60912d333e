// Retrain requests you can follow: stage and elapsed time from the status API, a warning when no worker picks one up,
// cancel while queued, a history kept in this browser, and a message when a request finishes.
import { api } from './api.js';
import { $, announce, el, pick, say } from './dom.js';
import { loadModels } from './models.js';

const historyKey = 'fashionFunctions.retrainHistory';
const historySize = 8;
const pollMilliseconds = 1500;
// The queue consumer usually starts a request within seconds; half a minute of waiting means nobody is listening.
const unattendedSeconds = 30;
const finished = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

const stages = {
  queued: 'waiting in the queue for a worker',
  running: 'training and evaluating',
  succeeded: 'finished',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled before it ran',
};

let following;

const readHistory = () => {
  try {
    return JSON.parse(localStorage.getItem(historyKey) ?? '[]');
  } catch {
    return [];
  }
};

function remember(state) {
  const entry = { requestId: state.requestId, requestedAt: state.requestedAt, status: state.status, modelVersion: state.modelVersion ?? null };
  const history = [entry, ...readHistory().filter((h) => h.requestId !== entry.requestId)].slice(0, historySize);
  localStorage.setItem(historyKey, JSON.stringify(history));
  showHistory(history);
}

function showHistory(history = readHistory()) {
  $('retrain-history').replaceChildren(...history.map((h) => el('li', {},
    el('code', {}, h.requestId), ` ${h.status}`, h.modelVersion ? `, model ${h.modelVersion}` : '',
    h.requestedAt ? el('span', { class: 'hint' }, ` · ${new Date(`${h.requestedAt}`.endsWith('Z') ? h.requestedAt : `${h.requestedAt}Z`).toLocaleString()}`) : '')));
}

const seconds = (value) => (value < 90 ? `${Math.round(value)} s` : `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`);
const utc = (text) => new Date(`${text}`.endsWith('Z') ? text : `${text}Z`);

/** The status line: stage, and time so far (waiting, or running since the start, or the whole run once finished). */
function show(state) {
  const status = pick(state, 'status') ?? 'queued';
  const elapsed = finished.has(status) && state.finishedAt
    ? (utc(state.finishedAt) - utc(state.requestedAt)) / 1000
    : status === 'running' && state.startedAt ? (Date.now() - utc(state.startedAt)) / 1000 : pick(state, 'waitedSeconds') ?? 0;
  const version = pick(state, 'modelVersion');
  const parts = [`Retrain ${status}`, stages[status], seconds(Math.max(0, elapsed)), version ? `model ${version}` : '', pick(state, 'message')];
  $('retrain-status').textContent = parts.filter(Boolean).join(' · ');
  $('retrain-cancel').hidden = status !== 'queued';
  const unattended = status === 'queued' && (pick(state, 'waitedSeconds') ?? 0) >= unattendedSeconds;
  $('retrain-waiting').hidden = !unattended;
  $('retrain-waiting').textContent = unattended
    ? `No worker has picked this request up after ${seconds(state.waitedSeconds)}. The queue-triggered function RetrainFromQueue may not be running; the request waits in the queue until it does, or you can cancel it.`
    : '';
  const progress = $('retrain-progress');
  progress.hidden = finished.has(status);
  if (status === 'queued') progress.value = 0;
  else progress.removeAttribute('value');
}

/** Polls one request until it finishes; a newer request (or a reload) takes over the panel. */
async function follow(requestId) {
  const token = {};
  following = { requestId, token };
  $('retrain').disabled = true;
  try {
    while (following?.token === token) {
      const state = await api(`models/retrain/${encodeURIComponent(requestId)}`);
      if (following?.token !== token) return;
      show(state);
      remember(state);
      if (finished.has(state.status)) {
        const text = `Retrain ${state.requestId} ${state.status}${state.modelVersion ? `: model ${state.modelVersion}` : ''}${state.message ? ` (${state.message})` : ''}.`;
        say(text, state.status === 'succeeded' ? 'info' : 'error');
        announce(text);
        await loadModels();
        return;
      }
      await new Promise((resolve) => { setTimeout(resolve, pollMilliseconds); });
    }
  } catch (error) {
    $('retrain-status').textContent = `Retrain: ${error.message}`;
    $('retrain-progress').hidden = true;
  } finally {
    if (following?.token === token) {
      following = undefined;
      $('retrain').disabled = false;
    }
  }
}

/** The retrain body from the form: only what the user chose, so everything else comes from the app's settings. */
function retrainBody() {
  const body = {};
  if ($('retrain-trainer').value) body.trainer = $('retrain-trainer').value;
  if ($('retrain-limit').value) body.options = { trainLimit: Number($('retrain-limit').value) };
  if ($('retrain-force').checked) body.force = true;
  return JSON.stringify(body);
}

async function retrain(event) {
  event.preventDefault();
  // Focus goes to the panel that will tell what happens, before the button is disabled and would drop it.
  $('retrain-panel').focus();
  $('retrain').disabled = true;
  $('retrain-status').textContent = 'Requesting a retrain…';
  try {
    const accepted = await api('models/retrain', { method: 'POST', body: retrainBody(), contentType: 'application/json' });
    const requestId = pick(accepted, 'requestId', 'id');
    show({ status: 'queued', waitedSeconds: 0, ...accepted });
    await follow(requestId);
  } catch (error) {
    $('retrain-status').textContent = `Retrain: ${error.message}`;
    $('retrain').disabled = false;
  }
}

async function cancel() {
  const requestId = following?.requestId;
  if (!requestId) return;
  try {
    const state = await api(`models/retrain/${encodeURIComponent(requestId)}/cancel`, { method: 'POST' });
    show(state);
    remember(state);
  } catch (error) {
    say(`Cancel: ${error.message}`);
  }
  $('retrain-panel').focus();
}

export function setupRetrain() {
  $('retrain-form').addEventListener('submit', retrain);
  $('retrain-cancel').addEventListener('click', cancel);
  showHistory();
  // A request still open when the page was last closed is followed again.
  const open = readHistory().find((h) => !finished.has(h.status));
  if (open) follow(open.requestId);
}

// The model registry: versions with their metrics, the active one, a confusion heatmap, activation and retraining.
import { api } from './api.js';
import { $, attempt, el, formatValue, pick, rowsOf, say, table } from './dom.js';

const versionOf = (model) => pick(model, 'version', 'modelVersion', 'id');
const finished = /^(succeeded|success|completed|complete|done|failed|faulted|rejected|skipped|cancell?ed|error)$/i;
const modelColumns = ['version', 'status', 'trainer', 'accuracy', 'macroF1', 'logLoss', 'trainingRows', 'trainingSeconds', 'createdAt'];

/** The registry columns worth a glance; other fields (hashes, hyperparameters, matrices) stay in the API. */
const summaryOf = (model) => (modelColumns.some((c) => c in model)
  ? Object.fromEntries(modelColumns.filter((c) => c in model).map((c) => [c, model[c]]))
  : model);
const pollMilliseconds = 1500;

let activeVersion;

/** The active model's version as last loaded, or undefined when none is active. */
export const activeModelVersion = () => activeVersion;

export async function loadModels() {
  let active;
  try {
    active = await api('models/active');
    $('active-model').textContent = `${versionOf(active)}`;
    $('active-model-note').textContent = '';
    activeVersion = versionOf(active);
  } catch (error) {
    activeVersion = undefined;
    $('active-model').textContent = 'none';
    $('active-model-note').textContent = `(${error.message})`;
  }
  await attempt(async () => {
    const models = rowsOf(await api('models'));
    $('models-table').replaceChildren(table(models.map(summaryOf), { caption: 'Registered models', actions: modelActions }));
    fillModelChoices(models);
  }, $('models-table'));
  if (active) await showConfusion(versionOf(active));
  else $('confusion').replaceChildren(el('p', { class: 'hint' }, 'No active model, so no confusion matrix yet.'));
}

function modelActions(model) {
  const version = versionOf(model);
  return el('span', { class: 'row-actions' },
    el('button', { type: 'button', onclick: () => showConfusion(version) }, `Confusion ${version}`),
    el('button', {
      type: 'button',
      onclick: async () => {
        if (await attempt(() => api(`models/${encodeURIComponent(version)}/activate`, { method: 'POST' })) !== undefined) {
          say(`Model ${version} is now active.`, 'info');
          loadModels();
        }
      },
    }, `Activate ${version}`));
}

function fillModelChoices(models) {
  const select = $('summary-model');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'Active'),
    ...models.map((m) => el('option', { value: versionOf(m) }, `${versionOf(m)}`)));
  select.value = chosen;
}

async function showConfusion(version) {
  $('confusion-model').textContent = `(model ${version})`;
  await attempt(async () => {
    const body = await api(`models/${encodeURIComponent(version)}/confusion?format=json`);
    $('confusion').replaceChildren(heatmap(body));
  }, $('confusion'));
}

/** Rows are true classes, columns predicted ones; cell colour is the share of the row, so recall reads along the diagonal. */
export function heatmap(body) {
  const matrix = pick(body, 'matrix', 'counts', 'cells') ?? Object.values(body).find((v) => Array.isArray(v) && Array.isArray(v[0]));
  const names = pick(body, 'classNames', 'classes', 'labels') ?? matrix.map((_, i) => `${i}`);
  const head = el('tr', {}, el('th', { scope: 'col' }, 'true ↓ / predicted →'), ...names.map((n) => el('th', { scope: 'col' }, n)));
  const rows = matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return el('tr', {}, el('th', { scope: 'row' }, names[i]), ...row.map((count, j) => {
      const cell = el('td', { class: i === j ? 'diagonal' : '', title: `${names[i]} predicted as ${names[j]}: ${count}` }, formatValue(count));
      const share = count / total;
      cell.style.backgroundColor = `rgba(${i === j ? '29, 110, 87' : '200, 50, 50'}, ${share.toFixed(3)})`;
      if (share > 0.5) cell.classList.add('strong');
      return cell;
    }));
  });
  return el('table', { class: 'heatmap' }, el('caption', {}, 'Confusion matrix (rows: true class)'), el('thead', {}, head), el('tbody', {}, ...rows));
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
  const button = $('retrain');
  const status = $('retrain-status');
  const progress = $('retrain-progress');
  button.disabled = true;
  status.textContent = 'Requesting a retrain…';
  try {
    const response = await api('models/retrain', { method: 'POST', body: retrainBody(), contentType: 'application/json', as: 'response' });
    const accepted = await response.json().catch(() => ({}));
    const location = response.headers.get('location') ?? `models/retrain/${pick(accepted, 'requestId', 'id')}`;
    let state = accepted;
    progress.hidden = false;
    progress.removeAttribute('value');
    while (true) {
      showRetrainState(state);
      if (finished.test(`${pick(state, 'status', 'state') ?? ''}`)) break;
      await new Promise((resolve) => setTimeout(resolve, pollMilliseconds));
      state = await api(location);
    }
    loadModels();
  } catch (error) {
    status.textContent = `Retrain: ${error.message}`;
    progress.hidden = true;
  } finally {
    button.disabled = false;
  }
}

function showRetrainState(state) {
  const progress = $('retrain-progress');
  const fraction = pick(state, 'progress', 'percent');
  if (typeof fraction === 'number') progress.value = fraction > 1 ? fraction / 100 : fraction;
  const parts = [pick(state, 'status', 'state') ?? 'accepted', pick(state, 'message', 'stage', 'step'), pick(state, 'error', 'detail')];
  const version = pick(state, 'modelVersion', 'version');
  if (version !== undefined) parts.push(`model ${version}`);
  $('retrain-status').textContent = `Retrain ${parts.filter((p) => p !== undefined && p !== '').join(' · ')}`;
  if (finished.test(`${pick(state, 'status', 'state') ?? ''}`)) progress.value = 1;
}

export function setupModels() {
  $('retrain-form').addEventListener('submit', retrain);
}

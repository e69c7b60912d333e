// The model registry: versions with their metrics, the active one, a confusion heatmap, activation and retraining.
import { api } from './api.js';
import { $, attempt, el, formatValue, pick, rowsOf, say, table } from './dom.js';
import { fillComparisonChoices } from './compare.js';
import { showMistakes } from './predictions.js';
import { pageState, saveState } from './state.js';

const versionOf = (model) => pick(model, 'version', 'modelVersion', 'id');
const modelColumns = ['version', 'status', 'trainer', 'accuracy', 'macroF1', 'logLoss', 'trainingRows', 'trainingSeconds', 'createdAt'];

/** The registry columns worth a glance; other fields (hashes, hyperparameters, matrices) stay in the API. */
const summaryOf = (model) => (modelColumns.some((c) => c in model)
  ? Object.fromEntries(modelColumns.filter((c) => c in model).map((c) => [c, model[c]]))
  : model);

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
    fillPredictionModels(models);
    fillComparisonChoices(models, activeVersion);
  }, $('models-table'));
  if (active) await showConfusion(versionOf(active));
  else $('confusion').replaceChildren(el('p', { class: 'hint' }, 'No active model, so no confusion matrix yet.'));
}

function modelActions(model) {
  const version = versionOf(model);
  const activatable = version !== activeVersion && ['candidate', 'retired'].includes(`${pick(model, 'status') ?? 'candidate'}`);
  return el('span', { class: 'row-actions' },
    el('button', { type: 'button', onclick: () => showConfusion(version) }, `Confusion ${version}`),
    !activatable ? null : el('button', {
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
  select.value = chosen || select.dataset.wanted;
  select.dataset.wanted = '';
}

/** The models a prediction may be asked of: active, candidate and shadow ones (the API refuses the rest). */
function fillPredictionModels(models) {
  const select = $('predict-model');
  const wanted = select.value || pageState.get('predictModel') || '';
  const choosable = models.filter((m) => ['active', 'candidate', 'shadow'].includes(m.status));
  select.replaceChildren(el('option', { value: '' }, 'Active'),
    ...choosable.map((m) => el('option', { value: versionOf(m) }, `${versionOf(m)} (${m.status}, ${m.trainer})`)));
  select.value = wanted;
  if (select.value !== wanted) {
    say(`Model ${wanted} can no longer be chosen for predictions; the active model answers instead.`, 'info');
    saveState({ predictModel: '' });
  }
}

async function showConfusion(version) {
  $('confusion-model').textContent = `(model ${version})`;
  await attempt(async () => {
    const body = await api(`models/${encodeURIComponent(version)}/confusion?format=json`);
    $('confusion').replaceChildren(heatmap(body));
  }, $('confusion'));
}

/** A colour mixed with white, opaque, so dark text on it keeps its contrast in light and dark mode alike. */
const tint = ([r, g, b], share) => {
  const a = Math.min(1, share) * 0.6;
  return `rgb(${[r, g, b].map((c) => Math.round(255 * (1 - a) + c * a)).join(', ')})`;
};

/**
 * Rows are true classes, columns predicted ones; cell colour is the share of the row, so recall reads along the
 * diagonal. Each cell is a button (one tab stop for all, arrow keys between them) that shows the mistakes behind it.
 */
export function heatmap(body) {
  const matrix = pick(body, 'matrix', 'counts', 'cells') ?? Object.values(body).find((v) => Array.isArray(v) && Array.isArray(v[0]));
  const names = pick(body, 'classNames', 'classes', 'labels') ?? matrix.map((_, i) => `${i}`);
  const head = el('tr', {}, el('th', { scope: 'col' }, 'True ↓ / predicted →'), ...names.map((n) => el('th', { scope: 'col' }, n)));
  const rows = matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return el('tr', {}, el('th', { scope: 'row' }, names[i]), ...row.map((count, j) => {
      const share = count / total;
      const button = el('button', {
        type: 'button', class: 'cell', tabIndex: i === 0 && j === 0 ? 0 : -1, 'data-row': i, 'data-col': j,
        'aria-label': `${names[i]} predicted as ${names[j]}: ${count}`,
        onclick: () => showMistakes(names[i], names[j]),
      }, formatValue(count));
      const cell = el('td', { class: i === j ? 'diagonal' : '' }, button);
      cell.style.backgroundColor = tint(i === j ? [29, 110, 87] : [200, 50, 50], share);
      if (share > 0.5) cell.classList.add('strong');
      return cell;
    }));
  });
  return el('table', { class: 'heatmap' }, el('caption', {}, 'Confusion matrix on the Testing images (rows: true class)'), el('thead', {}, head), el('tbody', {}, ...rows));
}

export function setupModels() {
  $('confusion').addEventListener('keydown', moveAcrossCells);
}

/** Arrow keys move between matrix cells, so the whole matrix is one tab stop. */
function moveAcrossCells(event) {
  const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
  const cell = event.target.closest('button[data-row]');
  if (!cell || !moves[event.key]) return;
  const [dr, dc] = moves[event.key];
  const next = $('confusion').querySelector(`button[data-row="${Number(cell.dataset.row) + dr}"][data-col="${Number(cell.dataset.col) + dc}"]`);
  if (!next) return;
  event.preventDefault();
  cell.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

// Predictions made so far: the latest ones and accuracy per class for a model.
import { api } from './api.js';
import { $, attempt, el, rowsOf, table } from './dom.js';
import { activeModelVersion } from './models.js';

export async function loadPredictions() {
  await Promise.all([loadSummary(), loadLatest()]);
}

async function loadSummary() {
  // "Active" is sent as the active model's version: the summary is always for one named model.
  const model = $('summary-model').value || activeModelVersion();
  if (model === undefined) {
    $('summary').replaceChildren(el('p', { class: 'hint' }, 'No model is active: choose one to see its accuracy per class.'));
    return;
  }
  await attempt(async () => {
    const summary = await api(`predictions/summary?model=${encodeURIComponent(model)}`);
    const overall = typeof summary.accuracy === 'number'
      ? `: ${(summary.accuracy * 100).toFixed(1)}% of ${summary.labelled ?? summary.total} right${summary.modelVersion ? ` (model ${summary.modelVersion})` : ''}`
      : '';
    $('summary').replaceChildren(table(rowsOf(summary), { caption: `Accuracy per class${overall}` }));
  }, $('summary'));
}

async function loadLatest() {
  await attempt(async () => {
    const [latest, categories] = await Promise.all([api('predictions?limit=20'), api('categories')]);
    const names = categories.map((c) => c.className);
    // Label numbers read better as class names; the row keeps everything else the API gives.
    // Hashes and duplicate names are for machines; the table keeps what a person compares.
    const rows = rowsOf(latest).map(({ predictedLabel, actualLabel, inputSha256, predictedClass, ...row }) => ({
      ...row,
      predicted: names[predictedLabel] ?? predictedLabel,
      actual: names[actualLabel] ?? actualLabel,
    }));
    $('latest-predictions').replaceChildren(table(rows, { caption: 'The 20 latest predictions' }));
  }, $('latest-predictions'));
}

export function setupPredictions() {
  $('summary-model').addEventListener('change', loadSummary);
  $('summary-filter').addEventListener('submit', (event) => event.preventDefault());
}

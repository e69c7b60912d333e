// Predictions made so far: accuracy per class with counts, the pairs most confused, the misclassified images behind
// a confusion-matrix cell, and the latest predictions.
import { api, imageUrl, latest } from './api.js';
import { $, attempt, el, percent, rowsOf, table } from './dom.js';
import { activeModelVersion } from './models.js';
import { pageState, saveState } from './state.js';

let summary;

export async function loadPredictions() {
  await Promise.all([loadSummary(), loadLatest()]);
}

async function loadSummary() {
  // "Active" is sent as the active model's version: the summary is always for one named model.
  const model = $('summary-model').value || activeModelVersion();
  saveState({ model: $('summary-model').value });
  if (model === undefined) {
    $('summary').replaceChildren(el('p', { class: 'hint' }, 'No model is active: choose one to see its accuracy per class.'));
    return;
  }
  const signal = latest('summary');
  await attempt(async () => {
    summary = await api(`predictions/summary?model=${encodeURIComponent(model)}`, { signal });
    const overall = summary.labelled
      ? `: ${percent(summary.accuracy)} of ${summary.labelled} labelled predictions right (model ${summary.modelVersion})`
      : ` (model ${summary.modelVersion}): no labelled predictions yet`;
    const rows = summary.perClass.map((c) => ({
      class: c.className,
      predictions: c.total,
      right: c.correct,
      accuracy: c.total ? percent(c.correct / c.total) : 'no predictions',
    }));
    $('summary').replaceChildren(table(rows, { caption: `Accuracy per class${overall}` }));
    $('most-confused').replaceChildren(summary.mostConfused.length
      ? el('ol', { class: 'pairs' }, ...summary.mostConfused.map((p) => el('li', {},
        el('button', { type: 'button', class: 'link', onclick: () => showMistakes(p.actual, p.predicted) },
          `${p.actual} taken for ${p.predicted}: ${p.count}`))))
      : el('p', { class: 'hint' }, 'No mistakes recorded for this model yet.'));
  }, $('summary'));
}

/** The recorded mistakes of one kind (true class taken for another), with their images, from the summary. */
export async function showMistakes(actual, predicted) {
  const note = $('mistakes-note');
  const list = $('mistakes');
  const signal = latest('mistakes');
  const chosen = (summary?.misclassified ?? []).filter((m) => m.actual === actual && (actual === predicted || m.predicted === predicted));
  $('mistakes-title').focus();
  if (actual === predicted) {
    note.textContent = `${actual} predicted as ${actual} is right, not a mistake. Choose a cell off the diagonal.`;
    list.replaceChildren();
    return;
  }
  note.textContent = chosen.length
    ? `${chosen.length} recorded ${actual} image${chosen.length === 1 ? '' : 's'} predicted as ${predicted} by model ${summary.modelVersion}.`
    : `No recorded prediction of model ${summary?.modelVersion ?? ''} took a ${actual} for a ${predicted}. Predict more ${actual} images from the gallery (filter Class = ${actual}) to find some.`;
  list.replaceChildren(...chosen.map((m) => {
    const img = el('img', { alt: `${m.useName} image ${m.imgIdx}, a ${m.actual} predicted as ${m.predicted}`, width: 56, height: 56 });
    return el('li', {}, el('figure', { class: 'card' }, img,
      el('figcaption', {}, `${m.useName} #${m.imgIdx}`, el('br'), `${m.predicted} ${percent(m.confidence, 0)}`)));
  }));
  await Promise.all([...list.querySelectorAll('img')].map(async (img, i) => {
    img.src = await attempt(() => imageUrl(chosen[i].png, signal)) ?? '';
  }));
}

async function loadLatest() {
  const signal = latest('latest');
  await attempt(async () => {
    const [list, categories] = await Promise.all([api('predictions?limit=20', { signal }), api('categories', { signal })]);
    const names = categories.map((c) => c.className);
    const rows = rowsOf(list).map((p) => ({
      when: p.createdAt,
      image: p.imgUse ? `${p.imgUse} #${p.imgIdx}` : 'upload',
      predicted: names[p.predictedLabel] ?? p.predictedLabel,
      actual: p.actualLabel === null || p.actualLabel === undefined ? '—' : names[p.actualLabel] ?? p.actualLabel,
      confidence: typeof p.confidence === 'number' ? percent(p.confidence) : '',
      model: p.modelVersion,
    }));
    $('latest-predictions').replaceChildren(table(rows, { caption: 'The 20 latest predictions' }));
  }, $('latest-predictions'));
}

export function setupPredictions() {
  $('summary-model').addEventListener('change', loadSummary);
  $('summary-filter').addEventListener('submit', (event) => event.preventDefault());
  $('summary-model').dataset.wanted = pageState.get('model') ?? '';
}

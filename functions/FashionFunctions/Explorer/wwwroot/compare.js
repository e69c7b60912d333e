// Two registry versions side by side: validation and test figures with intervals, per-class recall deltas, and the
// difference of their confusion matrices on the same Testing images.
import { api, latest } from './api.js';
import { $, attempt, el, percent, pick } from './dom.js';
import { pageState, saveState } from './state.js';

const versionOf = (model) => pick(model, 'version', 'modelVersion', 'id');

/** Fills both choices: by default the active model against the one registered before it. */
export function fillComparisonChoices(models, activeVersion) {
  const usable = models.filter((m) => m.status !== 'failed' && m.status !== 'training');
  const options = () => usable.map((m) => el('option', { value: versionOf(m) }, `${versionOf(m)} (${m.status}, ${m.trainer})`));
  const [a, b] = [$('compare-a'), $('compare-b')];
  const newest = activeVersion ?? versionOf(usable[0] ?? {});
  const older = usable.map(versionOf).find((v) => v !== newest);
  a.replaceChildren(...options());
  b.replaceChildren(...options());
  a.value = pageState.get('compareA') ?? a.dataset.chosen ?? `${older ?? newest ?? ''}`;
  b.value = pageState.get('compareB') ?? b.dataset.chosen ?? `${newest ?? ''}`;
  if (usable.length < 2) {
    $('comparison').replaceChildren(el('p', { class: 'hint' }, 'Two usable models are needed for a comparison; request a retrain above.'));
    return;
  }
  compare();
}

const interval = (ci) => (Array.isArray(ci) ? ` (95% ${percent(ci[0])}–${percent(ci[1])})` : '');
const validation = (m) => (m.validationAccuracy == null ? '—' : `${percent(m.validationAccuracy)}${interval(m.validationAccuracyCi95)}`);
const recall = (matrix) => matrix.map((row, i) => row[i] / (row.reduce((x, y) => x + y, 0) || 1));
const signed = (delta) => `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta * 100).toFixed(1)} pt`;

async function compare() {
  const [a, b] = [$('compare-a').value, $('compare-b').value];
  $('compare-a').dataset.chosen = a;
  $('compare-b').dataset.chosen = b;
  if (!a || !b) return;
  const signal = latest('compare');
  await attempt(async () => {
    const [ma, mb] = await Promise.all([api(`models/${a}`, { signal }), api(`models/${b}`, { signal })]);
    const [ca, cb] = await Promise.all([api(`models/${a}/confusion`, { signal }), api(`models/${b}/confusion`, { signal })]);
    const names = cb.classes ?? ca.classes;
    const figures = el('table', {}, el('caption', {}, 'Registry figures: validation chose the model, Testing scored it once'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Figure'), el('th', { scope: 'col' }, `Model ${a}`), el('th', { scope: 'col' }, `Model ${b}`))),
      el('tbody', {},
        row('Trainer', ma.trainer, mb.trainer),
        row('Training rows', ma.trainingRows, mb.trainingRows),
        row('Validation accuracy', validation(ma), validation(mb)),
        row('Test accuracy', `${percent(ma.accuracy)}${interval(ma.testAccuracyCi95)}`, `${percent(mb.accuracy)}${interval(mb.testAccuracyCi95)}`),
        row('Macro F1', percent(ma.macroF1), percent(mb.macroF1))));
    const [ra, rb] = [recall(ca.matrix), recall(cb.matrix)];
    const deltas = el('table', {}, el('caption', {}, `Recall per class on the Testing images, model ${b} against ${a}`),
      el('thead', {}, el('tr', {}, ...['Class', `Model ${a}`, `Model ${b}`, 'Change'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...names.map((n, i) => el('tr', {}, el('th', { scope: 'row' }, n), el('td', {}, percent(ra[i])), el('td', {}, percent(rb[i])),
        el('td', { class: rb[i] > ra[i] ? 'better' : rb[i] < ra[i] ? 'worse' : '' }, signed(rb[i] - ra[i]))))));
    $('comparison').replaceChildren(
      el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Registry figures' }, figures),
      el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Recall per class' }, deltas),
      el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Difference of confusion matrices' }, difference(names, ca.matrix, cb.matrix, a, b)));
  }, $('comparison'));
}

const row = (name, x, y) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, `${x ?? '—'}`), el('td', {}, `${y ?? '—'}`));

/** New minus old counts per cell: on the diagonal more is better, off it fewer is. */
function difference(names, old, newer, a, b) {
  return el('table', { class: 'difference' },
    el('caption', {}, `Confusion matrix of model ${b} minus model ${a} (rows: true class; diagonal: more is better)`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'True ↓ / predicted →'), ...names.map((n) => el('th', { scope: 'col' }, n)))),
    el('tbody', {}, ...newer.map((r, i) => el('tr', {}, el('th', { scope: 'row' }, names[i]), ...r.map((count, j) => {
      const delta = count - old[i][j];
      const good = i === j ? delta > 0 : delta < 0;
      return el('td', { class: delta === 0 ? '' : good ? 'better' : 'worse' }, delta === 0 ? '0' : `${delta > 0 ? '+' : '−'}${Math.abs(delta)}`);
    })))));
}

let selected = () => undefined;

/** The image in the prediction panel predicted by both chosen models, side by side: two new prediction rows. */
async function predictWithBoth() {
  const [a, b] = [$('compare-a').value, $('compare-b').value];
  const chosen = selected();
  $('compare-predict-note').textContent = chosen ? '' : 'Choose an image in the gallery, or upload one, first.';
  if (!chosen || !a || !b) return;
  const signal = latest('compare-predict');
  await attempt(async () => {
    const [pa, pb] = await Promise.all([chosen.predict(a, signal), chosen.predict(b, signal)]);
    const yesNo = (p) => (p.correct == null ? '—' : p.correct ? 'yes' : 'no');
    $('compare-predictions').replaceChildren(el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Predictions by both models' },
      el('table', { class: 'side-by-side' },
        el('caption', {}, `${chosen.description}: predicted by both models`),
        el('thead', {}, el('tr', {}, ...['Figure', `Model ${pa.modelVersion}`, `Model ${pb.modelVersion}`].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {},
          row('Predicted', pa.className, pb.className),
          row('Confidence', percent(pa.confidence), percent(pb.confidence)),
          row('Right', yesNo(pa), yesNo(pb)),
          row('May not be a garment', pa.outOfDistribution ? 'yes' : 'no', pb.outOfDistribution ? 'yes' : 'no'),
          ...Object.keys(pb.probabilities).map((name) => row(name, percent(pa.probabilities[name]), percent(pb.probabilities[name])))))));
  }, $('compare-predictions'));
}

/** selection: what the prediction panel shows, as { description, predict(version, signal) }, or undefined. */
export function setupComparison(selection) {
  selected = selection;
  $('compare-predict').addEventListener('click', predictWithBoth);
  $('compare-form').addEventListener('change', () => {
    saveState({ compareA: $('compare-a').value, compareB: $('compare-b').value });
    compare();
  });
  $('compare-form').addEventListener('submit', (event) => event.preventDefault());
}

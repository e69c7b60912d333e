// "This is wrong: it is a …": a user's correction of an upload's prediction, stored by the API as a Feedback image.
import { api } from './api.js';
import { $, attempt, el, pick } from './dom.js';

/** Offers a correction for predictions of uploads; stored images already have their true label, so they get none. */
export function showCorrection(result, classNames) {
  const box = $('prediction-correction');
  const id = pick(result, 'predictionId');
  if (id === undefined || pick(result, 'actualLabel') !== undefined) {
    box.replaceChildren();
    return;
  }
  const predicted = pick(result, 'label');
  const choice = el('select', { id: 'correction-label', 'aria-label': 'The true class' },
    ...classNames.map((name, i) => el('option', { value: String(i), disabled: i === predicted }, name)));
  choice.value = String(predicted === 0 ? 1 : 0);
  const status = el('span', { id: 'correction-status', class: 'hint', role: 'status' });
  const form = el('form', { class: 'correction' },
    el('label', { htmlFor: 'correction-label' }, 'This is wrong: it is a '), choice, ' ',
    el('button', { type: 'submit' }, 'Save correction'), ' ', status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const saved = await attempt(() => api(`predictions/${id}/label`, {
      method: 'POST', body: JSON.stringify({ label: Number(choice.value) }), contentType: 'application/json',
    }));
    if (saved) status.textContent = `Saved: ${saved.className}, kept as Feedback image ${saved.imgIdx} to learn from.`;
  });
  box.replaceChildren(form);
}

// One prediction shown in full: the image sent, the 28x28 the model saw (when the API returns it), ten probability bars.
import { imageUrl } from './api.js';
import { showCorrection } from './correction.js';
import { $, announce, el, percent, pick } from './dom.js';

export async function showPrediction(result, sourceUrl, description, classNames) {
  $('prediction').hidden = false;
  $('prediction-source').src = sourceUrl;
  $('prediction-source').alt = description;
  $('prediction-class').textContent = pick(result, 'className', 'predictedClassName') ?? `class ${pick(result, 'label')}`;
  const confidence = pick(result, 'confidence');
  $('prediction-confidence').textContent = confidence === undefined ? '' : `(${(confidence * 100).toFixed(1)}%)`;
  const meta = [
    description,
    pick(result, 'modelVersion') !== undefined ? `model ${pick(result, 'modelVersion')}` : '',
    pick(result, 'predictionId') !== undefined ? `prediction ${pick(result, 'predictionId')}` : '',
  ];
  $('prediction-meta').textContent = meta.filter(Boolean).join(' · ');
  const pairs = probabilities(result, classNames);
  showTopThree(pairs);
  const outOfDistribution = pick(result, 'outOfDistribution') === true;
  $('prediction-ood').hidden = !outOfDistribution;
  showBars(pairs, pick(result, 'className', 'predictedClassName'));
  await showModelInput(result);
  showCorrection(result, classNames);
  $('prediction').scrollIntoView({ block: 'nearest' });
  announce(`Predicted ${$('prediction-class').textContent} ${$('prediction-confidence').textContent}${outOfDistribution ? '. This may not be a garment.' : ''}`);
}

/** Hides the panel, so a prediction for an earlier image is never read as the answer for a later one. */
export function clearPrediction() {
  $('prediction').hidden = true;
  $('prediction-class').textContent = '';
  $('prediction-top').replaceChildren();
}

/** The three likeliest classes, most likely first, with their calibrated probabilities. */
function showTopThree(pairs) {
  const top = [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 3);
  $('prediction-top').replaceChildren(...top.map(([name, p]) => el('li', {}, `${name} `, el('span', { class: 'value' }, percent(p)))));
}

/** [className, p] pairs from {className: p} or from ten numbers in class order. */
function probabilities(result, classNames) {
  const raw = pick(result, 'probabilities', 'scores', 'score');
  if (Array.isArray(raw)) return raw.map((p, i) => [classNames[i] ?? `class ${i}`, p]);
  return Object.entries(raw ?? {});
}

function showBars(pairs, predicted) {
  $('prediction-bars').replaceChildren(...pairs.map(([name, p]) => {
    const fill = el('span', { class: 'fill' });
    fill.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
    return el('li', { class: name === predicted ? 'winner' : '' },
      el('span', { class: 'name' }, name),
      el('span', { class: 'bar', role: 'img', 'aria-label': `${name}: ${(p * 100).toFixed(1)}%` }, fill),
      el('span', { class: 'value' }, `${(p * 100).toFixed(1)}%`));
  }));
}

/** The model input: 784 numbers (0..1 or 0..255), a PNG as a data URL or base64, or a link to one. */
async function showModelInput(result) {
  const canvas = $('prediction-preprocessed');
  const caption = $('preprocessed-caption');
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, 28, 28);
  const input = pick(result, 'preprocessed', 'preprocessedPixels', 'pixels', 'vector', 'modelInput');
  const link = pick(result.links ?? {}, 'preprocessed', 'preprocessedPng', 'input');
  caption.textContent = 'Model input, 28×28';
  canvas.hidden = false;
  if (Array.isArray(input) && input.length === 784) {
    const scale = Math.max(...input) > 1 ? 1 : 255;
    const image = context.createImageData(28, 28);
    input.forEach((value, i) => {
      const gray = Math.round(value * scale);
      image.data.set([gray, gray, gray, 255], i * 4);
    });
    context.putImageData(image, 0, 0);
  } else if (typeof input === 'string' || typeof input?.png === 'string' || link) {
    const source = link ? await imageUrl(link) : toDataUrl(typeof input === 'string' ? input : input.png);
    const image = new Image();
    image.src = source;
    await image.decode();
    context.drawImage(image, 0, 0, 28, 28);
  } else {
    // An empty black square would look like a model input; say plainly that there is none to show.
    canvas.hidden = true;
    caption.textContent = 'The predict API does not return the 28×28 model input.';
  }
}

const toDataUrl = (text) => (text.startsWith('data:') ? text : `data:image/png;base64,${text}`);

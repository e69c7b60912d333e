import { api, functionKey, imageUrl, latest } from './api.js';
import { $, attempt, el, pick, rowsOf, say } from './dom.js';
import { pageState, saveState } from './state.js';
import { loadModels, setupModels } from './models.js';
import { clearPrediction, showPrediction } from './prediction.js';
import { loadPredictions, setupPredictions } from './predictions.js';
import { setupRetrain } from './retrain.js';
import { setupComparison } from './compare.js';

const pageSize = 24;
const gallery = { offset: 0, total: 0 };
let classNames = [];
let useNames = new Map();

function setupKey() {
  $('function-key').value = functionKey.get();
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    functionKey.set($('function-key').value.trim());
    say(functionKey.get() ? 'Key saved for this browser tab.' : 'Key cleared.', 'info');
    loadAll();
  });
}

/** Images per class as an HTML table with bars: its text stays readable at any width, unlike a scaled-down drawing. */
async function loadDistribution() {
  const chart = $('distribution-chart');
  await attempt(async () => {
    const rows = await api('stats/distribution');
    const most = Math.max(1, ...rows.flatMap((r) => [r.training, r.testing]));
    const count = (value, kind) => {
      const fill = el('span', { class: `fill ${kind}` });
      fill.style.width = `${(value / most) * 100}%`;
      return el('td', {}, el('span', { class: 'count' }, el('span', { class: 'bar', 'aria-hidden': 'true' }, fill), el('span', { class: 'value' }, `${value}`)));
    };
    chart.replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, ...['Class', 'Training', 'Testing'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, r.className), count(r.training, 'training'), count(r.testing, 'testing'))))));
    $('distribution-caption').textContent = `${rows.length} classes, ${rows.reduce((n, r) => n + r.training + r.testing, 0)} images.`;
  }, $('distribution-caption'));
  chart.removeAttribute('aria-busy');
}

async function loadFilters() {
  await attempt(async () => {
    const [uses, categories] = await Promise.all([api('uses'), api('categories')]);
    classNames = categories.map((c) => c.className);
    useNames = new Map(uses.map((u) => [u.useId, u.useName]));
    $('gallery-use').replaceChildren(el('option', { value: '' }, 'All'), ...uses.map((u) => el('option', { value: u.useName }, u.useName)));
    $('gallery-label').replaceChildren(el('option', { value: '' }, 'All'), ...classNames.map((name) => el('option', { value: name }, name)));
    $('gallery-use').value = pageState.get('use') ?? '';
    $('gallery-label').value = pageState.get('label') ?? '';
    gallery.offset = Math.max(0, Number(pageState.get('offset')) || 0);
  });
}

/** The latest prediction per image, when the predictions API exists and says which image it was for. */
async function latestPredictions(signal) {
  try {
    const byImage = new Map();
    for (const p of rowsOf(await api('predictions?limit=100', { signal }))) {
      const use = pick(p, 'useName', 'use', 'imageUse', 'imgUse');
      const idx = pick(p, 'idx', 'imageIdx', 'imgIdx');
      // The list gives the use as its id (1, 2) and the class as a label number; the gallery speaks names.
      const key = `${useNames.get(use) ?? use}/${idx}`;
      const predicted = pick(p, 'predictedClassName', 'className') ?? classNames[pick(p, 'predictedLabel')];
      if (use !== undefined && idx !== undefined && !byImage.has(key)) byImage.set(key, { ...p, predictedClassName: predicted });
    }
    return byImage;
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    return new Map(); // No predictions API (yet): the gallery still shows the images.
  }
}

async function loadGallery() {
  const list = $('gallery-items');
  const signal = latest('gallery');
  saveState({ use: $('gallery-use').value, label: $('gallery-label').value, offset: gallery.offset || '' });
  list.setAttribute('aria-busy', 'true');
  await attempt(async () => {
    const query = new URLSearchParams({ limit: pageSize, offset: gallery.offset });
    if ($('gallery-use').value) query.set('use', $('gallery-use').value);
    if ($('gallery-label').value) query.set('label', $('gallery-label').value);
    const [page, predicted] = await Promise.all([api(`images?${query}`, { signal }), latestPredictions(signal)]);
    gallery.total = page.total;
    const last = Math.min(page.offset + page.items.length, page.total);
    $('gallery-page').textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : 'No images';
    $('gallery-prev').disabled = page.offset === 0;
    $('gallery-next').disabled = last >= page.total;
    list.replaceChildren(...page.items.map((item) => galleryItem(item, predicted.get(`${item.useName}/${item.idx}`))));
    list.removeAttribute('aria-busy');
    await Promise.all([...list.querySelectorAll('img')].map(async (img) => {
      img.src = await imageUrl(img.dataset.png, signal);
    }));
  }, list);
  if (!signal.aborted) list.removeAttribute('aria-busy');
}

function galleryItem(item, prediction) {
  const guess = el('span', { class: 'guess' });
  const card = el('button', { type: 'button', class: 'card', title: `Predict ${item.useName} image ${item.idx}` },
    el('img', { alt: `${item.className}, ${item.useName} image ${item.idx}`, width: 56, height: 56, 'data-png': item.links.png }),
    el('span', { class: 'idx' }, `${item.useName} #${item.idx}`),
    el('span', { class: 'truth' }, item.className),
    guess);
  const mark = (p) => {
    const predicted = pick(p, 'predictedClassName', 'predictedClass', 'className');
    const correct = pick(p, 'correct');
    const wrong = predicted !== undefined && (typeof correct === 'boolean' ? !correct : predicted !== item.className);
    guess.textContent = predicted === undefined ? '' : `${wrong ? '✗' : '✓'} ${predicted}`;
    card.classList.toggle('wrong', wrong);
    card.classList.toggle('right', predicted !== undefined && !wrong);
  };
  if (prediction) mark(prediction);
  card.addEventListener('click', () => predictStored(item, card, mark));
  return el('li', {}, card);
}

/** What the prediction panel shows, kept so it can be predicted again with other models: a stored image or a file. */
let selection;

/** The selection predicted with a model version ('' or undefined: the active model); each prediction is one new row. */
function predictSelection(version, signal) {
  const model = version ? `?model=${encodeURIComponent(version)}` : '';
  return selection.item
    ? api(`images/${selection.item.useName}/${selection.item.idx}/predict${model}`, { method: 'POST', signal })
    : api(`predict${model}`, { method: 'POST', body: selection.file, contentType: selection.file.type, signal });
}

/** Predicts a stored image; a newer prediction (another card, an upload) aborts this one. */
async function predictStored(item, card, mark) {
  const signal = latest('prediction');
  const description = `${item.useName} image ${item.idx}, truly ${item.className}`;
  selection = { item, description };
  saveState({ image: `${item.useName}/${item.idx}` });
  card?.setAttribute('aria-busy', 'true');
  const result = await attempt(() => predictSelection($('predict-model').value, signal));
  card?.removeAttribute('aria-busy');
  if (!result || signal.aborted) return;
  mark?.(result);
  const source = card?.querySelector('img').src || await imageUrl(`images/${item.useName}/${item.idx}/png`, signal);
  await showPrediction(result, source, description, classNames);
  loadPredictions();
}

function setupGallery() {
  const reload = () => { gallery.offset = 0; loadGallery(); };
  $('gallery-use').addEventListener('change', reload);
  $('gallery-label').addEventListener('change', reload);
  $('gallery-filter').addEventListener('submit', (event) => event.preventDefault());
  $('gallery-prev').addEventListener('click', () => { gallery.offset = Math.max(0, gallery.offset - pageSize); loadGallery(); });
  $('gallery-next').addEventListener('click', () => { gallery.offset += pageSize; loadGallery(); });
}

async function predictFile(file, name = file?.name) {
  if (!file) return;
  const signal = latest('prediction');
  if (!file.type.startsWith('image/')) {
    // A stale prediction beside the error would read as the answer for this file.
    clearPrediction();
    say(`${name} is not an image.`);
    return;
  }
  saveState({ image: '' });
  selection = { file, description: name };
  const result = await attempt(() => predictSelection($('predict-model').value, signal));
  if (!result || signal.aborted) {
    if (!signal.aborted) clearPrediction();
    return;
  }
  await showPrediction(result, URL.createObjectURL(file), name, classNames);
  loadPredictions();
}

/** Example images from the Testing set, one per class, predicted as if uploaded: a way in without a file at hand. */
async function loadExamples() {
  const list = $('examples');
  await attempt(async () => {
    const page = await api('images?use=Testing&limit=40');
    const firstOfClass = [...new Map(page.items.map((item) => [item.className, item])).values()].slice(0, 6);
    list.replaceChildren(...firstOfClass.map((item) => {
      const img = el('img', { alt: '', width: 28, height: 28 });
      imageUrl(item.links.png).then((url) => { img.src = url; }, () => {});
      return el('li', {}, el('button', { type: 'button', class: 'example', onclick: async () => {
        const blob = await api(item.links.png, { as: 'blob' });
        predictFile(new File([blob], `example-${item.idx}.png`, { type: 'image/png' }), `Example: ${item.className} (Testing image ${item.idx})`);
      } }, img, item.className));
    }));
  }, list);
}

function setupUpload() {
  const zone = $('drop-zone');
  $('predict-model-form').addEventListener('submit', (event) => event.preventDefault());
  $('predict-model').addEventListener('change', () => {
    saveState({ predictModel: $('predict-model').value });
    // The panel then shows what the newly chosen model says about the same image.
    if (selection?.item) predictStored(selection.item);
    else if (selection?.file) predictFile(selection.file, selection.description);
  });
  $('upload-file').addEventListener('change', (event) => predictFile(event.target.files[0]));
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    predictFile(event.dataTransfer.files[0]);
  });
  // A pasted image (a screenshot, a copied picture) anywhere but in a text field.
  document.addEventListener('paste', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type !== 'file') return;
    const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) {
      event.preventDefault();
      predictFile(file, 'Pasted image');
    }
  });
}

/** The image named in the address (?image=Testing/12), predicted again so a shared link shows the same panel. */
async function restoreSelectedImage() {
  const [useName, idx] = (pageState.get('image') ?? '').split('/');
  if (!useName || !/^\d+$/.test(idx ?? '')) return;
  const item = await attempt(() => api(`images/${encodeURIComponent(useName)}/${idx}`));
  if (item) predictStored({ ...item, useName: item.useName ?? useName, idx: item.idx ?? Number(idx) });
}

function loadAll() {
  loadDistribution();
  loadFilters().then(loadGallery);
  loadExamples();
  loadModels().then(() => { loadPredictions(); restoreSelectedImage(); });
}

setupKey();
setupGallery();
setupUpload();
setupModels();
setupRetrain();
setupComparison(() => selection && { description: selection.description, predict: predictSelection });
setupPredictions();
loadAll();

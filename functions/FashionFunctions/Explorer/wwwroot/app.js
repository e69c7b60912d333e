import { api, functionKey, imageUrl } from './api.js';
import { $, attempt, el, pick, rowsOf, say } from './dom.js';
import { loadModels, setupModels } from './models.js';
import { showPrediction } from './prediction.js';
import { loadPredictions, setupPredictions } from './predictions.js';

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

async function loadDistribution() {
  const chart = $('distribution-chart');
  await attempt(async () => {
    const rows = await api('stats/distribution');
    chart.src = await imageUrl('stats/distribution?format=svg');
    const text = rows.map((r) => `${r.className}: ${r.training} training, ${r.testing} testing`).join('; ');
    chart.alt = `Bar chart of images per class. ${text}`;
    $('distribution-caption').textContent = `${rows.length} classes, ${rows.reduce((n, r) => n + r.training + r.testing, 0)} images.`;
  }, $('distribution-caption'));
}

async function loadFilters() {
  await attempt(async () => {
    const [uses, categories] = await Promise.all([api('uses'), api('categories')]);
    classNames = categories.map((c) => c.className);
    useNames = new Map(uses.map((u) => [u.useId, u.useName]));
    $('gallery-use').replaceChildren(el('option', { value: '' }, 'All'), ...uses.map((u) => el('option', { value: u.useName }, u.useName)));
    $('gallery-label').replaceChildren(el('option', { value: '' }, 'All'), ...classNames.map((name) => el('option', { value: name }, name)));
  });
}

/** The latest prediction per image, when the predictions API exists and says which image it was for. */
async function latestPredictions() {
  try {
    const byImage = new Map();
    for (const p of rowsOf(await api('predictions?limit=100'))) {
      const use = pick(p, 'useName', 'use', 'imageUse', 'imgUse');
      const idx = pick(p, 'idx', 'imageIdx', 'imgIdx');
      // The list gives the use as its id (1, 2) and the class as a label number; the gallery speaks names.
      const key = `${useNames.get(use) ?? use}/${idx}`;
      const predicted = pick(p, 'predictedClassName', 'className') ?? classNames[pick(p, 'predictedLabel')];
      if (use !== undefined && idx !== undefined && !byImage.has(key)) byImage.set(key, { ...p, predictedClassName: predicted });
    }
    return byImage;
  } catch {
    return new Map(); // No predictions API (yet): the gallery still shows the images.
  }
}

async function loadGallery() {
  const list = $('gallery-items');
  await attempt(async () => {
    const query = new URLSearchParams({ limit: pageSize, offset: gallery.offset });
    if ($('gallery-use').value) query.set('use', $('gallery-use').value);
    if ($('gallery-label').value) query.set('label', $('gallery-label').value);
    const [page, latest] = await Promise.all([api(`images?${query}`), latestPredictions()]);
    gallery.total = page.total;
    const last = Math.min(page.offset + page.items.length, page.total);
    $('gallery-page').textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : 'No images';
    $('gallery-prev').disabled = page.offset === 0;
    $('gallery-next').disabled = last >= page.total;
    list.replaceChildren(...page.items.map((item) => galleryItem(item, latest.get(`${item.useName}/${item.idx}`))));
    await Promise.all([...list.querySelectorAll('img')].map(async (img) => {
      img.src = await imageUrl(img.dataset.png);
    }));
  }, list);
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
  card.addEventListener('click', async () => {
    card.setAttribute('aria-busy', 'true');
    const result = await attempt(() => api(`images/${item.useName}/${item.idx}/predict`, { method: 'POST' }));
    card.removeAttribute('aria-busy');
    if (result) {
      mark(result);
      showPrediction(result, card.querySelector('img').src, `${item.useName} image ${item.idx}, truly ${item.className}`, classNames);
    }
  });
  return el('li', {}, card);
}

function setupGallery() {
  const reload = () => { gallery.offset = 0; loadGallery(); };
  $('gallery-use').addEventListener('change', reload);
  $('gallery-label').addEventListener('change', reload);
  $('gallery-filter').addEventListener('submit', (event) => event.preventDefault());
  $('gallery-prev').addEventListener('click', () => { gallery.offset = Math.max(0, gallery.offset - pageSize); loadGallery(); });
  $('gallery-next').addEventListener('click', () => { gallery.offset += pageSize; loadGallery(); });
}

async function predictFile(file) {
  if (!file) return;
  if (!file.type.startsWith('image/')) {
    say(`${file.name} is not an image.`);
    return;
  }
  const result = await attempt(() => api('predict', { method: 'POST', body: file, contentType: file.type }));
  if (result) showPrediction(result, URL.createObjectURL(file), file.name, classNames);
}

function setupUpload() {
  const zone = $('drop-zone');
  $('upload-file').addEventListener('change', (event) => predictFile(event.target.files[0]));
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    predictFile(event.dataTransfer.files[0]);
  });
}

function loadAll() {
  loadDistribution();
  loadFilters().then(loadGallery);
  loadModels().then(loadPredictions);
}

setupKey();
setupGallery();
setupUpload();
setupModels();
setupPredictions();
loadAll();

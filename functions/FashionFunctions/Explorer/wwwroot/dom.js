// Small DOM helpers: elements built with text content only (no HTML strings), tables for API rows of any shape.
export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name in element) element[name] = value;
    else element.setAttribute(name, value);
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

const messages = () => $('messages');

/** Reads a short sentence out to screen readers without showing a message (the announcer is an sr-only live region). */
export function announce(text) {
  const region = $('announcer');
  region.textContent = '';
  // A change the next frame is announced even when the text repeats.
  requestAnimationFrame(() => { region.textContent = text; });
}

export const percent = (share, digits = 1) => `${(share * 100).toFixed(digits)}%`;

/** Shows a message that stays until dismissed; errors are also read out by screen readers (the region is live). */
export function say(text, kind = 'error') {
  const close = el('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss message' }, '×');
  const message = el('p', { class: `message ${kind}` }, el('span', {}, text), close);
  close.addEventListener('click', () => message.remove());
  messages().append(message);
  while (messages().children.length > 4) messages().firstElementChild.remove();
}

/** Runs an action, showing its failure as a message (and in place, when a target element is given). */
export async function attempt(action, target) {
  try {
    return await action();
  } catch (error) {
    // A superseded request was aborted on purpose: the newer one shows its own answer or problem.
    if (error.name === 'AbortError') return undefined;
    if (target) target.replaceChildren(el('p', { class: 'unavailable' }, error.message));
    else say(error.message);
    return undefined;
  }
}

export function formatValue(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return new Date(value).toLocaleString();
  return String(value);
}

/** Scalar fields, with nested objects flattened one level ("metrics.accuracy"); arrays and links are left out. */
export function flatten(row) {
  const flat = {};
  for (const [name, value] of Object.entries(row ?? {})) {
    if (name === 'links' || Array.isArray(value)) continue;
    if (value && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (innerValue === null || typeof innerValue !== 'object') flat[`${name}.${inner}`] = innerValue;
      }
    } else flat[name] = value;
  }
  return flat;
}

/** The rows of a list response: the array itself, or the first array property (items, classes, …). */
export function rowsOf(body) {
  if (Array.isArray(body)) return body;
  const list = Object.values(body ?? {}).find(Array.isArray);
  return list ?? [];
}

/** "trainingRows" reads as "Training rows": headers for people, not field names. */
export const headerOf = (name) => name.replace(/\./g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())
  .replace(/ ([A-Z])(?=[a-z])/g, (_, c) => ` ${c.toLowerCase()}`);

export function table(rows, { caption, actions } = {}) {
  const flat = rows.map(flatten);
  const columns = [...new Set(flat.flatMap(Object.keys))];
  if (rows.length === 0) return el('p', { class: 'hint' }, 'Nothing yet.');
  const head = el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, headerOf(c))), actions ? el('th', { scope: 'col' }, 'Actions') : null);
  const body = flat.map((row, i) =>
    el('tr', {}, ...columns.map((c) => el('td', {}, formatValue(row[c]))), actions ? el('td', {}, actions(rows[i])) : null));
  return el('table', {}, caption ? el('caption', {}, caption) : null, el('thead', {}, head), el('tbody', {}, ...body));
}

/** First present property among names: lets the page read field names that differ slightly between endpoints. */
export function pick(object, ...names) {
  for (const name of names) if (object?.[name] !== undefined && object[name] !== null) return object[name];
  return undefined;
}

// The app's own HTTP API, with the function key from session storage and RFC 7807 problems turned into readable errors.
const apiBase = new URL('../', import.meta.url);
const keyName = 'fashionFunctions.functionKey';

export const functionKey = {
  get: () => sessionStorage.getItem(keyName) ?? '',
  set: (value) => (value ? sessionStorage.setItem(keyName, value) : sessionStorage.removeItem(keyName)),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, { method = 'GET', body, contentType, as = 'json', signal } = {}) {
  const headers = new Headers();
  if (functionKey.get()) headers.set('x-functions-key', functionKey.get());
  if (contentType) headers.set('content-type', contentType);
  let response;
  try {
    response = await fetch(new URL(path, apiBase), { method, body, headers, signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, `The app did not answer ${method} ${path}.`);
  }
  if (!response.ok) throw await problem(response, method, path);
  if (as === 'response') return response;
  if (as === 'blob') return response.blob();
  return response.status === 204 ? null : response.json();
}

/** An object URL for an image the API serves, fetched with the key (an img src cannot send headers). */
export async function imageUrl(path, signal) {
  return URL.createObjectURL(await api(path, { as: 'blob', signal }));
}

const running = new Map();

/**
 * A signal for the newest request of a kind (the gallery, the prediction shown): starting one aborts the one before,
 * so a slow older answer can never overwrite a newer one.
 */
export function latest(kind) {
  running.get(kind)?.abort();
  const controller = new AbortController();
  running.set(kind, controller);
  return controller.signal;
}

async function problem(response, method, path) {
  let detail = '';
  try {
    const body = await response.json();
    detail = body.detail || body.title || '';
  } catch {
    // Not a problem document: the status line has to do.
  }
  const hints = {
    401: 'Enter a function key above.',
    403: 'The function key was refused.',
    404: 'Not available on this app yet.',
    503: 'Not ready yet.',
  };
  const text = [detail || `${method} ${path} answered ${response.status} ${response.statusText}.`, detail ? '' : hints[response.status] ?? '']
    .filter(Boolean)
    .join(' ');
  return new ApiError(response.status, text);
}

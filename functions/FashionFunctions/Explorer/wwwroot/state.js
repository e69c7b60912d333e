// What a person chose (filters, page, model, image), kept in the address so a reload or a shared link shows the same.
export const pageState = new URLSearchParams(location.search);

/** Merges choices into the address without a new history entry; empty values are left out. */
export function saveState(changes) {
  for (const [name, value] of Object.entries(changes)) {
    if (value === '' || value === undefined || value === null) pageState.delete(name);
    else pageState.set(name, String(value));
  }
  const query = pageState.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
}

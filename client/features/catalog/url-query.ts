/**
 * Rewrites the current URL's query without a navigation: no scroll to the top, no focus move,
 * no new history entry — so typing in a search field keeps the caret where it is, and the
 * address still holds the search when the page is reloaded or shared. The router learns the
 * new query from the popstate event, as it does for Back and Forward.
 */
export function replaceQuery(values: Record<string, string>): void {
  const query = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(values)) {
    if (value) query.set(name, value);
    else query.delete(name);
  }
  const qs = query.toString();
  const next = `${location.pathname}${qs ? `?${qs}` : ''}${location.hash}`;
  if (next === `${location.pathname}${location.search}${location.hash}`) return;
  history.replaceState(history.state, '', next);
  window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
}

// What the console proxy puts into the browser: the helper script injected into the console's
// page, and the page shown while a broker is unreachable. Browser code and HTML, kept apart from
// the Node proxy that serves them.

/** Served by the proxy itself, injected into the console's HTML: opens haQueue on request. */
export const HELPER_PATH = '/__lab/console-helper.js';

/** Adds our helper script to the console's page (its CSP allows 'self' scripts). */
export function injectHelper(html: string): string {
  const tag = `<script defer src="${HELPER_PATH}"></script>`;
  return html.includes('</head>') ? html.replace('</head>', `${tag}</head>`) : tag + html;
}

/** In place of the console while its broker is down; the helper reloads it once the broker answers. */
export function unavailablePage(broker: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${broker} console</title>
<style>body{font:15px system-ui,sans-serif;color:#445;display:grid;place-items:center;height:90vh;margin:0}
div{max-width:28em;text-align:center}</style></head><body><div><h1 style="font-size:18px">The ${broker} console is not reachable</h1>
<p>The broker is not running, or its web server has not started yet. Start the ${broker} and this
page reloads by itself.</p></div><script src="${HELPER_PATH}"></script></body></html>`;
}

/** How long hawtio may take to show any view before the helper takes its page for a broken one. */
export const CONSOLE_EMPTY_RELOAD_MS = 30_000;

/**
 * Runs inside the console page. hawtio 4 keeps the selected tree broker in memory, not in the URL,
 * so no route opens a queue directly: with `#lab-queue=<name>` in the address, the helper clicks
 * the Artemis plugin's Queues tab and filters to that queue, as an attendee would. It also
 * reloads an "unreachable" page once the broker answers again, and a page hawtio left empty:
 * hawtio 4.4.1 (Artemis 2.44.0) can fail to build its JMX tree — "A request to list the JMX tree
 * failed", its RBAC pass meeting an operation whose `args` is not a list — and then shows its
 * header over nothing, for good (once in the story's e2e, a master console blank for 90 s). A
 * reload lists the tree again; at most once a minute, so a console that is merely slow is not
 * reloaded over and over.
 */
export const CONSOLE_HELPER_JS = String.raw`(() => {
  const wanted = new URLSearchParams(location.hash.slice(1)).get('lab-queue');
  if (document.title.endsWith(' console') && document.body && document.body.textContent.includes('not reachable')) {
    setTimeout(() => location.reload(), 3000);
    return;
  }
  const openedAt = Date.now();
  const watchEmpty = () => {
    if (document.querySelector('[role="tab"], [role="tree"], [role="grid"], table, form')) return;
    if (Date.now() - openedAt < ${CONSOLE_EMPTY_RELOAD_MS}) return void setTimeout(watchEmpty, 1000);
    const last = Number(sessionStorage.getItem('amq-ha-lab:empty-reload') || 0);
    if (Date.now() - last < 60000) return;
    sessionStorage.setItem('amq-ha-lab:empty-reload', String(Date.now()));
    location.reload();
  };
  setTimeout(watchEmpty, 1000);
  if (!wanted) return;
  const deadline = Date.now() + 60000;
  let stage = 0;
  const byText = (selector, text) => [...document.querySelectorAll(selector)].find((el) => el.textContent.trim() === text);
  const tick = () => {
    if (Date.now() > deadline) return;
    if (stage === 0) {
      const tab = byText('button[role="tab"], .pf-v5-c-tabs__link', 'Queues');
      if (tab) { tab.click(); stage = 1; }
    } else if (stage === 1) {
      const input = document.querySelector('input[aria-label="search-text"], #search-text, input[type="search"], .pf-v5-c-text-input-group__text-input, input[placeholder*="Search" i], input[placeholder*="Filter" i]');
      if (input) {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        setter.call(input, wanted);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        const search = byText('button', 'Search');
        if (search) search.click();
        stage = 2;
      }
    } else if (stage === 2) {
      // The queue's Message Count is a link to its Browse view: follow it, as the seed says.
      const headers = [...document.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const col = headers.indexOf('Message Count');
      const row = [...document.querySelectorAll('tbody tr')].find((tr) => tr.cells[0] && tr.cells[0].textContent.trim() === wanted);
      const link = row && col >= 0 && row.cells[col] ? row.cells[col].querySelector('a') : null;
      if (link) { link.click(); stage = 3; return; }
    } else return;
    setTimeout(tick, 300);
  };
  tick();
})();`;

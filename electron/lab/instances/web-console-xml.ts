// The embedded web server's files (bootstrap.xml, jolokia-access.xml): the console and Jolokia
// on loopback, and reachable under both loopback names the lab's wires use.
import type { XmlEditResult } from './broker-xml-plan.js';
import { rewriteUrl } from './endpoint-url.js';
import { appendIndented, childElements, ensureChild, firstChild, newElement, parseXml, serializeXml, textOf } from './xml-dom.js';

export interface BootstrapPlan {
  host: string;
  consolePort: number;
}

/** Binds the embedded web server (console, Jolokia) to loopback. */
export function editBootstrapXml(source: string, plan: BootstrapPlan): XmlEditResult {
  const doc = parseXml(source);
  const changes: string[] = [];
  const web = firstChild(doc.root, 'web');
  if (web) {
    // Up to ~2.26 the address is <web bind="...">; later <web><binding uri="..."> (one or more).
    const targets: { el: Element; attr: string }[] = [];
    if (web.hasAttribute('bind')) targets.push({ el: web, attr: 'bind' });
    for (const binding of childElements(web, 'binding')) targets.push({ el: binding, attr: 'uri' });
    for (const { el, attr } of targets) {
      const before = el.getAttribute(attr) ?? '';
      const after = rewriteUrl(before, plan.host, plan.consolePort);
      if (after !== before) {
        el.setAttribute(attr, after);
        changes.push(`web console and Jolokia bound to ${after} (loopback only).`);
      }
    }
  }
  const xml = serializeXml(doc);
  return { xml, changes: xml === source ? [] : changes };
}

/** Origins the lab's consoles are opened from; Node clients send `Origin: http://localhost`. */
export const LAB_ORIGINS = ['*://localhost*', '*://127.0.0.1*'] as const;

/**
 * `create --http-host 127.0.0.1` writes `<allow-origin>*://127.0.0.1*</allow-origin>` only, so a
 * console opened as http://localhost:8161 (the seed's URL) gets 403 from Jolokia. Allow both
 * loopback names; strict checking stays on.
 */
export function editJolokiaAccess(source: string): XmlEditResult {
  const doc = parseXml(source);
  const changes: string[] = [];
  const { el: cors } = ensureChild(doc.root, 'cors');
  const present = new Set(childElements(cors, 'allow-origin').map((e) => textOf(e)));
  for (const origin of LAB_ORIGINS) {
    if (present.has(origin)) continue;
    appendIndented(cors, newElement(cors, 'allow-origin', origin), ['allow-origin', 'ignore-scheme', 'strict-checking']);
    changes.push(`Jolokia also accepts Origin ${origin}, so the console works as http://localhost:<port> and http://127.0.0.1:<port>.`);
  }
  const xml = serializeXml(doc);
  return { xml, changes: xml === source ? [] : changes };
}

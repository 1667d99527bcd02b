// Small DOM helpers for editing broker config files with xmlbuilder2 while keeping the file's
// comments and indentation, so an attendee can still read (and diff) what we changed.
import { builder, create } from 'xmlbuilder2';

export interface XmlDoc {
  document: Document;
  root: Element;
}

export function parseXml(text: string): XmlDoc {
  // Whitespace-only text nodes are the file's indentation: keep them.
  const built = create({ skipWhitespaceOnlyText: false }, text);
  const document = built.node as unknown as Document;
  const root = document.documentElement;
  if (!root) throw new Error('no root element');
  return { document, root };
}

export function serializeXml(doc: XmlDoc): string {
  // Serialise the top-level nodes one by one so the prolog keeps its line breaks.
  const parts: string[] = ['<?xml version="1.0"?>'];
  for (const node of Array.from(doc.document.childNodes)) {
    if (node.nodeType === 8) parts.push(`<!--${(node as Comment).data}-->`);
    else if (node.nodeType === 1) {
      parts.push(builder(node as never).toString({ prettyPrint: false }));
    }
  }
  return `${parts.join('\n')}\n`;
}

export function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === 1;
}

function isBlankText(node: Node | null | undefined): node is Text {
  return !!node && node.nodeType === 3 && /^\s*$/.test(node.nodeValue ?? '');
}

export function childElements(parent: Element, name?: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (n): n is Element => isElement(n) && (name === undefined || (n.localName ?? n.nodeName) === name),
  );
}

export function firstChild(parent: Element, name: string): Element | null {
  return childElements(parent, name)[0] ?? null;
}

export function textOf(el: Element | null): string | null {
  return el ? (el.textContent ?? '').trim() : null;
}

function indentBefore(node: Node): string {
  const prev = node.previousSibling;
  if (isBlankText(prev)) {
    const text = prev.nodeValue ?? '';
    return text.slice(text.lastIndexOf('\n') + 1);
  }
  return '';
}

export function indentOf(el: Element): string {
  return indentBefore(el);
}

/**
 * Appends `child` to `parent`, indented like its siblings. With `order` (the schema's
 * xsd:sequence, for elements that have one in some versions), it goes before the first sibling
 * that the schema wants after it.
 */
export function appendIndented(parent: Element, child: Element, order?: readonly string[]): Element {
  const doc = parent.ownerDocument;
  const siblings = childElements(parent);
  const last = siblings[siblings.length - 1];
  const parentIndent = indentOf(parent);
  const indent = last ? indentOf(last) || `${parentIndent}   ` : `${parentIndent}   `;
  const rank = order ? order.indexOf(child.localName) : -1;
  const before = rank >= 0 ? siblings.find((s) => order!.indexOf(s.localName) > rank) : undefined;
  if (before) {
    // Insert before `before`'s own indentation, so the new line gets the same indentation.
    const ws = isBlankText(before.previousSibling) ? before.previousSibling : null;
    parent.insertBefore(child, ws ?? before);
    parent.insertBefore(doc.createTextNode(`\n${indent}`), child);
    return child;
  }
  const tail = parent.lastChild;
  if (isBlankText(tail) && parent.childNodes.length > 0) {
    parent.insertBefore(doc.createTextNode(`\n${indent}`), tail);
    parent.insertBefore(child, tail);
  } else {
    parent.appendChild(doc.createTextNode(`\n${indent}`));
    parent.appendChild(child);
    parent.appendChild(doc.createTextNode(`\n${parentIndent}`));
  }
  return child;
}

/** A new element in the parent's namespace (broker.xml's elements live in urn:activemq:core). */
export function newElement(parent: Element, name: string, text?: string): Element {
  const el = parent.ownerDocument.createElementNS(parent.namespaceURI, name);
  if (text !== undefined) el.appendChild(parent.ownerDocument.createTextNode(text));
  return el;
}

export function ensureChild(parent: Element, name: string): { el: Element; created: boolean } {
  const existing = firstChild(parent, name);
  if (existing) return { el: existing, created: false };
  return { el: appendIndented(parent, newElement(parent, name)), created: true };
}

/** Sets `<name>value</name>` under parent; returns true when the file changes. */
export function setChildText(parent: Element, name: string, value: string, order?: readonly string[]): boolean {
  const existing = firstChild(parent, name);
  if (existing) {
    if (textOf(existing) === value) return false;
    while (existing.firstChild) existing.removeChild(existing.firstChild);
    existing.appendChild(parent.ownerDocument.createTextNode(value));
    return true;
  }
  appendIndented(parent, newElement(parent, name, value), order);
  return true;
}

/** Removes an element with the indentation before it, and optionally the comment just above it. */
export function removeElement(el: Element, withCommentAbove = false): void {
  const parent = el.parentNode;
  if (!parent) return;
  let prev = el.previousSibling;
  if (isBlankText(prev)) {
    const beforeWs = prev.previousSibling;
    if (withCommentAbove && beforeWs && beforeWs.nodeType === 8) {
      const wsBeforeComment = beforeWs.previousSibling;
      parent.removeChild(beforeWs);
      if (isBlankText(wsBeforeComment)) parent.removeChild(wsBeforeComment);
    }
    parent.removeChild(prev);
    prev = null;
  }
  parent.removeChild(el);
}

/** The element's own text, for elements whose text is the value (a connector's URL). */
export function setChildTextOn(el: Element, value: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(el.ownerDocument.createTextNode(value));
}

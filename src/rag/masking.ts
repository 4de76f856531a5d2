import { isPublicServiceHost } from '../corpus/dataUrl';

/**
 * Contact details the model writes but no source contains could be invented: a wrong phone
 * number sends a citizen nowhere. URLs, phone numbers and e-mail addresses that appear in no
 * given source and are not on a public-service domain are masked.
 */
export const MASK = '[coordonnée masquée]';

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>()"'\]]+[^\s<>()"'\].,;:!?]/gi;
const EMAIL_RE = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;
// Full French numbers (01 23 45 67 89, 0123456789, +33 1 23 45 67 89), and short service
// numbers (39 39, 3949) only where the sentence introduces a number: "3500 €" stays untouched.
const PHONE_RE = /(?<![\w/])(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)|(?<=\b(?:le|au|numéro|appelez|appeler|composez|tél\.?|téléphone)\s)\d{2}\s?\d{2}(?![\s.,]?\d)/gi;

export interface MaskResult {
  text: string;
  masked: string[];
}

function digits(s: string): string {
  return s.replace(/\D/g, '').replace(/^33/, '0');
}

function hostOf(url: string): string {
  try {
    return new URL(url.startsWith('www.') ? `https://${url}` : url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

export function maskUnverified(answer: string, sourceTexts: readonly string[]): MaskResult {
  const corpus = sourceTexts.join('\n');
  const corpusLower = corpus.toLowerCase();
  const corpusDigits = sourceTexts.map(digits).join(' ');
  const masked: string[] = [];
  const mask = (found: string) => {
    masked.push(found);
    return MASK;
  };
  let text = answer.replace(URL_RE, (url) =>
    corpusLower.includes(url.toLowerCase()) || isPublicServiceHost(hostOf(url)) ? url : mask(url));
  text = text.replace(EMAIL_RE, (email) => {
    const host = email.split('@')[1]!.toLowerCase();
    return corpusLower.includes(email.toLowerCase()) || isPublicServiceHost(host) ? email : mask(email);
  });
  text = text.replace(PHONE_RE, (phone) => {
    return corpusDigits.includes(digits(phone)) ? phone : mask(phone);
  });
  return { text, masked };
}

/**
 * What a piece of text is: what kind of section a heading opens, whether a line carries a
 * "Challenge:"/"Solution:" label, and whether it reads like a title or a sentence. Everything here
 * is a pure function of the text (and, for a heading's topics, the topic index).
 */

import type { TopicIndex } from './topic-index.js';

export type SectionKind =
  | 'learning'
  | 'challenges'
  | 'solutions'
  | 'practices'
  | 'ignore'
  | 'unknown';

// ---------------------------------------------------------------------------------------------
// Words

const EMOJI =
  /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3|\uf8ff/gu;

export function stripEmoji(text: string): string {
  return text.replace(EMOJI, '').replace(/\s+/g, ' ').trim();
}

export function startsWithEmoji(text: string): boolean {
  return /^[\p{Extended_Pictographic}\p{Regional_Indicator}\uf8ff]/u.test(text.trim());
}

/** Words that carry letters or digits ("&", "–" and emoji are not words). */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/** Short, unpunctuated, capitalised: how a heading that lost its markup looks. */
export function isTitleLike(text: string): boolean {
  const t = stripEmoji(text);
  if (t.length === 0 || t.length > 80) return false;
  if (/[.,;!:]$/.test(t)) return false;
  const count = words(t).length;
  if (count === 0 || count > 10) return false;
  return !/^\p{Ll}/u.test(t);
}

export function isSentenceLike(text: string): boolean {
  const t = text.trim();
  return /[.!?]["')\]]?$/.test(t) || words(t).length > 10;
}

// ---------------------------------------------------------------------------------------------
// Section headings

const set = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

const KIND_WORDS: [Exclude<SectionKind, 'unknown'>, Set<string>][] = [
  [
    'challenges',
    set(`challenge challenges problem problems issue issues struggle struggles obstacle obstacles
      difficulty difficulties hurdle hurdles roadblock roadblocks blockers bug bugs troubleshooting
      gotcha gotchas pitfall pitfalls`),
  ],
  [
    'solutions',
    set(
      'solution solutions fix fixes resolution resolutions workaround workarounds solved resolved',
    ),
  ],
  [
    'practices',
    set(`practice practices takeaway takeaways tip tips lesson lessons advice recommendation
      recommendations guideline guidelines principle principles habit habits insight insights dos`),
  ],
  [
    'learning',
    set(`technology technologies tech stack tools tool tooling concept concepts learning learnings
      learned learnt skill skills knowledge topics fundamentals frameworks framework languages
      libraries studied covered basics essentials toolkit`),
  ],
  [
    'ignore',
    set(`overview summary introduction intro about objective objectives goal goals purpose
      conclusion conclusions license licence timeline structure contents toc contact contacts
      acknowledgements acknowledgments references resources links installation install setup
      usage welcome deadline submission contributing credits appendix glossary faq badges roadmap
      repository repo author authors getting`),
  ],
];

// Words that may surround the keyword of a section title without making it content.
const FILLER = set(`key major main important core my i the and of vs with faced implemented
  encountered overcame used backend development engineering program programme prodev personal
  technical general what how we our some a in during project beyond along way best top them it
  to for me i've i’ve`);

const JOURNAL = /^(?:week|day|module|sprint|phase|month|milestone|stage|chapter)\s*#?\d+\b/i;
const ENTRY =
  /^(?:challenge|problem|issue|struggle)\s*(?:#?\d+)?\s*(?:[:.)]|\s[–—-])\s*\S|^(?:challenge|problem|issue)\s*#?\d+\s*$/i;

export interface HeadingClass {
  kind: SectionKind;
  topics: string[];
  /** "Challenge: Deployment issues", "Problem 2": one challenge, not a section of them. */
  entry: boolean;
  /** A section title in its own right ("Challenges Faced & Solutions Implemented"). */
  major: boolean;
  /** Every word is section vocabulary. */
  pure: boolean;
  journal: boolean;
}

function lowerWords(text: string): string[] {
  return (
    stripEmoji(text)
      .toLowerCase()
      .match(/[\p{L}\p{N}'’]+/gu) ?? []
  ).map((w) => w.replace(/['’]s$/, ''));
}

export function classifyHeading(text: string, index: TopicIndex): HeadingClass {
  const clean = stripEmoji(text);
  const lw = lowerWords(clean);
  const kinds = KIND_WORDS.filter(([, vocab]) => lw.some((w) => vocab.has(w))).map(([k]) => k);
  const topics = index.match(clean, 'label');
  const journal = JOURNAL.test(clean);
  const vocabulary = lw.filter((w) => FILLER.has(w) || KIND_WORDS.some(([, v]) => v.has(w)));
  const major = lw.length > 0 && kinds.length > 0 && vocabulary.length / lw.length >= 0.75;
  const pure = major && vocabulary.length === lw.length;
  const base = { topics, major: major || journal, pure, journal, entry: false };
  if (ENTRY.test(clean)) return { ...base, kind: 'challenges', entry: true, major: false };
  if (kinds.includes('challenges')) return { ...base, kind: 'challenges' };
  if (kinds.includes('solutions')) return { ...base, kind: 'solutions' };
  // A named topic is more specific than "best practices": "Security Best Practices" are
  // learnings about security.
  if (topics.length > 0) return { ...base, kind: 'learning' };
  for (const kind of ['practices', 'learning', 'ignore'] as const)
    if (kinds.includes(kind)) return { ...base, kind };
  if (journal) return { ...base, kind: 'learning' };
  return { ...base, kind: 'unknown' };
}

/** A heading inside a challenge that switches to its solution ("#### Solution", "How I fixed it"). */
export function modeHeading(text: string): 'challenge' | 'solution' | null {
  const t = stripEmoji(text)
    .toLowerCase()
    .replace(/[:：]\s*$/, '');
  if (
    /^(?:the |my |our )?(?:solutions?|fix(?:es)?|resolution|workaround|answer|approach|outcome|result|how i (?:solved|fixed) it|what i did)$/.test(
      t,
    )
  )
    return 'solution';
  if (/^(?:the )?(?:challenge|problem|issue|context|description)$/.test(t)) return 'challenge';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Labels

const CHALLENGE_LABEL =
  /^(?:the\s+|my\s+)?(?:challenge|problem|issue|struggle|difficulty|obstacle|pain\s*point|bug)s?(?:\s*#?\d+)?\s*(?:[:：]|\s[–—-](?=\s))\s*/i;
const SOLUTION_LABEL =
  /^(?:the\s+|my\s+|our\s+)?(?:solution|fix|fixed|resolution|resolved|workaround|answer|how\s+i\s+(?:solved|fixed)\s+it|what\s+i\s+did|approach|outcome|result)s?(?:\s*#?\d+)?\s*(?:[:：]|\s[–—-](?=\s))\s*/i;
const LABEL_ONLY =
  /^(?:the\s+|my\s+|our\s+)?(\p{L}+(?:\s+\p{L}+){0,3})(?:\s*#?\d+)?\s*[:：]?\s*$/iu;

export interface Labelled {
  label: 'challenge' | 'solution' | null;
  rest: string;
  /** Nothing follows the label: it introduces the lines below. */
  labelOnly: boolean;
}

export function splitLabel(text: string): Labelled {
  const t = text.trim();
  for (const [label, re] of [
    ['challenge', CHALLENGE_LABEL],
    ['solution', SOLUTION_LABEL],
  ] as const) {
    const m = re.exec(t);
    if (m) {
      const rest = t.slice(m[0].length).trim();
      return { label, rest, labelOnly: rest === '' };
    }
  }
  // "Fixed by caching the layers": a solution that says so in its own words.
  if (/^(?:i\s+|we\s+)?(?:fixed|solved|resolved)\s+(?:it\s+|this\s+)?by\s+\S/i.test(t))
    return { label: 'solution', rest: t, labelOnly: false };
  // "Solution" / "**Solution:**" alone.
  if (LABEL_ONLY.test(t) && /[:：]\s*$/.test(t)) {
    const mode = modeHeading(t);
    if (mode) return { label: mode, rest: '', labelOnly: true };
  }
  return { label: null, rest: t, labelOnly: false };
}

/** "**Python** – Core language…" or "Design First: Start with…": the label and what follows. */
export function splitLead(
  text: string,
  lead: string | null,
): { label: string; rest: string } | null {
  const t = text.trim();
  const bold = lead?.trim();
  if (bold && t.startsWith(bold)) {
    const rest = t
      .slice(bold.length)
      .replace(/^\s*[:：–—-]?\s*/, '')
      .trim();
    const label = bold.replace(/[:：]\s*$/, '').trim();
    if (label !== '') return { label, rest };
  }
  const m = /^([^:：–—]{1,60}?)\s*(?:[:：]|\s[–—-])\s+(\S.*)$/u.exec(t);
  if (m?.[1] && m[2] && words(m[1]).length <= 6) return { label: m[1].trim(), rest: m[2].trim() };
  return null;
}

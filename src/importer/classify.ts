/**
 * What a piece of text is: which topics it names, what kind of section a heading opens, whether a
 * line carries a "Challenge:"/"Solution:" label, and whether it reads like a title or a sentence.
 * Everything here is a pure function of the text (and the topic list).
 */

export interface TopicRef {
  slug: string;
  name: string;
  aliases: string[];
}

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
// Topics

const STOP = new Set([
  'a',
  'an',
  'and',
  'or',
  'the',
  'of',
  'for',
  'in',
  'on',
  'with',
  'to',
  'vs',
  'via',
  'using',
  'by',
  'at',
  'from',
  'as',
  'i',
  'my',
  'we',
  'our',
]);

// Longest first within each family, so "serializers" and "serialization" both become "serial".
const SUFFIXES = [
  'izations',
  'ization',
  'isations',
  'isation',
  'izers',
  'izer',
  'izing',
  'ized',
  'izes',
  'ize',
  'ations',
  'ation',
  'ings',
  'ing',
  'ers',
  'er',
  'ies',
  'es',
  'ed',
  's',
  'e',
];

/** A light stemmer: enough for "caching"/"cache", "containers"/"containerization", "tests". */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3 || /\d/.test(w)) return w;
  for (let pass = 0; pass < 3; pass++) {
    // A silent "e" only goes from longer words: "cache" → "cach", but "core" must not meet "cors".
    const suffix = SUFFIXES.find(
      (s) => w.endsWith(s) && w.length - s.length >= (s === 'e' ? 4 : 3),
    );
    if (!suffix) break;
    w = w.slice(0, -suffix.length) + (suffix === 'ies' ? 'y' : '');
  }
  return w;
}

interface Token {
  raw: string;
  stem: string;
}

function tokenize(text: string): Token[] {
  const plain = text.normalize('NFKD').replace(/\p{M}/gu, '');
  return (plain.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((raw) => !STOP.has(raw.toLowerCase()))
    .map((raw) => ({ raw, stem: stem(raw) }));
}

/**
 * Aliases that are everyday words in prose ("settings", "tests", "pipeline"): they name a topic
 * in a heading or a bullet's label, but a passing mention in a sentence does not file it there.
 */
const WEAK_IN_PROSE = new Set([
  'explain',
  'settings',
  'config',
  'compose',
  'workers',
  'broker',
  'signal',
  'signals',
  'receiver',
  'receivers',
  'login',
  'tokens',
  'commits',
  'branching',
  'pr',
  'sh',
  'cd',
  'ci',
  'deployment',
  'pipeline',
  'pipelines',
  'frontend',
  'collaboration',
  'teamwork',
  'tests',
  'coverage',
  'shell',
  'terminal',
  'cli',
  'logs',
  'logging',
  'monitoring',
  'metrics',
  'tracing',
  'stateless',
  'scaling',
  'container',
  'containers',
  'secrets',
  'credentials',
  'payment',
  'payments',
  'integrations',
  'relationships',
  'permissions',
  'exchanges',
  'env',
  'http',
  'black',
  'flower',
  'vault',
  'throttle',
  'mq',
  'pg',
  'py',
  'sql',
]);

/** Words that only say what kind of thing a topic is: "Django *Framework*", "CI/CD *Pipelines*". */
const GENERIC = new Set(
  [
    'framework',
    'api',
    'pipeline',
    'fundamental',
    'basic',
    'strategy',
    'concept',
    'tool',
    'technology',
    'programming',
    'program',
    'development',
    'language',
    'scripting',
    'essential',
    'core',
    'system',
    'github',
  ].map(stem),
);

/**
 * `label`: a heading or a bullet's label, where any alias counts; `prose`: a sentence, where
 * everyday words do not; `loose`: any alias by its stem, to tell whether a line is only names.
 */
export type MatchMode = 'label' | 'prose' | 'loose';

export interface TopicIndex {
  /** Topic slugs the text names, in order of appearance. */
  match(text: string, mode?: MatchMode): string[];
  /** How many words of the text are neither topic names nor generic words. */
  leftover(text: string): number;
  name(slug: string): string;
}

interface Phrase {
  slug: string;
  weak: boolean;
  /** Spellings of a weak alias: even in a label, "working" must not name Celery's "workers". */
  forms: Set<string>;
  /** "rest" names REST APIs only when written "REST". */
  upper: boolean;
}

export function buildTopicIndex(topics: TopicRef[]): TopicIndex {
  const phrases = new Map<string, Phrase>();
  let longest = 1;
  const add = (text: string, slug: string, weak: boolean) => {
    const toks = tokenize(text.replace(/-/g, ' '));
    if (toks.length === 0) return;
    const key = toks.map((t) => t.stem).join(' ');
    const existing = phrases.get(key);
    if (existing) {
      // Names are added first and win; the first topic keeps an alias two topics share.
      if (existing.slug === slug && !weak) existing.weak = false;
      return;
    }
    const bare = text.toLowerCase();
    const forms = new Set([bare, bare.replace(/s$/, ''), `${bare.replace(/s$/, '')}s`]);
    phrases.set(key, { slug, weak: weak && toks.length === 1, forms, upper: key === 'rest' });
    longest = Math.max(longest, toks.length);
  };
  for (const topic of topics) {
    add(topic.name, topic.slug, false);
    add(topic.slug, topic.slug, false);
  }
  for (const topic of topics)
    for (const alias of topic.aliases) add(alias, topic.slug, WEAK_IN_PROSE.has(alias));
  const names = new Map(topics.map((t) => [t.slug, t.name]));

  const scan = (text: string, mode: MatchMode) => {
    const toks = tokenize(text);
    const found: string[] = [];
    const used = new Array<boolean>(toks.length).fill(false);
    for (let i = 0; i < toks.length; ) {
      let hit = 0;
      for (let len = Math.min(longest, toks.length - i); len >= 1 && hit === 0; len--) {
        const slice = toks.slice(i, i + len);
        const phrase = phrases.get(slice.map((t) => t.stem).join(' '));
        if (!phrase) continue;
        const spelled = phrase.forms.has(slice[0]?.raw.toLowerCase() ?? '');
        if (phrase.weak && (mode === 'prose' || (mode === 'label' && !spelled))) continue;
        if (mode === 'prose' && phrase.upper && slice[0]?.raw !== 'REST') continue;
        if (!found.includes(phrase.slug)) found.push(phrase.slug);
        hit = len;
      }
      if (hit > 0) {
        used.fill(true, i, i + hit);
        i += hit;
      } else i++;
    }
    return { toks, found, used };
  };

  return {
    match: (text, mode = 'label') => scan(text, mode).found,
    leftover(text) {
      const { toks, used } = scan(text, 'loose');
      return toks.filter((t, i) => !used[i] && !GENERIC.has(t.stem)).length;
    },
    name: (slug) => names.get(slug) ?? slug,
  };
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

/**
 * Which topics a piece of text names. Topic names, slugs and aliases become phrases of stemmed
 * words; a text is scanned for the longest phrase at each word, so "Django REST Framework" names
 * one topic, not three. Pure: built once per document from the topic list.
 */

export interface TopicRef {
  slug: string;
  name: string;
  aliases: string[];
}

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

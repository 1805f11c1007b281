import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlainText } from '../../src/importer/lines.js';
import { ImportError, NO_SECTION, parseNexusDocument } from '../../src/importer/parse.js';
import { loadTopics, partitionProblems, readSeed, withSeeds } from './helpers.js';

const topics = loadTopics();
const parse = (input: string | Uint8Array, maxBytes?: number) =>
  parseNexusDocument(input, topics, maxBytes === undefined ? {} : { maxBytes });

function rejects(input: string | Uint8Array, message: string, maxBytes?: number) {
  expect(() => parse(input, maxBytes)).toThrow(ImportError);
  expect(() => parse(input, maxBytes)).toThrow(message);
}

describe('bad input', () => {
  it('refuses an empty file', () => {
    for (const input of [
      '',
      '   \n\t\n',
      '\ufeff',
      new Uint8Array(),
      new Uint8Array([0xef, 0xbb, 0xbf, 0x0a]),
    ])
      rejects(input, 'The file is empty');
  });

  it('refuses binary data', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    rejects(png, 'This looks like binary data, not text');
    rejects('## Challenges\n\u0000\u0001\u0002', 'This looks like binary data, not text');
    rejects(
      Uint8Array.from({ length: 400 }, (_, i) => (i * 37) % 32 || 1),
      'This looks like binary data, not text',
    );
  });

  it('refuses a file over the size limit before reading it', () => {
    const big = `## Challenges\n${'- Slow CI → caching\n'.repeat(14_000)}`;
    expect(new TextEncoder().encode(big).length).toBeGreaterThan(256 * 1024);
    rejects(big, 'The file is over 256 KB');
    rejects(new Uint8Array(256 * 1024 + 1), 'The file is over 256 KB');
    rejects('## Challenges\n- Slow CI', 'The file is over 10 bytes', 10);
    // The limit counts bytes, not characters: 100 emoji are 400 bytes.
    rejects(`## Best Practices\n- ${'🚀'.repeat(100)}`, 'The file is over 300 bytes', 300);
  });

  it('accepts a file of exactly the limit', () => {
    const text = '## Best Practices\n- Test first';
    expect(parse(text, new TextEncoder().encode(text).length).bestPractices).toHaveLength(1);
  });

  it('refuses a document with no recognizable section', () => {
    rejects('# My notes\n\nHello world. Nothing to see here.', NO_SECTION);
    rejects('Just a line\nand another', NO_SECTION);
    expect(NO_SECTION).toBe(
      'No recognizable section (technologies, challenges, best practices) was found',
    );
  });
});

describe('decoding', () => {
  it.runIf(withSeeds)('reads UTF-8 bytes like the same text', () => {
    const text = readSeed('004');
    const fromBytes = parse(new TextEncoder().encode(text));
    expect(fromBytes).toEqual(parse(text));
    expect(fromBytes.note).toBeNull();
  });

  it('reads UTF-16 with a byte-order mark', () => {
    const text = '## Best Practices\n- Write tests – always';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      bytes[2 + i * 2] = code & 0xff;
      bytes[3 + i * 2] = code >> 8;
    }
    expect(parse(bytes).bestPractices.map((p) => p.text)).toEqual(['Write tests – always']);
  });

  it('reads bytes that are not UTF-8 as Windows-1252, and says so', () => {
    // "Café – done" saved by an old editor: é = 0xE9, – = 0x96.
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('## Best Practices\n- Caf'),
      0xe9,
      0x20,
      0x96,
      ...new TextEncoder().encode(' done'),
    ]);
    const doc = parse(bytes);
    expect(doc.bestPractices.map((p) => p.text)).toEqual(['Café – done']);
    expect(doc.note).toMatch(/Windows-1252/);
  });
});

describe('repeated structure', () => {
  it('closes each unclosed fence before the section after it, and reads the link definitions it held', () => {
    const text = [
      '## Key Technologies',
      '- Docker: read [the guide] before building images',
      '',
      // Fences of falling length: none closes the one before.
      ...[0, 1, 2, 3].flatMap((k) => [
        '`'.repeat(7 - k),
        `echo ${k}`,
        '',
        '## Redis',
        `- Redis note ${k + 1}.`,
        '',
      ]),
      '[the guide]: https://docs.docker.com',
    ].join('\n');
    const doc = parse(text);
    expect(doc.learnings.map((l) => `${l.topic}: ${l.text}`)).toEqual([
      'docker: Docker: read the guide before building images',
      'redis: Redis note 1.',
      'redis: Redis note 2.',
      'redis: Redis note 3.',
      'redis: Redis note 4.',
    ]);
    expect(doc.notImported.map((n) => `${n.line} ${n.reason}`)).toEqual([
      ...[4, 5, 10, 11, 16, 17, 22, 23].map((n) => `${n} code`),
      '28 link',
    ]);
    expect(partitionProblems(text, doc)).toEqual([]);
  });

  it('gives a title underlined more than once the level of its first underline', () => {
    const records = readPlainText(['Docker', '======', '------']);
    expect(records.map((r) => [r.line, r.role, r.level, r.block])).toEqual([
      [1, 'heading', 1, 1],
      [2, 'heading', 1, 1],
      [3, 'heading', 1, 1],
    ]);
  });
});

describe('never a crash', () => {
  const onlyImportErrors = (input: string | Uint8Array) => {
    try {
      parse(input);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
    }
  };

  // How long they take is the budget's concern (tests/importer/off-thread.test.ts) and the bench's.
  it('survives pathological nesting', () => {
    for (const text of [
      `## Challenges\n${'>'.repeat(20_000)} x`,
      `## Challenges\n${'- '.repeat(20_000)}x`,
      `## Challenges\n${Array.from({ length: 480 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')}`,
      `## Challenges\n- ${'*'.repeat(100_000)}x`,
      `## Challenges\n- ${'['.repeat(50_000)}x`,
    ])
      expect(parse(text).challenges.length).toBeGreaterThan(0);
  });

  it.runIf(withSeeds)('parses a document near the size limit', () => {
    const seeds = ['000', '001', '002', '003', '004'].map(readSeed).join('\n\n');
    const text = seeds.repeat(Math.ceil(240_000 / seeds.length)).slice(0, 240_000);
    const doc = parse(text);
    expect(doc.challenges.length).toBeGreaterThan(100);
    expect(partitionProblems(text, doc)).toEqual([]);
  });

  it('arbitrary bytes give a result or an ImportError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), onlyImportErrors), { numRuns: 500 });
  });

  it('arbitrary strings give a result or an ImportError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), onlyImportErrors), {
      numRuns: 500,
    });
  });

  // Lines made of the pieces nexus documents are built from, so that parses get deep.
  const piece = fc.constantFrom(
    '# Title',
    '## Key Technologies',
    '### Docker',
    '## Challenges',
    '## Solutions',
    'Best Practices',
    'Week 1',
    '- Writing Dockerfiles',
    '* Redis caching',
    '1. Slow CI',
    '2) Fix it',
    '   - Solution: cache',
    '**Solution:**',
    '**Kubernetes Complexity**',
    'Challenge: X',
    'Problem: y',
    'Fix: z → w',
    '| Challenge | Description | Solution |',
    '|---|---|---|',
    '| a | b | c |',
    '```',
    '```python',
    '# comment',
    '    indented',
    '---',
    '____',
    '=====',
    '• item',
    '· item',
    '\t• tabbed',
    'Python',
    'Security',
    'I learned to:',
    '‚Äì',
    'üìå',
    '\uf8ffüìå Overview',
    '> quote',
    '<div align="center">',
    '[docs](https://example.com)',
    '![badge](https://img.shields.io/x.svg)',
    '- [x] task',
    'https://example.com',
    'July 21, 2025',
    '├── docs/',
    '',
    '',
  );
  const line = fc.oneof(
    { weight: 4, arbitrary: piece },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  );
  const documents = fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom('', ' ', '  ', '    ', '\t'), line), { maxLength: 50 }),
      fc.constantFrom('\n', '\r\n', '\r'),
    )
    .map(([lines, newline]) => lines.map(([indent, text]) => indent + text).join(newline));

  it('every non-empty line is accounted for exactly once, whatever the text', () => {
    fc.assert(
      fc.property(documents, (text) => {
        let doc: ReturnType<typeof parse>;
        try {
          doc = parse(text);
        } catch (error) {
          if (error instanceof ImportError) return;
          throw error;
        }
        expect(partitionProblems(text, doc)).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });
});

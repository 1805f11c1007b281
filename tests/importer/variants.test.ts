import { describe, expect, it } from 'vitest';
import { type ParsedDocument, parseNexusDocument } from '../../src/importer/parse.js';
import { repairMojibake } from '../../src/importer/repair.js';
import { buildTopicIndex } from '../../src/importer/topic-index.js';
import { loadTopics, partitionProblems } from './helpers.js';

const topics = loadTopics();

/** Parses a fixture and checks the line partition, which every variant must keep. */
function parse(text: string): ParsedDocument {
  const doc = parseNexusDocument(text, topics);
  expect(partitionProblems(text, doc)).toEqual([]);
  return doc;
}

const learned = (doc: ParsedDocument) => doc.learnings.map((l) => `${l.topic}: ${l.text}`);
const pairs = (doc: ParsedDocument) =>
  doc.challenges.map((c) => ({ title: c.title, challenge: c.challenge, solution: c.solution }));
const left = (doc: ParsedDocument) => doc.notImported.map((n) => `${n.line} ${n.reason}`);

describe('topic matching', () => {
  const index = buildTopicIndex(topics);
  it.each([
    ['Celery + RabbitMQ', ['celery', 'rabbitmq']],
    ['Django REST Framework (DRF)', ['django-rest-framework']],
    ['CI/CD with Jenkins & Travis CI', ['ci-cd']],
    ['Docker & Containerization', ['docker']],
    ['Asynchronous Programming', ['async-programming']],
    ['Linux & Shell Scripting', ['linux-and-shell']],
    ['authentication-and-authorization', ['authentication-and-authorization']],
    ['K8S!', ['kubernetes']],
  ])('"%s" names %j', (text, expected) => {
    expect(index.match(text, 'label')).toEqual(expected);
  });

  it('does not file prose under everyday words that are aliases', () => {
    // "workers" (Celery), "settings" (environment configuration) and "rest" are aliases, but
    // "working", "settings" in a sentence and "the rest" do not name those topics.
    expect(index.match('Working with models, views, and URLs', 'label')).toEqual([]);
    expect(index.match('Changed the settings for the rest of the team', 'prose')).toEqual([]);
    expect(index.match('Designing REST endpoints', 'prose')).toEqual(['rest-apis']);
  });
});

describe('documents beyond the seeds', () => {
  it('reads structure from indentation alone', () => {
    const doc = parse(
      [
        'My Nexus',
        'Key Technologies',
        '    Docker',
        '        Writing Dockerfiles for every service',
        '        Multi-stage builds keep images small',
        '    Python',
        '        Decorators and generators',
        'Challenges',
        '    Slow database queries',
        '        Fix: added indexes and select_related',
        'Best Practices',
        '    Write tests before deploying',
      ].join('\n'),
    );
    expect(doc.format).toBe('plain');
    expect(learned(doc)).toEqual([
      'docker: Writing Dockerfiles for every service',
      'docker: Multi-stage builds keep images small',
      'python: Decorators and generators',
    ]);
    expect(pairs(doc)).toEqual([
      {
        title: 'Slow database queries',
        challenge: 'Slow database queries',
        solution: 'added indexes and select_related',
      },
    ]);
    expect(doc.bestPractices.map((p) => p.text)).toEqual(['Write tests before deploying']);
    expect(left(doc)).toEqual(['1 outside any recognised section']);
  });

  it('reads bare title lines pasted from a word processor', () => {
    const doc = parse(
      [
        'Project Nexus – Learnings',
        '',
        'Key Technologies Covered',
        '',
        'Docker',
        'Writing Dockerfiles and compose files for each service.',
        'Multi-stage builds keep the images small.',
        '',
        'Redis',
        '',
        'Used Redis as a cache with short TTLs.',
        '',
        'Evictions happen when memory runs out.',
        '',
        'Challenges Faced',
        '',
        'Slow dashboard',
        'The dashboard took five seconds to load.',
        'Fix: added select_related and an index on created_at.',
        '',
        'Best Practices',
        '',
        'Keep secrets out of the repository.',
        'Review logs after every deploy.',
      ].join('\n'),
    );
    expect(doc.structure.map((s) => s.text)).toEqual([
      'Key Technologies Covered',
      'Docker',
      'Redis',
      'Challenges Faced',
      'Best Practices',
    ]);
    expect(doc.learnings.filter((l) => l.topic === 'redis').map((l) => l.line)).toEqual([11, 13]);
    expect(pairs(doc)).toEqual([
      {
        title: 'Slow dashboard',
        challenge: 'The dashboard took five seconds to load.',
        solution: 'added select_related and an index on created_at.',
      },
    ]);
    expect(doc.bestPractices).toHaveLength(2);
  });

  it('reads ____ separators, • and · bullets and tab-indented bullets', () => {
    const doc = parse(
      [
        'KEY TECHNOLOGIES',
        '________________',
        '• Docker: containers for every service',
        '• Kubernetes: pods, services and deployments',
        '____',
        '',
        'CHALLENGES',
        '· Migrations conflicted after merges → squashed them and rebased first',
        '· CORS errors from the frontend → added django-cors-headers',
        '____',
        '',
        'BEST PRACTICES',
        '\t• Pin dependency versions',
        '\t• Review every pull request',
      ].join('\n'),
    );
    expect(learned(doc)).toEqual([
      'docker: Docker: containers for every service',
      'kubernetes: Kubernetes: pods, services and deployments',
    ]);
    expect(pairs(doc)).toEqual([
      {
        title: 'Migrations conflicted after merges',
        challenge: 'Migrations conflicted after merges',
        solution: 'Squashed them and rebased first',
      },
      {
        title: 'CORS errors from the frontend',
        challenge: 'CORS errors from the frontend',
        solution: 'Added django-cors-headers',
      },
    ]);
    expect(doc.bestPractices.map((p) => p.text)).toEqual([
      'Pin dependency versions',
      'Review every pull request',
    ]);
    expect(left(doc)).toEqual(['2 separator', '5 separator', '10 separator']);
  });

  it('reads emoji and bold inside headings', () => {
    const doc = parse(
      [
        '# 🚀 My **Nexus**',
        '## 🛠️ **Key Technologies**',
        '### 🐳 **Docker**',
        '- Writing multi-stage Dockerfiles',
        '## 🧪 Challenges & **Solutions**',
        '### 1. 🔥 **Slow queries**',
        '- Pages took 5 seconds',
        '',
        '**Solution:** added `select_related`',
      ].join('\n'),
    );
    expect(learned(doc)).toEqual(['docker: Writing multi-stage Dockerfiles']);
    expect(pairs(doc)).toEqual([
      {
        title: 'Slow queries',
        challenge: 'Pages took 5 seconds',
        solution: 'added select_related',
      },
    ]);
  });

  it('copes with heading levels out of order', () => {
    const doc = parse(
      [
        '#### Key Technologies',
        '## Docker',
        '- Compose files for local development',
        '# Challenges',
        '### Deploys failed on Fridays',
        'Solution: added a staging environment',
        '## Best Practices',
        '- Deploy early in the week',
      ].join('\n'),
    );
    expect(learned(doc)).toEqual(['docker: Compose files for local development']);
    expect(pairs(doc)).toEqual([
      {
        title: 'Deploys failed on Fridays',
        challenge: 'Deploys failed on Fridays',
        solution: 'added a staging environment',
      },
    ]);
    expect(doc.bestPractices.map((p) => p.text)).toEqual(['Deploy early in the week']);
  });

  it('reads a three-column table (challenge | description | solution)', () => {
    const doc = parse(
      [
        '## Challenges',
        '| Challenge | Description | Solution |',
        '|---|---|---|',
        '| Slow CI | Builds took 20 minutes | Cached pip dependencies |',
        '| Flaky tests | Tests failed randomly | Isolated the database per test |',
      ].join('\n'),
    );
    expect(pairs(doc)).toEqual([
      {
        title: 'Slow CI',
        challenge: 'Builds took 20 minutes',
        solution: 'Cached pip dependencies',
      },
      {
        title: 'Flaky tests',
        challenge: 'Tests failed randomly',
        solution: 'Isolated the database per test',
      },
    ]);
    expect(doc.challenges.map((c) => c.lines)).toEqual([[4], [5]]);
    expect(doc.structure.map((s) => s.line)).toEqual([1, 2, 3]);
  });

  it('reads "Problem:" / "Fix:" wording', () => {
    const doc = parse(
      [
        '## Problems I ran into',
        '**Problem:** Migrations conflicted after merging branches.',
        '**Fix:** Squashed the migrations and rebased before merging.',
        '',
        '**Problem:** CORS errors from the React app.',
        '**Fix:** Added django-cors-headers with an allow-list.',
      ].join('\n'),
    );
    expect(pairs(doc)).toEqual([
      {
        title: 'Migrations conflicted after merging branches',
        challenge: 'Migrations conflicted after merging branches.',
        solution: 'Squashed the migrations and rebased before merging.',
      },
      {
        title: 'CORS errors from the React app',
        challenge: 'CORS errors from the React app.',
        solution: 'Added django-cors-headers with an allow-list.',
      },
    ]);
  });

  it('matches solutions in a separate section to challenges by number', () => {
    const doc = parse(
      [
        '## Challenges',
        '1. Slow database queries on the dashboard',
        '2. Celery workers silently dying',
        '3. Secrets committed to Git',
        '',
        '## Solutions',
        '2. Supervised the workers and added health checks.',
        '1. Added indexes and select_related.',
      ].join('\n'),
    );
    expect(doc.challenges.map((c) => [c.title, c.solution, c.lines])).toEqual([
      ['Slow database queries on the dashboard', 'Added indexes and select_related.', [2, 8]],
      ['Celery workers silently dying', 'Supervised the workers and added health checks.', [3, 7]],
      ['Secrets committed to Git', null, [4]],
    ]);
  });

  it('matches solutions in a separate section to challenges by title', () => {
    const doc = parse(
      [
        '## Challenges',
        '- **Slow queries**',
        '- **Dying workers**',
        '- **Flaky tests**',
        '',
        '## How I solved them',
        '- **Dying workers**: supervised them with systemd.',
        '- **Slow queries**: added indexes.',
      ].join('\n'),
    );
    expect(doc.challenges.map((c) => [c.title, c.solution])).toEqual([
      ['Slow queries', 'added indexes.'],
      ['Dying workers', 'supervised them with systemd.'],
      ['Flaky tests', null],
    ]);
  });

  it('lists a solution that matches no challenge as not imported', () => {
    const doc = parse(
      [
        '## Challenges',
        '- Slow queries',
        '## Solutions',
        '- **Kubernetes networking**: read the docs.',
        '- **Slow queries**: added indexes.',
      ].join('\n'),
    );
    expect(pairs(doc)).toEqual([
      { title: 'Slow queries', challenge: 'Slow queries', solution: 'added indexes.' },
    ]);
    expect(left(doc)).toEqual(['4 solution that matches no challenge']);
  });

  it('reads a week-by-week layout', () => {
    const doc = parse(
      [
        '# My Nexus',
        '',
        '## Week 1 – Python & Django',
        '',
        '- Learned decorators and generators',
        '- Built models with the Django ORM',
        '',
        '**Challenge:** Circular imports between apps.',
        '**Solution:** Moved shared code into a core app.',
        '',
        '## Week 2 – Docker',
        '',
        '- Wrote a multi-stage Dockerfile',
        '',
        '### Challenges',
        '',
        '1. Containers could not reach Postgres',
        '   - Solution: used the service name as host',
        '',
        '## Week 3',
        '',
        '- Added Redis caching to the slowest endpoints',
      ].join('\n'),
    );
    expect(learned(doc)).toEqual([
      'python: Learned decorators and generators',
      'django: Learned decorators and generators',
      'python: Built models with the Django ORM',
      'django: Built models with the Django ORM',
      'docker: Wrote a multi-stage Dockerfile',
      'redis: Added Redis caching to the slowest endpoints',
    ]);
    expect(pairs(doc)).toEqual([
      {
        title: 'Circular imports between apps',
        challenge: 'Circular imports between apps.',
        solution: 'Moved shared code into a core app.',
      },
      {
        title: 'Containers could not reach Postgres',
        challenge: 'Containers could not reach Postgres',
        solution: 'used the service name as host',
      },
    ]);
  });

  it('keeps a bullet that merely looks like a solution label among the learnings', () => {
    const doc = parse(
      [
        '## Key Technologies',
        '- **Approach**: design-first REST APIs',
        '',
        'Challenge: slow builds',
        'Result: cached layers',
      ].join('\n'),
    );
    expect(learned(doc)).toEqual(['rest-apis: Approach: design-first REST APIs']);
    expect(pairs(doc)).toEqual([
      { title: 'slow builds', challenge: 'slow builds', solution: 'cached layers' },
    ]);
  });

  it('keeps two documents pasted into one file apart', () => {
    const doc = parse(
      [
        "# Alice's Nexus",
        '## Key Technologies',
        '- **Docker**: multi-stage builds',
        '## Challenges',
        '1. Slow CI',
        '2. Huge images',
        '## Solutions',
        '1. Cached dependencies',
        '2. Multi-stage builds',
        '',
        "# Bob's Nexus",
        '## Technologies',
        '### Redis',
        '- Used as a cache with TTLs',
        '## Challenges',
        '1. N+1 queries',
        '## Solutions',
        '1. select_related everywhere',
      ].join('\n'),
    );
    // Bob's "1." answers Bob's challenge 1, not Alice's.
    expect(doc.challenges.map((c) => [c.title, c.solution])).toEqual([
      ['Slow CI', 'Cached dependencies'],
      ['Huge images', 'Multi-stage builds'],
      ['N+1 queries', 'select_related everywhere'],
    ]);
    expect(learned(doc)).toContain('redis: Used as a cache with TTLs');
    expect(left(doc)).toEqual(['1 heading', '11 heading']);
  });

  it('never reads # lines in fenced, indented or unclosed code as headings', () => {
    const doc = parse(
      [
        '## Key Technologies',
        '### Docker',
        '- Writing Dockerfiles',
        '',
        '```bash',
        '# Build the image',
        'docker build -t app .',
        '```',
        '',
        '    # indented code',
        '    docker compose up',
        '',
        '```python',
        '# Never closed',
        'import os',
        '',
        '## Challenges',
        '- **Slow builds** → cached layers',
      ].join('\n'),
    );
    expect(learned(doc)).toEqual(['docker: Writing Dockerfiles']);
    expect(left(doc)).toEqual([5, 6, 7, 8, 10, 11, 13, 14, 15].map((n) => `${n} code`));
    // The fence that is never closed ends before the next section heading.
    expect(pairs(doc)).toEqual([
      { title: 'Slow builds', challenge: 'Slow builds', solution: 'Cached layers' },
    ]);
  });

  it('skips badges and bare links, and reads task lists as bullets', () => {
    const doc = parse(
      [
        '# My Nexus',
        '[![CI](https://img.shields.io/badge/ci-passing-green.svg)](https://github.com/x/y/actions) ![License](https://img.shields.io/badge/license-MIT-blue.svg)',
        '',
        '## What I learned',
        '- [x] Wrote a **Dockerfile** for the API',
        '- [ ] Learn Kubernetes',
        '- [Django docs](https://docs.djangoproject.com)',
        '- https://redis.io',
        '- Started on **2025-07-21**',
      ].join('\n'),
    );
    expect(learned(doc)).toEqual([
      'docker: Wrote a Dockerfile for the API',
      'kubernetes: Learn Kubernetes',
    ]);
    expect(left(doc)).toEqual([
      '1 heading',
      '2 badge',
      '7 link',
      '8 link',
      '9 names no known topic',
    ]);
  });

  it('keeps line numbers of CRLF and CR files', () => {
    const lines = ['## Challenges', '', 'Challenge: Slow CI', 'Solution: Cached dependencies'];
    for (const newline of ['\r\n', '\r']) {
      const doc = parse(lines.join(newline));
      expect(doc.challenges[0]?.lines).toEqual([3, 4]);
    }
  });
});

describe('mojibake repair', () => {
  it('removes a remnant whose first byte was lost, and reports it', () => {
    // "üìå" without the U+F8FF before it: the 0xF0 lead byte of 📌 is gone.
    const text = [
      'ALX Project Nexus ‚Äì ProDev',
      'üìå Key Technologies Covered',
      '- **Docker**: it‚Äôs ‚Äúeverywhere‚Äù',
    ].join('\n');
    const { text: repaired, report } = repairMojibake(text);
    expect(repaired).toBe(
      'ALX Project Nexus – ProDev\nKey Technologies Covered\n- **Docker**: it’s “everywhere”',
    );
    expect(report.removed).toEqual([{ line: 2, text: 'üìå' }]);
    expect(report.repaired).toBe(4);
    expect(report.samples).toContain('line 2: removed broken "üìå"');

    const doc = parse(text);
    expect(learned(doc)).toEqual(['docker: Docker: it’s “everywhere”']);
    expect(doc.repair.removed).toEqual([{ line: 2, text: 'üìå' }]);
  });

  it('lists a line that held only a broken remnant as not imported', () => {
    const text = ['## Challenges ‚Äì mine', 'üìå', 'Challenge: Slow CI'].join('\n');
    const doc = parse(text);
    expect(doc.notImported).toEqual([
      { line: 2, text: 'üìå', reason: 'broken characters, removed' },
    ]);
  });

  it('repairs UTF-8 read as Windows-1252 too', () => {
    const { text, report } = repairMojibake('Itâ€™s fine â€“ really ðŸš€');
    expect(text).toBe('It’s fine – really 🚀');
    expect(report.encoding).toBe('windows-1252');
  });

  it('leaves correct accented text alone', () => {
    const text = 'Müller, Café, “Über”, © 2025 — fine…';
    expect(repairMojibake(text)).toEqual({
      text,
      report: { repaired: 0, removed: [], restored: [], samples: [], encoding: null },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { type ParsedDocument, parseNexusDocument } from '../../src/importer/parse.js';
import { loadTopics, partitionProblems, readSeed } from './helpers.js';

const topics = loadTopics();

function parseSeed(prefix: string): { text: string; doc: ParsedDocument } {
  const text = readSeed(prefix);
  return { text, doc: parseNexusDocument(text, topics) };
}

const topicsFound = (doc: ParsedDocument) => [...new Set(doc.learnings.map((l) => l.topic))].sort();
const under = (doc: ParsedDocument, topic: string) =>
  doc.learnings.filter((l) => l.topic === topic).map((l) => l.text);
const notImportedLines = (doc: ParsedDocument) => doc.notImported.map((n) => n.line);

/** What a left-out line may be: structure, decoration, or a section that holds no learning. */
const CONTENTLESS =
  /^(?:heading|lead-in|separator|link|badge|date|diagram|code|outside any recognised section|in ".+", a section that is not imported|only names a topic, says nothing about it|names no known topic)$/;

describe('seed 000 (Markdown, one heading per technology and per challenge)', () => {
  const { text, doc } = parseSeed('000');

  it('files learnings under the topics the headings and bullets name', () => {
    expect(doc.format).toBe('markdown');
    expect(topicsFound(doc)).toEqual([
      'async-programming',
      'authentication-and-authorization', // "Authentication and authorization" (under Django)
      'caching',
      'celery', // "Background tasks" (under Asynchronous Programming)
      'ci-cd',
      'database-design',
      'django',
      'docker',
      'graphql',
      'python',
      'rest-apis',
      'testing', // "Automating testing and deployment" (under CI/CD)
    ]);
    expect(under(doc, 'docker')).toEqual([
      'Containerizing backend applications',
      'Writing Dockerfiles and docker-compose files',
      'Running services in isolated environments',
    ]);
    expect(under(doc, 'python')).toHaveLength(3);
  });

  it('finds the 3 challenge/solution pairs', () => {
    // Counted by hand: "### Challenge: Environment Configuration", "### Challenge: API
    // Performance", "### Challenge: Deployment Issues", each with bullets, then "**Solution:**"
    // and bullets.
    expect(doc.challenges.map((c) => c.title)).toEqual([
      'Environment Configuration',
      'API Performance',
      'Deployment Issues',
    ]);
    expect(doc.challenges[0]).toMatchObject({
      challenge:
        'Managing environment variables\nHandling different settings for development and production',
      solution:
        'Used environment variables\nSeparated settings files\nFollowed best practices for configuration management',
      lines: [90, 92, 93, 95, 97, 98, 99],
    });
    expect(doc.challenges.every((c) => c.solution !== null)).toBe(true);
  });

  it('takes best practices and personal takeaways as best practices', () => {
    // 6 under "Best Practices Learned", 5 under "Personal Takeaways".
    expect(doc.bestPractices).toHaveLength(11);
    expect(doc.bestPractices[0]).toEqual({
      text: 'Write clean and readable code',
      line: 126,
      lines: [126],
    });
  });

  it('leaves out only titles, overview prose, separators and the conclusion', () => {
    // 1 "# alx-project-nexus"; 3–11 Overview (its paragraph, "The goal … is to:" and three
    // goals of the repository); 15–17 Program Summary; "---" lines; 145–151 Conclusion and the
    // repository name.
    expect(notImportedLines(doc)).toEqual([
      1, 3, 5, 7, 9, 10, 11, 13, 15, 17, 19, 62, 86, 122, 133, 143, 145, 147, 149, 151,
    ]);
    for (const n of doc.notImported) expect(n.reason, `line ${n.line}`).toMatch(CONTENTLESS);
  });

  it('accounts for every non-empty line exactly once', () => {
    expect(partitionProblems(text, doc)).toEqual([]);
  });
});

describe('seed 001 (Markdown, bold labels, nested bullets, a table, broken fences)', () => {
  const { text, doc } = parseSeed('001');

  it('files learnings under labels, nested labels and topics named in the bullet', () => {
    expect(topicsFound(doc)).toEqual([
      'async-programming',
      'caching',
      'celery',
      'ci-cd',
      'database-design',
      'django',
      'django-rest-framework',
      'docker',
      'frontend-backend-collaboration', // "Collaboration Hub"
      'graphql',
      'postgresql', // "Relational DB modeling (PostgreSQL)"
      'python',
      'rabbitmq',
      'redis',
      'scalability', // "… system design ideas."
      'testing', // "… and UI testing."
    ]);
    // "Celery + RabbitMQ" feeds both topics, and the section's own.
    const celery = 'Celery + RabbitMQ for background tasks';
    expect(under(doc, 'celery')).toContain(celery);
    expect(under(doc, 'rabbitmq')).toContain(celery);
    expect(under(doc, 'async-programming')).toContain(celery);
    // "**Django REST Framework (DRF)**" is DRF, not Django and not REST APIs.
    const drf = doc.learnings.filter((l) => l.line === 24).map((l) => l.topic);
    expect(drf).toEqual(['django-rest-framework']);
    expect(under(doc, 'python')[0]).toBe(
      'Python – Core language for backend logic, scripting, and API development.',
    );
  });

  it('finds the 4 challenge/solution pairs of the two-column table', () => {
    // Counted by hand: 4 body rows in "| Challenge | Solution |".
    expect(doc.challenges).toHaveLength(4);
    expect(doc.challenges[0]).toMatchObject({
      title: 'Handling long-running tasks',
      challenge: 'Handling long-running tasks',
      solution: 'Integrated Celery with RabbitMQ to offload and monitor background jobs.',
      lines: [47],
    });
    expect(doc.challenges.map((c) => c.lines[0])).toEqual([47, 48, 49, 50]);
    expect(doc.structure.map((s) => s.line)).toEqual(expect.arrayContaining([45, 46]));
  });

  it('has 5 best practices', () => {
    expect(doc.bestPractices.map((p) => p.text.split(':')[0])).toEqual([
      'Design First',
      'Write Tests',
      'Use Linters & Formatters',
      'Follow Git Workflow',
      'Document Everything',
    ]);
  });

  it('leaves out titles, objectives, links, the file tree and what the broken fences hold', () => {
    // 1 title; 3, 5 welcome prose; 9–14 Project Objective; 66 "… emphasizes collaboration
    // with:"; 76 the Discord link; 80–92 Repository Structure (its tree); 94–118 the fences
    // (Timeline dates, License) and the copyright lines between them; "---" lines.
    expect(notImportedLines(doc)).toEqual([
      1, 3, 5, 7, 9, 11, 12, 13, 14, 16, 41, 52, 62, 66, 76, 78, 80, 83, 84, 85, 86, 87, 88, 89, 90,
      91, 92, 94, 96, 98, 100, 101, 103, 105, 107, 109, 110, 112, 114, 116, 118,
    ]);
    for (const n of doc.notImported) expect(n.reason, `line ${n.line}`).toMatch(CONTENTLESS);
    // "│   ├── challenges-and-solutions.md" in the tree is not a challenges section.
    expect(doc.notImported.find((n) => n.line === 89)?.reason).toBe('diagram');
  });

  it('accounts for every non-empty line exactly once', () => {
    expect(partitionProblems(text, doc)).toEqual([]);
  });
});

describe('seed 002 (plain text that lost its markup, read as Mac Roman)', () => {
  const { text, doc } = parseSeed('002');

  it('is read as plain text, with the bare title lines as headings', () => {
    expect(doc.format).toBe('plain');
    expect(doc.structure.map((s) => s.text)).toEqual(
      expect.arrayContaining([
        '🧰 Key Technologies Covered',
        'Database Design',
        'Asynchronous Programming',
        'Caching Strategies',
        'Scalability Fundamentals',
        'Security',
        '🧪 Challenges Faced & Solutions Implemented',
      ]),
    );
  });

  it('files the concept lists under their sub-topics', () => {
    expect(topicsFound(doc)).toEqual([
      'async-programming',
      'authentication-and-authorization',
      'caching',
      'database-design',
      'django-rest-framework', // "Serialization and Validation"
      'frontend-backend-collaboration',
      'query-optimization',
      'rate-limiting',
      'redis',
      'scalability',
      'security',
    ]);
    expect(under(doc, 'async-programming')).toEqual([
      'Async views',
      'Async tasks handling',
      'Concurrency basics',
      'Performance trade-offs',
    ]);
    expect(under(doc, 'security')).toEqual([
      'Input validation',
      'Rate limiting',
      'Authentication/Authorization flows',
      'Secure API design',
    ]);
    expect(under(doc, 'rate-limiting')).toEqual(['Rate limiting']);
  });

  it('finds the 4 numbered challenge/solution pairs', () => {
    // Counted by hand: "1." to "4.", each a title line, a "Challenge:" and a "Solution:" line.
    expect(doc.challenges.map((c) => c.title)).toEqual([
      'Understanding complex backend architecture',
      'Debugging API validation & query issues',
      'Mastering Docker and containerized deployments',
      'Implementing CI/CD pipelines',
    ]);
    expect(doc.challenges[1]).toMatchObject({
      challenge: 'Handling nested data and optimizing ORM queries.',
      solution:
        'Leveraged Django’s select_related, prefetch_related, and implemented proper schema validation.',
      lines: [104, 106, 107],
    });
  });

  it('has 13 best practices: 8 practices and the 5 tips of "ProDev Tip"', () => {
    expect(doc.bestPractices).toHaveLength(13);
    expect(doc.bestPractices[4]?.text).toBe('Start small: build from MVP → refine → optimize.');
    expect(doc.bestPractices.at(-1)?.text).toBe('Share your GitHub repo and API documentation');
  });

  it('repairs the UTF-8 that was read as Mac Roman', () => {
    const { repair } = doc;
    expect(repair.encoding).toBe('mac-roman');
    expect(repair.restored).toEqual(
      expect.arrayContaining([
        { from: '‚Äì', to: '–', count: 3 },
        { from: '‚Äô', to: '’', count: 3 },
        { from: '‚Üí', to: '→', count: 2 },
        { from: '‚Äî', to: '—', count: 2 },
      ]),
    );
    // The ten emoji look like "üìå" but still hold their first byte, as U+F8FF (the Apple logo,
    // Mac Roman 0xF0, invisible in most fonts): they are complete and restored, not removed.
    // (A remnant that really lost its first byte is removed: see variants.test.ts.)
    expect(repair.restored.filter((r) => /\p{Extended_Pictographic}/u.test(r.to))).toHaveLength(10);
    expect(repair.repaired).toBe(20);
    expect(repair.removed).toEqual([]);
    expect(repair.samples).toContain('"‚Äì" → "–" (3×)');
    expect(doc.notImported[0]?.text).toBe('ALX Project Nexus – ProDev Backend Engineering');
    const everything = JSON.stringify([doc.learnings, doc.challenges, doc.bestPractices]);
    expect(everything).not.toMatch(/[‚Äü\uf8ff]/);
    expect(everything).toContain('Ask questions early — don’t build in isolation.');
  });

  it('leaves out the title, the overview, bare technology names and the repository purpose', () => {
    // 1–4 title and intro; 6–9 Program Overview; 14–40 the "Key Technologies Covered" list, which
    // is bare names ("Python", "Docker & Containerization") and two group titles ("Backend &
    // Infrastructure Tools", "API Development"); 191–203 Repository Purpose.
    expect(notImportedLines(doc)).toEqual([
      1, 3, 4, 6, 8, 9, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 191, 193, 195, 197,
      199, 201, 203,
    ]);
    for (const n of doc.notImported) expect(n.reason, `line ${n.line}`).toMatch(CONTENTLESS);
    expect(doc.notImported.find((n) => n.line === 14)).toEqual({
      line: 14,
      text: 'Python',
      reason: 'only names a topic, says nothing about it',
    });
  });

  it('accounts for every non-empty line exactly once', () => {
    expect(partitionProblems(text, doc)).toEqual([]);
  });
});

describe('seed 003 (Markdown, "**Label**: text" bullets, prose challenges)', () => {
  const { text, doc } = parseSeed('003');

  it('files learnings under the bold labels', () => {
    expect(topicsFound(doc)).toEqual([
      'async-programming', // "… and asynchronous programming" (Python), and its own bullet
      'caching',
      'ci-cd',
      'database-design',
      'django',
      'django-rest-framework', // "serializers" in the Django bullet
      'docker',
      'graphql',
      'middleware', // "middlewares" in the Django bullet
      'python',
      'query-optimization',
      'rest-apis',
    ]);
    expect(under(doc, 'ci-cd')).toEqual([
      'CI/CD: Automated pipelines using Jenkins and GitHub Actions',
    ]);
  });

  it('finds the 3 challenges and splits each paragraph into challenge and solution', () => {
    // Counted by hand: "**Kubernetes Complexity**", "**RabbitMQ Message Broker**", "**Celery
    // Background Tasks**"; each paragraph ends with what was done ("Spent extra time…",
    // "Worked through…", "Required significant practice…").
    expect(doc.challenges.map((c) => c.title)).toEqual([
      'Kubernetes Complexity',
      'RabbitMQ Message Broker',
      'Celery Background Tasks',
    ]);
    expect(doc.challenges[0]).toMatchObject({
      challenge:
        'Had a really hard time understanding Kubernetes concepts and container orchestration. The networking, service discovery, and pod management were overwhelming.',
      solution:
        'Spent extra time breaking down each component individually and practicing with simple deployments before attempting complex configurations.',
      lines: [26, 27],
      topics: ['kubernetes'],
    });
    expect(doc.challenges[2]?.solution).toMatch(/^Required significant practice/);
  });

  it('has 7 best practices and leaves out only the title and overview', () => {
    expect(doc.bestPractices).toHaveLength(7);
    expect(notImportedLines(doc)).toEqual([1, 3, 5]);
  });

  it('accounts for every non-empty line exactly once', () => {
    expect(partitionProblems(text, doc)).toEqual([]);
  });
});

describe('seed 004 (Markdown, emoji headings, nested "Challenge:"/"Solution:" items)', () => {
  const { text, doc } = parseSeed('004');

  it('files learnings under headings, labels and the topics bullets name', () => {
    expect(topicsFound(doc)).toEqual([
      'async-programming',
      'authentication-and-authorization',
      'caching',
      'celery',
      'ci-cd',
      'code-quality',
      'database-design',
      'django',
      'django-signals',
      'docker',
      'graphql',
      'ip-logging',
      'kubernetes',
      'middleware',
      'payments-and-third-party-apis', // "Real-World Integrations"
      'python',
      'query-optimization',
      'rabbitmq',
      'rate-limiting',
      'redis',
      'rest-apis',
      'security',
      'testing',
    ]);
    // "**CI/CD with Jenkins & Travis CI**" is CI/CD.
    expect(doc.learnings.find((l) => l.line === 43)?.topic).toBe('ci-cd');
    const celery = 'Offloaded long tasks (like sending emails & reports) with Celery + RabbitMQ.';
    expect(under(doc, 'celery')).toContain(celery);
    expect(under(doc, 'rabbitmq')).toContain(celery);
    expect(under(doc, 'ip-logging')).toEqual([
      'Implement IP logging and IP geolocation (with django-ipware) to track and analyze user activity.',
    ]);
  });

  it('finds the 4 challenge/solution pairs', () => {
    // Counted by hand: items "1." to "4.", each "**Challenge:** …" with a nested
    // "- **Solution:** …".
    expect(doc.challenges).toHaveLength(4);
    expect(doc.challenges[1]).toMatchObject({
      title: 'Long-running background tasks blocking requests',
      challenge: 'Long-running background tasks blocking requests',
      solution: 'Used Celery + RabbitMQ for asynchronous execution',
      lines: [103, 104],
    });
  });

  it('has 6 best practices from "Personal Takeaways"', () => {
    expect(doc.bestPractices).toHaveLength(6);
    expect(doc.bestPractices[0]?.text).toBe('"Logs are your best friends. Treat them well."');
  });

  it('leaves out titles, objective, overview, separators and the conclusion', () => {
    // 1, 4 titles; 6–7 welcome; 11–17 Project Objective; 21–30 Program Overview; 124–131
    // Conclusion; "---" lines.
    expect(notImportedLines(doc)).toEqual([
      1, 4, 6, 7, 9, 11, 12, 13, 14, 15, 17, 19, 21, 22, 23, 25, 26, 27, 28, 29, 30, 32, 47, 71, 80,
      90, 97, 112, 122, 124, 125, 126, 127, 128, 129, 131,
    ]);
    for (const n of doc.notImported) expect(n.reason, `line ${n.line}`).toMatch(CONTENTLESS);
  });

  it('accounts for every non-empty line exactly once', () => {
    expect(partitionProblems(text, doc)).toEqual([]);
  });
});

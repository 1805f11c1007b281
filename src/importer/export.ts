import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listAllChallenges, rankedSolutions } from '../challenges/challenges.js';
import type { Db } from '../db/schema.js';
import { listLearnings } from '../learnings/learnings.js';
import { listTopics } from '../learnings/topics.js';
import { bestPracticesTopic, exportMarker } from './store.js';

/**
 * Stored text as one line of Markdown that reads back as the same text: line breaks become
 * spaces (the importer reads an entry per line), and every character Markdown would take for
 * emphasis, code, a link, a heading, an HTML tag or an entity is escaped.
 */
const flat = (text: string) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>~|#!&]/g, '\\$&');

export interface ExportReport {
  files: string[];
  learnings: number;
  challenges: number;
  bestPractices: number;
}

/**
 * Writes the hub a server sees (shipped content included) as Markdown in the layout learners use:
 * docs/technologies.md, docs/challenges-and-solutions.md, docs/backend-best-practices.md and a
 * README.md index. Entries are written as the importer reads them ("title — text"), so importing
 * an export reproduces its entries.
 */
export async function exportHub(
  db: Db,
  guildId: string,
  dir: string,
  now: Date,
): Promise<ExportReport> {
  // listTopics is ordered by name, listLearnings in display order: the docs read as /learning does.
  const learnings = (
    await Promise.all(
      (
        await listTopics(db)
      ).map(async (topic) =>
        (
          await listLearnings(db, guildId, topic.id)
        ).map((l) => ({ slug: topic.slug, name: topic.name, title: l.title, body: l.body })),
      ),
    )
  ).flat();
  const challenges = await listAllChallenges(db, guildId);
  const solutions = new Map(
    await Promise.all(
      challenges.map(async (c) => [c.id, await rankedSolutions(db, guildId, c.id)] as const),
    ),
  );
  const entry = (l: { title: string; body: string }) => `- ${flat(l.title)} — ${flat(l.body)}`;

  const technologies: string[] = [exportMarker, '# Technologies'];
  let topic = '';
  for (const l of learnings.filter((l) => l.slug !== bestPracticesTopic)) {
    if (l.name !== topic) technologies.push('', `## ${l.name}`, '');
    topic = l.name;
    technologies.push(entry(l));
  }

  const practices = learnings.filter((l) => l.slug === bestPracticesTopic);
  const bestPractices = [exportMarker, '# Backend Best Practices', '', ...practices.map(entry)];

  const challengeDoc: string[] = [exportMarker, '# Challenges and Solutions'];
  for (const challenge of challenges) {
    challengeDoc.push('', `## Challenge: ${flat(challenge.title)}`, '', flat(challenge.body));
    for (const solution of solutions.get(challenge.id) ?? []) {
      challengeDoc.push('', `**Solution:** ${flat(solution.body)}`);
    }
  }

  const readme = [
    '# Project Nexus hub',
    '',
    `What the community knows, exported from Nexus on ${now.toISOString().slice(0, 10)}.`,
    '',
    `- [Technologies](docs/technologies.md): ${learnings.length - practices.length} learnings`,
    `- [Challenges and solutions](docs/challenges-and-solutions.md): ${challenges.length} challenges`,
    `- [Backend best practices](docs/backend-best-practices.md): ${practices.length} practices`,
  ];

  const files: [string, string[]][] = [
    ['docs/technologies.md', technologies],
    ['docs/challenges-and-solutions.md', challengeDoc],
    ['docs/backend-best-practices.md', bestPractices],
    ['README.md', readme],
  ];
  await mkdir(join(dir, 'docs'), { recursive: true });
  for (const [path, lines] of files) await writeFile(join(dir, path), `${lines.join('\n')}\n`);
  return {
    files: files.map(([path]) => join(dir, path)),
    learnings: learnings.length - practices.length,
    challenges: challenges.length,
    bestPractices: practices.length,
  };
}

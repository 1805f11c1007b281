import { describe, expect, it } from 'vitest';
import { npmStart } from '../support/console.js';

const numbered = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

// The cohort of the acceptance script: 600 learners on one project, 40 on another.
const backend = numbered('back', 300);
const frontend = numbered('front', 300);
const elsewhere = numbered('other', 40);
const joins = (name: string, project: string, role: string) =>
  `@${name} /project join name:"${project}" role:${role}`;
const cohortJoins = [
  ...backend.map((name) => joins(name, 'Cohort Capstone', 'backend')),
  ...frontend.map((name) => joins(name, 'Cohort Capstone', 'frontend')),
  ...elsewhere.map((name, i) => joins(name, 'Side Quest', i % 2 ? 'frontend' : 'backend')),
];

describe('the local console at cohort size', () => {
  it('pages /project show of a 600-member project with Next, listing every member once', async () => {
    // More presses than pages: the ones after the last page only say Next is disabled.
    const presses = 40;
    const script = [
      ...cohortJoins,
      '/project show name:"Cohort Capstone"',
      ...Array.from({ length: presses }, () => '!press Next'),
    ].join('\n');
    const { code, stdout } = await npmStart(`${script}\n`);
    expect(code).toBe(0);

    const pages = stdout.split('== Cohort Capstone ==').slice(1);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.length).toBeLessThan(presses);
    const listed = pages.flatMap((page) =>
      [...page.matchAll(/^\*\*(\w+)\*\* · /gm)].map((m) => m[1]),
    );
    expect(listed).toEqual([...backend, ...frontend]);
    expect(pages[0]).toMatch(/^\n-- Backend \(300\) · 1–20\n/);
    expect(pages.at(-1)).toContain('-- Active pairs (0)\nNone yet: try /pair');
    expect(pages.at(-1)).toContain('[1 ◀ Previous] [2 Next ▶ (disabled)]');
    expect(stdout).toContain('The button "Next ▶" is disabled.');
  });

  it('posts a sync-up for 640 learners in at most 20 messages, each learner mentioned once', async () => {
    const { code, stdout } = await npmStart(`${[...cohortJoins, '/sync run-now'].join('\n')}\n`);
    expect(code).toBe(0);

    // What the bot posted on its own: every `#channel…: ` line and the lines under it, up to
    // the private reply to /sync run-now.
    const posts = stdout.slice(stdout.indexOf('#prodev-project-nexus: Weekly sync-up'));
    const messages = posts.split(/\n(?=#prodev-project-nexus[: ›])/);
    const last = messages.at(-1) ?? '';
    messages[messages.length - 1] = last.slice(0, last.indexOf('(only you can see this)'));
    expect(messages.length).toBeLessThanOrEqual(20);
    expect(messages.filter((m) => m.startsWith('#prodev-project-nexus:'))).toHaveLength(1);
    expect(messages.join('\n')).not.toContain('…');
    const mentioned = messages.flatMap((m) => [...m.matchAll(/@(\w+)/g)].map((match) => match[1]));
    expect(mentioned.sort()).toEqual([...backend, ...frontend, ...elsewhere].sort());
    expect(messages[0]).toContain('This week: 320 pairs, 320 new.');
    expect(stdout).toContain(
      `Posted the sync-up in #prodev-project-nexus: ${messages.length} messages, the pairs in 1 thread.`,
    );
  });
});

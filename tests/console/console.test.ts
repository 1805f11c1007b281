import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { readChallengeFiles } from '../../src/challenges/shipped.js';
import { openDatabase } from '../../src/db/open.js';
import { shippedChallengesDir } from '../../src/setup.js';
import { npmStart } from '../support/console.js';

describe('npm start without a token: the local console', () => {
  it('answers /learning, an alias, a typo and a search, then exits 0', async () => {
    const { code, stdout, database } = await npmStart(
      '/learning docker\n/learning k8s\n/learning dockr\n/search "cache invalidation"\n',
    );
    expect(code).toBe(0);
    const docker = stdout.indexOf('== Docker ==');
    const k8s = stdout.indexOf('== Kubernetes ==');
    const typo = stdout.indexOf('No topic "dockr". Did you mean **Docker**?');
    const search = stdout.indexOf('== Learnings for "cache invalidation" ==');
    expect(docker).toBeGreaterThan(0);
    expect([docker, k8s, typo, search]).toEqual(
      [...[docker, k8s, typo, search]].sort((a, b) => a - b),
    );
    expect(stdout.slice(docker, k8s)).toContain('Dockerfile');
    expect(stdout.slice(search)).toMatch(/\*\*1\. Caching\*\*/);
    // Counted in memory, written as the console stops: nothing pending is lost on the way out.
    const db = openDatabase(database);
    try {
      const used = await db
        .selectFrom('topic_usage')
        .innerJoin('topics', 'topics.id', 'topic_usage.topic_id')
        .select(['topics.slug', 'topic_usage.uses'])
        .orderBy('topics.slug')
        .execute();
      expect(used).toEqual([
        { slug: 'docker', uses: 1 },
        { slug: 'kubernetes', uses: 1 },
      ]);
      const wanted = await db.selectFrom('search_misses').select(['kind', 'query']).execute();
      expect(wanted).toEqual([{ kind: 'topic', query: 'dockr' }]);
    } finally {
      await db.destroy();
    }
  });

  it('acts as @members with stable ids, answers modals from the next lines, presses buttons, and guards permissions', async () => {
    const script = [
      '@amina /nexus add',
      'docker',
      'Prune images',
      'Run docker image prune -a weekly; @everyone should.',
      '@amina /learning docker',
      '@amina !press',
      '@amina !press Next',
      '@tunde /nexus remove 1',
      'hello',
      '/nope',
    ].join('\n');
    const first = await npmStart(`${script}\n`);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /\[form\] Add a learning: answer each field on its own line\n {2}1\. Topic/,
    );
    expect(first.stdout).toMatch(/Saved learning #\d+ under \*\*Docker\*\*/);
    expect(first.stdout).toContain(
      'Press which button? Give its number or part of its label: !press 2, !press Next.',
    );
    expect(first.stdout).toContain('(message updated)\n== Docker ==');
    expect(first.stdout).toContain('Prune images');
    expect(first.stdout).toContain('Learning #1 ships with Nexus');
    expect(first.stdout).toContain('Commands start with /, e.g. /learning docker. Try /help.');
    expect(first.stdout).toContain(
      `Unknown command /nope. Commands: ${commands.map((c) => `/${c.definition.name}`).join(', ')}`,
    );
  });

  it('records a challenge as one member, solves it as another, marks it helpful as a third, shows and finds it', async () => {
    // On a fresh database the new challenge follows the shipped ones.
    const id = (await readChallengeFiles(shippedChallengesDir)).length + 1;
    const script = [
      '@amina /challenge add',
      'Celery tasks vanish',
      'Tasks queued from a view never run and leave no trace.',
      '',
      'celery, mq, quokka-mode',
      `@tunde /challenge solve ${id}`,
      'The worker listened on another queue: route the task with task_routes and start celery -Q emails.',
      '@zara !press This helped',
      '@tunde !press This helped',
      `@amina /challenge show ${id}`,
      '@amina /search "task_routes queue" kind:challenges',
    ].join('\n');
    const { code, stdout } = await npmStart(`${script}\n`);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `Recorded challenge #${id}. Anyone can add a solution with /challenge solve id:${id}.`,
    );
    expect(stdout).toContain('*Raised by amina · Tags: Celery, RabbitMQ, quokka-mode*');
    expect(stdout).toContain('Added solution #');
    expect(stdout).toContain("That's your own solution");
    const shown = stdout.slice(stdout.lastIndexOf(`== #${id} · Celery tasks vanish ==`));
    expect(shown).toMatch(
      /\*\*Solution #\d+\*\* by tunde · 1 found this helpful\nThe worker listened on another queue/,
    );
    expect(shown).toContain(
      `== Challenges for "task\\_routes queue" ==\n**#${id} · Celery tasks vanish** (1 solution)`,
    );
  });

  it('joins projects, pairs a frontend learner with a backend one, and shows the project', async () => {
    const script = [
      '@amina /project join name:"ALX Travel App" role:backend repo:https://github.com/amina/travel-api timezone:Africa/Lagos',
      '@bola /project join name:"alx travel app" role:backend timezone:Asia/Tokyo',
      '@tunde /project join name:"ALX Travel App" role:frontend timezone:Europe/London',
      '@zara /project join name:"Chat App" role:backend',
      '@tunde /pair',
      '@tunde !press Request amina',
      '@bola !press Accept',
      '@amina !press Accept',
      '@tunde /project show',
    ].join('\n');
    const { code, stdout } = await npmStart(`${script}\n`);
    expect(code).toBe(0);
    expect(stdout).toContain('You joined as **backend** on **ALX Travel App** (a new project).');
    expect(stdout).toMatch(
      /1\. \*\*amina\*\* · Africa\/Lagos \(1 h apart\)[^\n]*\n2\. \*\*bola\*\*/,
    );
    expect(stdout).not.toMatch(/\d\. \*\*zara\*\*/);
    expect(stdout).toContain('[1 Request amina] [2 Request bola]');
    expect(stdout).toContain(
      '@amina, **tunde** (frontend on **ALX Travel App**) would like to pair with you.',
    );
    expect(stdout).toContain('Only the member this request was sent to can answer it.');
    expect(stdout).toContain(
      '(message updated)\n**tunde** and **amina** are now paired on **ALX Travel App**.',
    );
    expect(stdout).toContain('[repo](https://github.com/amina/travel-api)');
    const shown = stdout.slice(stdout.lastIndexOf('== ALX Travel App =='));
    expect(shown).toContain('-- Backend (2)');
    expect(shown).toContain('-- Frontend (1)');
    expect(shown).toContain('-- Active pairs (1)\namina ↔ tunde');
  });

  it('sets and shows the sync-up schedule, pairs two members and runs a sync-up now', async () => {
    const script = [
      '/sync set cron:"0 9 * * 1" timezone:Africa/Lagos',
      '/sync show',
      '@amina /project join name:"ALX Travel App" role:backend repo:https://github.com/amina/travel-api',
      '@tunde /project join name:"ALX Travel App" role:frontend',
      '@tunde /sync run-now',
      '/sync run-now',
    ].join('\n');
    const { code, stdout } = await npmStart(`${script}\n`);
    expect(code).toBe(0);
    expect(stdout).toContain('every Monday at 09:00, Africa/Lagos');
    expect(stdout).toMatch(/-- Next runs\n(Mon \d{4}-\d{2}-\d{2} 08:00 UTC\n){3}/);
    expect(stdout).toContain('/sync run-now needs the Manage Server permission.');
    expect(stdout).toMatch(
      /#prodev-project-nexus: Weekly sync-up: \S.*\nThis week: 1 pair, 1 new\./,
    );
    expect(stdout).toMatch(
      /#prodev-project-nexus › Sync-up · \d{4}-W\d{2}: \*\*ALX Travel App\*\* · pairs 1–1 of 1\n@amina ↔ @tunde · new\n/,
    );
    expect(stdout).toContain(
      'Posted the sync-up in #prodev-project-nexus: 2 messages, the pairs in 1 thread.',
    );
  });

  it('stops at start-up with one line naming a bad variable', async () => {
    const { code, stderr, stdout } = await npmStart('', { RATE_LIMIT_BURST: 'lots' });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'Invalid RATE_LIMIT_BURST: expected a positive whole number such as 8\n',
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).not.toContain('Nexus local console');
  });
});

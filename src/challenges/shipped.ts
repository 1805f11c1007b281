import { z } from 'zod';
import type { Db } from '../db/schema.js';
import {
  type FolderFile,
  loadedFingerprint,
  parseMarkdown,
  readChangedFolder,
  readMarkdownFolder,
  ShippedDataError,
} from '../shipped-file.js';
import { challengeTopics, insertChallenge, insertSolution, saveTopics } from './challenges.js';
import { resolveTags } from './tags.js';

const frontMatterSchema = z.object({
  title: z.string().trim().min(1).max(100),
  tags: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens'))
    .min(1),
});

export interface ChallengeFile {
  file: string;
  title: string;
  tags: string[];
  body: string;
  solution: string;
}

/** `data/challenges/<slug>.md`: front matter, the challenge, then `## Solution` and its text. */
export function parseChallengeFile(file: string, text: string): ChallengeFile {
  const parsed = parseMarkdown(file, text, frontMatterSchema);
  const [body = '', solution = '', ...extra] = parsed.content
    .split(/^## Solution[ \t]*$/m)
    .map((part) => part.trim());
  if (extra.length > 0 || !solution || !body) {
    throw new ShippedDataError(
      `${file}: needs the challenge, then one "## Solution" heading and its text`,
    );
  }
  if (body.length > 1000 || solution.length > 2000)
    throw new ShippedDataError(`${file}: challenge over 1000 or solution over 2000 characters`);
  return { file, title: parsed.front.title, tags: parsed.front.tags, body, solution };
}

const parseChallengeFiles = (files: FolderFile[]) =>
  files.map(({ file, text }) => parseChallengeFile(file, text));

export async function readChallengeFiles(dir: string): Promise<ChallengeFile[]> {
  return parseChallengeFiles(await readMarkdownFolder(dir));
}

export interface ChallengeLoadReport {
  created: number;
  updated: number;
  removed: number;
}

/**
 * Brings shipped challenges in line with `data/challenges/`: an unchanged folder (with unchanged
 * topics) is skipped whole and unchanged challenges are left as they are, so a second start
 * writes nothing; community and imported entries are never touched, nor are the community's
 * solutions and votes on shipped challenges.
 */
export async function loadShippedChallenges(
  db: Db,
  dir: string,
  now: Date,
): Promise<ChallengeLoadReport> {
  const report: ChallengeLoadReport = { created: 0, updated: 0, removed: 0 };
  // Tags resolve against the shipped topics, so an edited topic file reloads the challenges too.
  const topics = (await loadedFingerprint(db, 'learnings')) ?? '';
  const folder = await readChangedFolder(db, 'challenges', dir, [topics]);
  if (!folder) return report;
  const files = parseChallengeFiles(folder.files);
  const stamp = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await folder.remember(trx);
    const existing = new Map(
      (
        await trx.selectFrom('challenges').selectAll().where('origin', '=', 'shipped').execute()
      ).map((c) => [c.source, c]),
    );
    for (const file of files) {
      const tags = await resolveTags(trx, file.tags.join(','));
      const row = existing.get(file.file);
      existing.delete(file.file);
      const values = { title: file.title, body: file.body, free_tags: JSON.stringify(tags.free) };
      let challengeId: number;
      const shipped = {
        guildId: null,
        origin: 'shipped' as const,
        author: { id: null, name: 'Nexus' },
        now,
      };
      if (!row) {
        challengeId = (
          await insertChallenge(trx, {
            ...shipped,
            source: file.file,
            title: file.title,
            body: file.body,
            freeTags: tags.free,
          })
        ).id;
        report.created += 1;
      } else {
        challengeId = row.id;
        const topics = (await challengeTopics(trx, row.id)).map((t) => t.id).join();
        const solution = await trx
          .selectFrom('solutions')
          .select('body')
          .where('challenge_id', '=', row.id)
          .where('origin', '=', 'shipped')
          .executeTakeFirst();
        const unchanged =
          row.title === values.title &&
          row.body === values.body &&
          row.free_tags === values.free_tags &&
          topics === tags.topics.map((t) => t.id).join() &&
          solution?.body === file.solution;
        if (unchanged) continue;
        await trx
          .updateTable('challenges')
          .set({ ...values, updated_at: stamp })
          .where('id', '=', row.id)
          .execute();
        report.updated += 1;
      }
      await saveTopics(trx, challengeId, tags.topics);
      const shippedSolution = await trx
        .selectFrom('solutions')
        .select('id')
        .where('challenge_id', '=', challengeId)
        .where('origin', '=', 'shipped')
        .executeTakeFirst();
      if (shippedSolution) {
        await trx
          .updateTable('solutions')
          .set({ body: file.solution })
          .where('id', '=', shippedSolution.id)
          .execute();
      } else {
        await insertSolution(trx, { ...shipped, challengeId, body: file.solution });
      }
    }
    // A challenge dropped from data/ goes, unless members have answered it: their solutions stay.
    const answered = await trx
      .selectFrom('solutions')
      .select('challenge_id')
      .where('origin', '!=', 'shipped')
      .where('challenge_id', 'in', [0, ...[...existing.values()].map((c) => c.id)])
      .execute();
    const keep = new Set(answered.map((row) => row.challenge_id));
    const gone = [...existing.values()].map((c) => c.id).filter((id) => !keep.has(id));
    if (gone.length > 0) {
      await trx.deleteFrom('challenges').where('id', 'in', gone).execute();
      report.removed = gone.length;
    }
  });
  return report;
}

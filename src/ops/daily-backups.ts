import { rmSync } from 'node:fs';
import { type Logger, newErrorRef } from '../log.js';
import { startModuleWorker } from '../worker.js';
import { planDailyBackup } from './backup.js';

export type CopyDatabase = (source: string, target: string) => Promise<{ bytes: number }>;

/** backupDatabase in a worker thread, so the bot keeps answering while the file is copied. */
export const copyOffThread: CopyDatabase = async (source, target) => {
  const worker = startModuleWorker(import.meta.url, 'backup-worker');
  try {
    const copied = new Promise<{ bytes: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the backup worker stopped (code ${code})`)));
    });
    worker.postMessage({ source, target });
    return await copied;
  } finally {
    await worker.terminate();
  }
};

/** Daily backups kept, today's included. */
const keptBackups = 7;
/** How often to look whether today's backup is written. */
const lookEveryMs = 60 * 60 * 1000;

export interface DailyBackupOptions {
  databasePath: string;
  dir: string;
  log: Logger;
  now: () => Date;
  copy?: CopyDatabase;
}

/**
 * Keeps one backup a day in `dir`, and the last seven: looks at once and then every hour, so a
 * bot started late in the day, or running for weeks, writes each day's. A failed backup is
 * logged and tried again at the next look; older ones are removed only once today's is written.
 */
export function startDailyBackups(options: DailyBackupOptions) {
  const { databasePath, dir, log } = options;
  const copy = options.copy ?? copyOffThread;
  let running: Promise<void> = Promise.resolve();

  const backUpIfDue = async () => {
    const { due, expired } = planDailyBackup(dir, options.now(), keptBackups);
    if (!due) return;
    try {
      const { bytes } = await copy(databasePath, due);
      for (const old of expired) rmSync(old, { force: true });
      log.info({ backup: due, bytes, removed: expired }, 'daily database backup written');
    } catch (error) {
      log.error({ err: error, ref: newErrorRef(), backup: due }, 'daily database backup failed');
    }
  };
  const look = () => {
    running = running.then(backUpIfDue);
    return running;
  };

  void look();
  const timer = setInterval(look, lookEveryMs);
  timer.unref(); // never keeps the process alive; a stop waits for a backup under way
  return {
    /** Stops looking, and waits for a backup under way. */
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

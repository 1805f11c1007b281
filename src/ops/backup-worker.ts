/** Runs one backupDatabase off the bot's event loop: it reads the whole file in one statement. */
import { parentPort } from 'node:worker_threads';
import { backupDatabase } from './backup.js';

parentPort?.once('message', ({ source, target }: { source: string; target: string }) => {
  parentPort?.postMessage(backupDatabase(source, target));
});

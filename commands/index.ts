import type { Command } from '../src/interaction/command.js';
import { challengeCommand } from './challenge.js';
import { helpCommand } from './help.js';
import { learningCommand } from './learning.js';
import { nexusCommand } from './nexus.js';
import { pairCommand } from './pair.js';
import { projectCommand } from './project.js';
import { searchCommand } from './search.js';
import { syncCommand } from './sync.js';

/** The one list the router, /help and `npm run deploy` all read. */
export const commands: readonly Command[] = [
  helpCommand(() => commands),
  learningCommand,
  searchCommand,
  nexusCommand,
  challengeCommand,
  projectCommand,
  pairCommand,
  syncCommand,
];

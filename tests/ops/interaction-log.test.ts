import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logInteraction } from '../../src/ops/interaction-log.js';

describe('the per-interaction log line', () => {
  it('names the command, server, outcome with its reference, and handling time', () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    logInteraction(log, {
      kind: 'modal',
      label: 'nexus:add',
      guildId: '800000000000000001',
      outcome: 'error',
      ref: 'ABCD1234',
      ms: 12.3456,
    });
    logInteraction(log, {
      kind: 'command',
      label: '/sync prompt add',
      guildId: '800000000000000001',
      outcome: 'refused',
      ms: 0.04,
    });
    expect(lines).toMatchObject([
      {
        level: 30,
        msg: 'interaction handled',
        interaction: 'modal',
        command: 'nexus:add',
        guildId: '800000000000000001',
        outcome: 'error',
        ref: 'ABCD1234',
        ms: 12.3,
      },
      { interaction: 'command', command: '/sync prompt add', outcome: 'refused', ms: 0 },
    ]);
    expect(lines[1]).not.toHaveProperty('ref');
  });
});

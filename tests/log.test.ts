import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logs', () => {
  const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.secret-part-of-the-token';

  it.each([false, true])('never contain the token (readable: %s)', (readable) => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', readable, token, destination });
    log.error(
      {
        err: new Error(`request failed with Authorization: Bot ${token}`),
        token,
        headers: { authorization: `Bot ${token}` },
        ref: 'ABCD1234',
      },
      'boom',
    );
    const text = lines.join('');
    expect(text).toContain('ABCD1234');
    expect(text).toContain('[token]');
    expect(text).not.toContain('secret-part-of-the-token');
  });

  it('writes one JSON object per line in production', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'info', readable: false, destination }).info({ guildId: '1' }, 'ready');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, guildId: '1', msg: 'ready' });
  });
});

import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reusingStatements } from '../../src/db/open.js';
import { tempDir } from '../support/db.js';

describe('reusingStatements', () => {
  it('prepares each SQL text once, runs it with new values, and keeps a bounded set', () => {
    const database = new SQLite(join(tempDir(), 'cache.db'));
    let prepared = 0;
    const prepare = database.prepare.bind(database);
    database.prepare = ((source: string) => {
      prepared += 1;
      return prepare(source);
    }) as typeof database.prepare;
    const db = reusingStatements(database);

    db.prepare('create table t (n integer)').run([]);
    const insert = 'insert into t (n) values (?)';
    for (const n of [1, 2, 3]) db.prepare(insert).run([n]);
    expect(db.prepare('select sum(n) as total from t').all([])).toEqual([{ total: 6 }]);
    expect(prepared).toBe(3);

    for (let i = 0; i < 600; i++) db.prepare(`select ${i} as n`).all([]);
    const before = prepared;
    db.prepare(insert).run([4]);
    expect(prepared).toBe(before + 1); // evicted by the 600 newer texts, so prepared again
    db.prepare('select 599 as n').all([]);
    expect(prepared).toBe(before + 1);
    db.close();
  });
});

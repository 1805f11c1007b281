import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseCommand, splitMember, tokenize } from '../../src/discord/console-parse.js';

const definitions = commands.map((c) => c.definition);

describe('console line parsing', () => {
  it('groups quoted words and honours \\" and \\\\ escapes', () => {
    expect(tokenize('/search "cache invalidation"')).toEqual(['/search', 'cache invalidation']);
    expect(tokenize('/search query:"say \\"hi\\" \\\\ ok" kind:all')).toEqual([
      '/search',
      'query:say "hi" \\ ok',
      'kind:all',
    ]);
    expect(tokenize('  a   b  ')).toEqual(['a', 'b']);
    expect(tokenize('x:""')).toEqual(['x:']);
    expect(tokenize('""')).toEqual(['']);
  });

  it('reads @name as the acting member', () => {
    expect(splitMember('@amina /pair frontend')).toEqual({
      member: 'amina',
      rest: '/pair frontend',
    });
    expect(splitMember('/learning docker')).toEqual({ rest: '/learning docker' });
  });

  it('takes the first option bare, others as key:value, and subcommands by name', () => {
    expect(parseCommand(tokenize('/learning docker'), definitions)).toMatchObject({
      command: 'learning',
      path: '',
      options: [{ name: 'topic', text: 'docker' }],
    });
    expect(
      parseCommand(tokenize('/search cache invalidation kind:learnings'), definitions),
    ).toMatchObject({
      options: [
        { name: 'query', text: 'cache invalidation' },
        { name: 'kind', text: 'learnings' },
      ],
    });
    expect(parseCommand(tokenize('/learning topic:"rest apis"'), definitions)).toMatchObject({
      options: [{ name: 'topic', text: 'rest apis' }],
    });
    expect(parseCommand(tokenize('/nexus edit id:4'), definitions)).toMatchObject({
      command: 'nexus',
      path: 'edit',
      options: [{ name: 'id', text: '4' }],
    });
    expect(parseCommand(tokenize('/nexus remove 4'), definitions)).toMatchObject({
      path: 'remove',
      options: [{ name: 'id', text: '4' }],
    });
  });

  it('explains what is wrong with a line', () => {
    expect(parseCommand(tokenize('/nope'), definitions)).toEqual({
      error: `Unknown command /nope. Commands: ${commands.map((c) => `/${c.definition.name}`).join(', ')}`,
    });
    expect(parseCommand(tokenize('/nexus'), definitions)).toEqual({
      error: '/nexus needs one of: add, edit, remove, import, stats',
    });
    expect(parseCommand(tokenize('/help extra'), definitions)).toEqual({
      error: 'Unexpected "extra". Give options as name:value.',
    });
  });
});

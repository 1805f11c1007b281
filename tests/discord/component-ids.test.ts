import { describe, expect, it } from 'vitest';
import {
  componentId,
  flag,
  labelOf,
  oneOf,
  optional,
  orEmpty,
  position,
  rest,
  rowId,
  snowflake,
  word,
} from '../../src/interaction/component-id.js';

describe('component ids', () => {
  const page = componentId('learning', 'page', { topicId: rowId, start: position });

  it('writes typed arguments after command:action and reads them back', () => {
    expect(page.encode({ topicId: 12, start: 6 })).toBe('learning:page:12:6');
    expect(page.decode('learning:page:12:6')).toEqual({ topicId: 12, start: 6 });
    expect(page.label).toBe('learning:page');
    expect(labelOf('learning:page:12:6')).toBe('learning:page');
    expect(componentId('nexus', 'submit', {}).encode({})).toBe('nexus:submit');
  });

  it('reads nothing from an id of another shape', () => {
    for (const id of [
      'learning:pages:1:2',
      'learning:page:1',
      'learning:page:1:2:3',
      'learning:page:x:2',
      'learning:page:-1:2',
      'nexus:page:1:2',
    ])
      expect(page.decode(id), id).toBeUndefined();
  });

  it('knows its longest id and refuses one that could pass 100 characters', () => {
    expect(page.maxLength).toBe('learning:page'.length + 1 + 12 + 1 + 7);
    expect(() => componentId('challenge', 'list', { tag: rest(40), author: snowflake })).toThrow(
      'only the last part',
    );
    expect(() => componentId('challenge', 'list', { a: rest(60), b: rest(40) })).toThrow(
      'over 100',
    );
  });

  it('refuses to write a value its part cannot read back', () => {
    expect(() => page.encode({ topicId: -1, start: 0 })).toThrow(RangeError);
    const slug = componentId('project', 'show', { slug: word(10) });
    expect(() => slug.encode({ slug: 'has:colon' })).toThrow(RangeError);
    expect(() => slug.encode({ slug: 'far-too-long-a-slug' })).toThrow(RangeError);
  });

  it('leaves an absent optional part out, and reads it back absent', () => {
    const place = componentId('project', 'round', { start: position, until: optional(position) });
    expect(place.encode({ start: 4 })).toBe('project:round:4');
    expect(place.encode({ start: 4, until: 9 })).toBe('project:round:4:9');
    expect(place.decode('project:round:4')).toEqual({ start: 4 });
    expect(place.decode('project:round:4:9')).toEqual({ start: 4, until: 9 });
  });

  it('takes colons in a last free-text part, empty parts, words and flags', () => {
    const list = componentId('challenge', 'list', {
      page: position,
      author: orEmpty(snowflake),
      unsolved: flag,
      tag: rest(40),
    });
    const id = list.encode({ page: 0, author: undefined, unsolved: true, tag: 'k8s:ingress' });
    expect(id).toBe('challenge:list:0::1:k8s:ingress');
    expect(list.decode(id)).toEqual({
      page: 0,
      author: undefined,
      unsolved: true,
      tag: 'k8s:ingress',
    });
    expect(list.decode('challenge:list:0:123:1:x')).toBeUndefined();
    expect(list.decode('challenge:list:0::2:x')).toBeUndefined();
    const role = componentId('pair', 'page', { role: oneOf(['backend', 'frontend']) });
    expect(role.decode('pair:page:frontend')).toEqual({ role: 'frontend' });
    expect(role.decode('pair:page:designer')).toBeUndefined();
  });
});

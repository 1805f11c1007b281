import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, formatCount, isBlank } from '../src/text.js';

describe('text as stored', () => {
  it('composes to NFC, keeps tabs and line breaks, and drops control characters', () => {
    expect(cleanText('Cafe\u0301\r\nline\ttab\u001b[31m\u0007\u0000\u0085end\u007f')).toBe(
      'Café\nline\ttab[31mend',
    );
  });

  it('keeps the joiners emoji need', () => {
    const family = '👩\u200d💻';
    expect(cleanText(family)).toBe(family);
    expect(isBlank(family)).toBe(false);
  });

  it('counts text of spaces and invisible characters as blank', () => {
    for (const blank of ['', '   ', '\u200b\u200b', '\u200d\ufeff \u2060', '\n\t\u00a0'])
      expect(isBlank(blank)).toBe(true);
    expect(isBlank('\u200ba')).toBe(false);
  });
});

describe('counts', () => {
  it('separates thousands as English does, signs and all', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(100_000)).toBe('100,000');
    expect(formatCount(-1_234_567)).toBe('-1,234,567');
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en'));
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { fitMessage, toDiscordMessage, toDiscordModal } from '../../src/discord/render.js';

const total = (m: ReturnType<typeof toDiscordMessage>) =>
  (m.embeds ?? []).reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((f, x) => f + x.name.length + x.value.length, 0),
    0,
  );

describe('renderer', () => {
  it("keeps every part inside Discord's limits", () => {
    const payload = toDiscordMessage({
      content: 'c'.repeat(2500),
      embeds: Array.from({ length: 12 }, () => ({
        title: 't'.repeat(300),
        description: 'd'.repeat(5000),
        footer: 'f'.repeat(3000),
        fields: Array.from({ length: 30 }, () => ({
          name: 'n'.repeat(300),
          value: 'v'.repeat(2000),
        })),
      })),
      buttons: Array.from({ length: 7 }, (_, r) =>
        Array.from({ length: 7 }, (_, i) => ({ customId: `x:${r}:${i}`, label: 'l'.repeat(100) })),
      ),
    });
    expect(payload.content?.length).toBe(2000);
    expect(payload.embeds?.length).toBeGreaterThanOrEqual(1);
    expect(payload.embeds?.length).toBeLessThanOrEqual(10);
    for (const embed of payload.embeds ?? []) {
      expect(embed.title?.length).toBeLessThanOrEqual(256);
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
      expect(embed.fields?.length).toBeLessThanOrEqual(25);
      for (const field of embed.fields ?? []) {
        expect(field.name.length).toBeLessThanOrEqual(256);
        expect(field.value.length).toBeLessThanOrEqual(1024);
      }
    }
    expect(total(payload)).toBeLessThanOrEqual(6000);
    expect(payload.components).toHaveLength(5);
    for (const row of payload.components ?? [])
      expect((row as { components: unknown[] }).components).toHaveLength(5);
  });

  it('never lets stored text ping anyone, and pings only the users a message names', () => {
    const stored = toDiscordMessage({ content: '@everyone <@123> <@&456> @here' });
    expect(stored.allowed_mentions).toEqual({ parse: [], users: [] });
    expect(toDiscordMessage({ content: '<@42>', mentions: ['42'] }).allowed_mentions).toEqual({
      parse: [],
      users: ['42'],
    });
  });

  it('marks private replies ephemeral and leaves a small message untouched', () => {
    expect(toDiscordMessage({ content: 'hi', ephemeral: true }).flags).toBe(64);
    const small = { content: 'hi', embeds: [{ title: 'a', description: 'b' }], buttons: [] };
    expect(fitMessage(small)).toEqual(small);
  });

  it('builds modals within their limits', () => {
    const modal = toDiscordModal({
      customId: 'x:y',
      title: 'T'.repeat(60),
      fields: [
        {
          id: 'body',
          label: 'L'.repeat(60),
          style: 'paragraph',
          required: true,
          maxLength: 9000,
          value: 'v',
        },
      ],
    });
    expect(modal.title).toHaveLength(45);
    expect(modal.components[0]).toMatchObject({
      components: [{ style: 2, max_length: 4000, value: 'v' }],
    });
  });
});

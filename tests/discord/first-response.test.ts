import { InteractionResponseType, MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { encodedResponse } from '../../src/discord/first-response.js';
import { toDiscordMessage } from '../../src/discord/render.js';
import type { Message } from '../../src/interaction/message.js';

describe('first responses', () => {
  const page: Message = {
    content: 'Café — "quoted" @everyone',
    embeds: [{ title: 'Docker', description: 'Layers ◀ cache ▶', footer: 'Learnings 1–6' }],
    buttons: [[{ customId: 'learning:page:1:6', label: 'Next ▶' }]],
    ephemeral: true,
    mentions: ['123'],
  };
  const decoded = (body: Buffer) => JSON.parse(body.toString('utf8'));

  it("is the callback body Discord takes, in UTF-8, with the message's visibility", () => {
    expect(
      decoded(encodedResponse(InteractionResponseType.ChannelMessageWithSource, page)),
    ).toEqual({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: toDiscordMessage(page),
    });
    expect(toDiscordMessage(page).flags).toBe(MessageFlags.Ephemeral);
  });

  it('leaves the visibility alone when it replaces the message a button sits on', () => {
    const { flags: _unchanged, ...data } = toDiscordMessage(page);
    const body = decoded(encodedResponse(InteractionResponseType.UpdateMessage, page));
    expect(body).toEqual({ type: InteractionResponseType.UpdateMessage, data });
    expect(body.data).not.toHaveProperty('flags');
  });

  it('is encoded once per message, and each kind of response apart', () => {
    const reply = encodedResponse(InteractionResponseType.ChannelMessageWithSource, page);
    const update = encodedResponse(InteractionResponseType.UpdateMessage, page);
    expect(encodedResponse(InteractionResponseType.ChannelMessageWithSource, page)).toBe(reply);
    expect(encodedResponse(InteractionResponseType.UpdateMessage, page)).toBe(update);
    const twin = encodedResponse(InteractionResponseType.ChannelMessageWithSource, { ...page });
    expect(twin).not.toBe(reply);
    expect(twin.equals(reply)).toBe(true);
  });
});

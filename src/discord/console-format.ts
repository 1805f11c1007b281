import type { Button, Message, Modal } from '../interaction/message.js';
import { fitMessage } from './render.js';

export interface Names {
  user(id: string): string;
  channel(id: string): string;
}

/** Discord shows timestamps in the reader's zone; the console shows them in UTC. */
function readableDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  const weekday = date.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
  return `${weekday} ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Mentions print as `@name` and `#channel`, as a person reading Discord would see them. */
export function showMentions(text: string, names: Names): string {
  return text
    .replace(/<t:(-?\d+)(?::[tTdDfFR])?>/g, (_, seconds: string) => readableDate(Number(seconds)))
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.user(id)}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names.channel(id)}`);
}

export function formatButtons(buttons: Button[]): string {
  return buttons.map((b, i) => `[${i + 1} ${b.label}${b.disabled ? ' (disabled)' : ''}]`).join(' ');
}

/** A reply as readable text: content, then each embed, then numbered buttons. */
export function formatMessage(message: Message, names: Names): string {
  const fitted = fitMessage(message);
  const lines: string[] = [];
  if (fitted.ephemeral) lines.push('(only you can see this)');
  if (fitted.content) lines.push(fitted.content);
  for (const embed of fitted.embeds ?? []) {
    if (embed.title) lines.push(`== ${embed.title} ==`);
    if (embed.description) lines.push(embed.description);
    for (const field of embed.fields ?? []) lines.push(`-- ${field.name}`, field.value);
    if (embed.footer) lines.push(`(${embed.footer})`);
  }
  const buttons = (fitted.buttons ?? []).flat();
  if (buttons.length > 0) lines.push(formatButtons(buttons));
  return showMentions(lines.join('\n'), names);
}

export function formatModal(modal: Modal): string {
  const fields = modal.fields.map((field, i) => {
    const notes = [field.required ? 'required' : 'optional', `up to ${field.maxLength} characters`];
    const current =
      field.value !== undefined ? `\n     now: ${field.value.replace(/\n/g, ' ')}` : '';
    return `  ${i + 1}. ${field.label} (${notes.join(', ')})${current}`;
  });
  return [`[form] ${modal.title}: answer each field on its own line`, ...fields].join('\n');
}

import {
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIInteractionResponseCallbackData,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  TextInputStyle,
} from 'discord.js';
import { limits } from '../interaction/limits.js';
import type { Button, Choice, Embed, Message, Modal } from '../interaction/message.js';
import { truncate } from '../text.js';

const buttonStyles = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
} as const;

const embedSize = (embed: Embed) =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.length ?? 0) +
  (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);

function fitEmbed(embed: Embed): Embed {
  return {
    ...embed,
    ...(embed.title !== undefined ? { title: truncate(embed.title, limits.embedTitle) } : {}),
    ...(embed.description !== undefined
      ? { description: truncate(embed.description, limits.embedDescription) }
      : {}),
    ...(embed.footer !== undefined ? { footer: truncate(embed.footer, limits.embedFooter) } : {}),
    ...(embed.fields
      ? {
          fields: embed.fields.slice(0, limits.embedFields).map((f) => ({
            ...f,
            name: truncate(f.name || '\u200b', limits.embedFieldName),
            value: truncate(f.value || '\u200b', limits.embedFieldValue),
          })),
        }
      : {}),
  };
}

/** Discord counts 6000 characters across all embeds: shed trailing fields, then text, then embeds. */
function fitTotal(embeds: Embed[]): Embed[] {
  const fitted = embeds.map((embed) => ({
    ...embed,
    ...(embed.fields ? { fields: [...embed.fields] } : {}),
  }));
  let excess = fitted.reduce((sum, e) => sum + embedSize(e), 0) - limits.embedTotal;
  while (excess > 0 && fitted.length > 0) {
    const last = fitted[fitted.length - 1] as Embed;
    const description = last.description ?? '';
    if (last.fields && last.fields.length > 0) last.fields.pop();
    else if (description.length > excess + 1)
      last.description = truncate(description, description.length - excess);
    else fitted.pop();
    excess = fitted.reduce((sum, e) => sum + embedSize(e), 0) - limits.embedTotal;
  }
  return fitted;
}

/**
 * The last line of defence for Discord's limits: handlers paginate, so this only trims what
 * would otherwise be rejected outright (a 400 loses the whole reply).
 */
export function fitMessage(message: Message): Message {
  const embeds = fitTotal((message.embeds ?? []).slice(0, limits.embedsPerMessage).map(fitEmbed));
  const buttons = (message.buttons ?? [])
    .filter((row) => row.length > 0)
    .slice(0, limits.rowsPerMessage)
    .map((row) =>
      row
        .slice(0, limits.buttonsPerRow)
        .map((b) => ({ ...b, label: truncate(b.label, limits.buttonLabel) })),
    );
  return {
    ...message,
    ...(message.content !== undefined
      ? { content: truncate(message.content, limits.content) }
      : {}),
    embeds,
    buttons,
  };
}

function toApiEmbed(embed: Embed): APIEmbed {
  return {
    ...(embed.title !== undefined ? { title: embed.title } : {}),
    ...(embed.url !== undefined ? { url: embed.url } : {}),
    ...(embed.description !== undefined ? { description: embed.description } : {}),
    ...(embed.color !== undefined ? { color: embed.color } : {}),
    ...(embed.fields
      ? {
          fields: embed.fields.map((f) => ({
            name: f.name,
            value: f.value,
            inline: f.inline ?? false,
          })),
        }
      : {}),
    ...(embed.footer !== undefined ? { footer: { text: embed.footer } } : {}),
  };
}

function toApiRow(row: Button[]): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: row.map((button) => ({
      type: ComponentType.Button,
      custom_id: button.customId,
      label: button.label,
      style: buttonStyles[button.style ?? 'secondary'],
      disabled: button.disabled ?? false,
    })),
  };
}

/** A message as Discord's API takes it. Mentions are opt-in per user, never by parsing text. */
export function toDiscordMessage(message: Message): APIInteractionResponseCallbackData {
  const fitted = fitMessage(message);
  return {
    content: fitted.content ?? '',
    embeds: (fitted.embeds ?? []).map(toApiEmbed),
    components: (fitted.buttons ?? []).map(toApiRow),
    allowed_mentions: { parse: [], users: fitted.mentions ?? [] },
    ...(fitted.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

export function toDiscordModal(modal: Modal): APIModalInteractionResponseCallbackData {
  return {
    custom_id: modal.customId,
    title: truncate(modal.title, limits.modalTitle),
    components: modal.fields.slice(0, limits.modalFields).map((field) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: field.id,
          label: truncate(field.label, limits.modalLabel),
          style: field.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: field.required,
          max_length: Math.min(field.maxLength, limits.textInputValue),
          ...(field.value !== undefined ? { value: field.value.slice(0, field.maxLength) } : {}),
          ...(field.placeholder !== undefined ? { placeholder: field.placeholder } : {}),
        },
      ],
    })),
  };
}

export function toDiscordChoices(choices: Choice[]): APIApplicationCommandOptionChoice<string>[] {
  return choices.slice(0, limits.choices).map((choice) => ({
    name: truncate(choice.name, limits.choiceName),
    value: choice.value.slice(0, limits.choiceValue),
  }));
}

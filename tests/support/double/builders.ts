import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
} from 'discord-api-types/v10';
import { type Json, snowflake } from './payloads.js';

export interface DoubleMember {
  id: string;
  username: string;
  permissions?: bigint;
  roles?: string[];
  bot?: boolean;
}

export interface InteractionInput {
  type: InteractionType;
  data: Json;
  member?: DoubleMember;
  /** Defaults to the first guild; `null` makes it a DM interaction. */
  guildId?: string | null;
  channelId?: string;
  message?: Json;
  locale?: string;
}
type Opts = Omit<InteractionInput, 'type' | 'data'>;

// Builders for `dispatchInteraction`, in the API's own snake_case, nested shape.
export const slashCommand = (
  name: string,
  options: APIApplicationCommandInteractionDataOption[] = [],
  { resolved, ...opts }: Opts & { resolved?: Json } = {},
): InteractionInput => {
  const data = { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options, resolved };
  return { ...opts, type: InteractionType.ApplicationCommand, data };
};
/** Mark the option being typed with `focused: true`. */
export const autocomplete = (
  name: string,
  options: APIApplicationCommandInteractionDataOption[],
  opts: Opts = {},
): InteractionInput => ({
  ...slashCommand(name, options, opts),
  type: InteractionType.ApplicationCommandAutocomplete,
});
export const buttonPress = (
  customId: string,
  message?: Json,
  opts: Opts = {},
): InteractionInput => ({
  ...opts,
  ...(message && { message }),
  type: InteractionType.MessageComponent,
  data: { custom_id: customId, component_type: ComponentType.Button },
});
export const modalSubmit = (
  customId: string,
  fields: Record<string, string>,
  opts: Opts = {},
): InteractionInput => {
  const row = ([id, value]: [string, string]) => ({
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.TextInput, custom_id: id, value }],
  });
  return {
    ...opts,
    type: InteractionType.ModalSubmit,
    data: { custom_id: customId, components: Object.entries(fields).map(row) },
  };
};

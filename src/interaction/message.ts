/**
 * The plain values handlers return. Adapters turn them into Discord payloads or console text;
 * nothing here knows about discord.js.
 */

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface Embed {
  title?: string;
  url?: string;
  description?: string;
  fields?: EmbedField[];
  footer?: string;
  color?: number;
}

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

export interface Button {
  customId: string;
  label: string;
  style?: ButtonStyle;
  disabled?: boolean;
}

export interface Message {
  content?: string;
  embeds?: Embed[];
  /** Rows of buttons, at most five rows of five. */
  buttons?: Button[][];
  ephemeral?: boolean;
  /** The only users this message may ping; everyone else, roles and @everyone never are. */
  mentions?: string[];
}

export interface ModalField {
  id: string;
  label: string;
  style: 'short' | 'paragraph';
  required: boolean;
  maxLength: number;
  value?: string;
  placeholder?: string;
}

export interface Modal {
  customId: string;
  title: string;
  fields: ModalField[];
}

export interface Choice {
  name: string;
  value: string;
}

export type Outcome =
  | { type: 'reply'; message: Message }
  /** Replaces the message the pressed button sits on. */
  | { type: 'update'; message: Message }
  | { type: 'modal'; modal: Modal };

export const reply = (message: Message): Outcome => ({ type: 'reply', message });
export const update = (message: Message): Outcome => ({ type: 'update', message });
export const showModal = (modal: Modal): Outcome => ({ type: 'modal', modal });

/** A private note to the person who acted: errors, refusals, confirmations. */
export const notice = (content: string): Outcome => reply({ content, ephemeral: true });

export const brandColor = 0x5865f2;

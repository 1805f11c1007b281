import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

/**
 * Splits a console line into words. Double quotes group words; inside them `\"` and `\\` are
 * escapes. A quote may open mid-word, so `query:"two words"` is one token.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) current += text[++i];
      else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') {
      quoted = true;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens;
}

/** `@amina /pair` acts as amina; a line without a name acts as the server's owner. */
export function splitMember(line: string): { member?: string; rest: string } {
  const match = /^@([\p{L}\p{N}_.-]+)\s+(.*)$/u.exec(line.trim());
  return match
    ? { member: match[1] as string, rest: (match[2] as string).trim() }
    : { rest: line.trim() };
}

export interface ParsedCommand {
  command: string;
  path: string;
  /** Raw text per option, with the option's declared type for conversion. */
  options: { name: string; type: ApplicationCommandOptionType; text: string }[];
}

const isBranch = (option: APIApplicationCommandOption) =>
  option.type === ApplicationCommandOptionType.Subcommand ||
  option.type === ApplicationCommandOptionType.SubcommandGroup;

/** Matches the words of a line against a command definition: subcommands by name, options as key:value. */
export function parseCommand(
  tokens: string[],
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): ParsedCommand | { error: string } {
  const [head = '', ...rest] = tokens;
  const name = head.replace(/^\//, '');
  const definition = definitions.find((d) => d.name === name);
  const known = definitions.map((d) => `/${d.name}`).join(', ');
  if (!definition) return { error: `Unknown command /${name}. Commands: ${known}` };
  const path: string[] = [];
  let options = definition.options ?? [];
  while (options.some(isBranch)) {
    const branch = options.find((o) => isBranch(o) && o.name === rest[0]);
    if (!branch) {
      const choices = options
        .filter(isBranch)
        .map((o) => o.name)
        .join(', ');
      return { error: `/${[name, ...path].join(' ')} needs one of: ${choices}` };
    }
    path.push(branch.name);
    rest.shift();
    options = 'options' in branch ? (branch.options ?? []) : [];
  }
  const parsed: ParsedCommand['options'] = [];
  const bare: string[] = [];
  for (const token of rest) {
    const colon = token.indexOf(':');
    const option = colon > 0 ? options.find((o) => o.name === token.slice(0, colon)) : undefined;
    if (option) parsed.push({ name: option.name, type: option.type, text: token.slice(colon + 1) });
    else bare.push(token);
  }
  if (bare.length > 0) {
    // The first option may be given bare: `/learning docker`, `/search cache invalidation`.
    const first = options[0];
    if (!first || parsed.some((o) => o.name === first.name)) {
      return { error: `Unexpected "${bare.join(' ')}". Give options as name:value.` };
    }
    parsed.unshift({ name: first.name, type: first.type, text: bare.join(' ') });
  }
  return { command: name, path: path.join(' '), options: parsed };
}

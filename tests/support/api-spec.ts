import {
  ApplicationCommandAutocompleteCallbackRequestSchema,
  ApplicationCommandCreateRequestSchema,
  ApplicationCommandUpdateRequestSchema,
  CreateMessageInteractionCallbackRequestSchema,
  CreateTextThreadWithMessageRequestSchema,
  CreateTextThreadWithoutMessageRequestSchema,
  IncomingWebhookRequestPartialSchema,
  IncomingWebhookUpdateRequestPartialSchema,
  LaunchActivityInteractionCallbackRequestSchema,
  MessageCreateRequestSchema,
  MessageEditRequestPartialSchema,
  ModalInteractionCallbackRequestSchema,
  PongInteractionCallbackRequestSchema,
  UpdateMessageInteractionCallbackRequestSchema,
} from 'discord-api-spec/zod';
import * as z from 'zod/mini';
import type { RecordedRequest } from './discord-double.js';

// zod/mini ships without messages, so every issue would read "Invalid input" without a locale.
z.config(z.locales.en());

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: Issue[][];
  values?: unknown[];
}
interface SpecSchema {
  safeParse(value: unknown): { success: boolean; error?: { issues: Issue[] } };
}

// Each callback type has its own schema; a union lets the issue formatter pick the branch by `type`.
const interactionCallback: SpecSchema = z.union([
  PongInteractionCallbackRequestSchema,
  CreateMessageInteractionCallbackRequestSchema,
  UpdateMessageInteractionCallbackRequestSchema,
  ApplicationCommandAutocompleteCallbackRequestSchema,
  ModalInteractionCallbackRequestSchema,
  LaunchActivityInteractionCallbackRequestSchema,
]);

// Discord documents default_member_permissions as a string bitfield (and discord.js sends one),
// but the OpenAPI spec types it as an integer; compare like with like instead of failing every command.
const numericPermissions = (command: unknown): unknown => {
  if (typeof command !== 'object' || command === null) return command;
  const perms = (command as { default_member_permissions?: unknown }).default_member_permissions;
  return typeof perms === 'string' && /^\d+$/.test(perms)
    ? { ...command, default_member_permissions: Number(perms) }
    : command;
};

type Rule = [
  method: string,
  pattern: RegExp,
  route: string,
  schemaName: string,
  schema: SpecSchema,
];
const rules: Rule[] = [
  [
    'POST',
    /^\/interactions\/[^/]+\/[^/]+\/callback$/,
    'POST /interactions/:id/:token/callback',
    'InteractionCallback*RequestSchema (by type)',
    interactionCallback,
  ],
  [
    'POST',
    /^\/channels\/[^/]+\/messages$/,
    'POST /channels/:id/messages',
    'MessageCreateRequestSchema',
    MessageCreateRequestSchema,
  ],
  [
    'POST',
    /^\/channels\/[^/]+\/messages\/[^/]+\/threads$/,
    'POST /channels/:id/messages/:id/threads',
    'CreateTextThreadWithMessageRequestSchema',
    CreateTextThreadWithMessageRequestSchema,
  ],
  [
    'POST',
    /^\/channels\/[^/]+\/threads$/,
    'POST /channels/:id/threads',
    'CreateTextThreadWithoutMessageRequestSchema',
    CreateTextThreadWithoutMessageRequestSchema,
  ],
  [
    'PATCH',
    /^\/channels\/[^/]+\/messages\/[^/]+$/,
    'PATCH /channels/:id/messages/:id',
    'MessageEditRequestPartialSchema',
    MessageEditRequestPartialSchema,
  ],
  [
    'POST',
    /^\/webhooks\/[^/]+\/[^/]+$/,
    'POST /webhooks/:appId/:token',
    'IncomingWebhookRequestPartialSchema',
    IncomingWebhookRequestPartialSchema,
  ],
  [
    'PATCH',
    /^\/webhooks\/[^/]+\/[^/]+\/messages\/[^/]+$/,
    'PATCH /webhooks/:appId/:token/messages/:id',
    'IncomingWebhookUpdateRequestPartialSchema',
    IncomingWebhookUpdateRequestPartialSchema,
  ],
  [
    'PUT',
    /^\/applications\/[^/]+(?:\/guilds\/[^/]+)?\/commands$/,
    'PUT /applications/:appId[/guilds/:guildId]/commands',
    'ApplicationCommandUpdateRequestSchema[]',
    z.pipe(
      z.transform((list: unknown) => (Array.isArray(list) ? list.map(numericPermissions) : list)),
      z.array(ApplicationCommandUpdateRequestSchema),
    ),
  ],
  [
    'POST',
    /^\/applications\/[^/]+(?:\/guilds\/[^/]+)?\/commands$/,
    'POST /applications/:appId[/guilds/:guildId]/commands',
    'ApplicationCommandCreateRequestSchema',
    z.pipe(z.transform(numericPermissions), ApplicationCommandCreateRequestSchema),
  ],
];

/** The JSON half of a multipart (file upload) body, which discord.js sends as `payload_json`. */
export function multipartJson(raw: string): unknown {
  const json = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw)?.[1];
  try {
    return json === undefined ? undefined : JSON.parse(json);
  } catch {
    return json; // left as text so validation reports it instead of the server crashing
  }
}

const formatPath = (path: PropertyKey[]): string =>
  path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    'body',
  );

const isTypeMismatch = (i: Issue) => i.code === 'invalid_value' && i.path.join() === 'type';

// A failed union reports every branch; the useful one is the branch whose `type` literal matched.
function describe(issues: Issue[], prefix: PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || !issue.errors?.length) {
      return [`${formatPath(path)}: ${issue.message}`];
    }
    const typeMatched = issue.errors.filter((branch) => !branch.some(isTypeMismatch));
    if (typeMatched.length === 0 && issue.errors.every((branch) => branch.some(isTypeMismatch))) {
      const known = issue.errors.flatMap((branch) => branch.find(isTypeMismatch)?.values ?? []);
      return [`${formatPath([...path, 'type'])}: expected one of ${known.join('|')}`];
    }
    const pool = typeMatched.length > 0 ? typeMatched : issue.errors;
    return describe(
      pool.reduce((a, b) => (b.length < a.length ? b : a)),
      path,
    );
  });
}

/** Throws if a request body the bot sent does not match Discord's published schema for its route. */
export function validateRequestBody(req: RecordedRequest): void {
  const path = req.path.replace(/^\/api\/v\d+/, '');
  const rule = rules.find(([method, pattern]) => method === req.method && pattern.test(path));
  if (!rule || req.body === undefined) return;
  const [, , route, schemaName, schema] = rule;
  const multipart = req.headers['content-type']?.startsWith('multipart/') ?? false;
  // Uploads carry their JSON in a payload_json part; the file parts themselves are not checked.
  const body = multipart && typeof req.body === 'string' ? multipartJson(req.body) : req.body;
  if (multipart && body === undefined) return;
  const result = typeof body === 'string' ? undefined : schema.safeParse(body);
  if (result?.success) return;
  const issues = result?.error?.issues ?? [];
  const lines = (result ? describe(issues) : ['body: not valid JSON']).map((line) => `  - ${line}`);
  throw new Error(
    `${route} (${req.path}) body does not match discord-api-spec ${schemaName}:\n${lines.join('\n')}`,
  );
}

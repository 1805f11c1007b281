/**
 * The floor the latency suite measures Nexus against, in a process of its own run by plain
 * `node` (compiled, no loader), as Nexus runs: `<bare|echo> <apiBase> [message]`. A discord.js
 * client with Nexus's intents and mention policy, and discord.js's defaults otherwise, answering
 * every interaction through `interaction.reply` with "ok" (bare), or with `message`, the API's
 * shape handed over as API objects so discord.js copies nothing (echo).
 */
import {
  type APIInteractionResponseCallbackData,
  Client,
  Events,
  GatewayIntentBits,
  type InteractionReplyOptions,
} from 'discord.js';

const [kind, apiBase, input] = process.argv.slice(2);
if ((kind !== 'bare' && kind !== 'echo') || !apiBase || (kind === 'echo' && !input)) {
  throw new Error('usage: node dist/bench/bot-child.js <bare|echo> <apiBase> [message]');
}
const message =
  kind === 'echo' ? (JSON.parse(input as string) as APIInteractionResponseCallbackData) : undefined;
const encoded = <T>(value: T) => ({ toJSON: () => value });
const reply = (
  message
    ? {
        content: message.content,
        embeds: message.embeds?.map(encoded),
        components: message.components?.map(encoded),
      }
    : { content: 'ok' }
) as InteractionReplyOptions;

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  allowedMentions: { parse: [] },
  rest: { api: apiBase },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isRepliable()) void interaction.reply(reply);
});
await client.login('bench-token');

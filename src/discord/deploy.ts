import { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import { commands } from '../../commands/index.js';
import { ConfigError, loadConfig } from '../config.js';

/**
 * Registers every command in commands/index.ts: to one server when DISCORD_GUILD_ID is set
 * (instant, for development), else globally. `--dry-run` prints the JSON and needs no environment.
 */
async function deploy(argv: string[]): Promise<void> {
  const body = commands.map((command) => command.definition);
  if (argv.includes('--dry-run')) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  const config = loadConfig();
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new ConfigError(
      'Deploying needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example)',
    );
  }
  const rest = new REST(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}).setToken(
    config.DISCORD_TOKEN,
  );
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
  const registered = (await rest.put(route, { body })) as unknown[];
  const where = config.DISCORD_GUILD_ID
    ? `server ${config.DISCORD_GUILD_ID}`
    : 'every server (global)';
  process.stderr.write(`Registered ${registered.length} commands for ${where}.\n`);
}

deploy(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Deploy failed: ${String(error)}`}\n`,
  );
  process.exitCode = 1;
});

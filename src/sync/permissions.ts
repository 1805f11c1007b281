import {
  type BotPermission,
  botPermissionLabels,
  type ChannelAccess,
} from '../interaction/command.js';

/** Without these, a sync-up cannot post in its channel at all. */
export const postingPermissions: readonly BotPermission[] = [
  'ViewChannel',
  'SendMessages',
  'ReadMessageHistory',
];

/** Without these, the pairs go in the channel itself instead of weekly threads. */
export const threadPermissions: readonly BotPermission[] = [
  'CreatePublicThreads',
  'SendMessagesInThreads',
];

/** "Send Messages and Create Public Threads", for a sentence. */
export function permissionList(permissions: readonly BotPermission[]): string {
  const labels = permissions.map((p) => botPermissionLabels[p]);
  return labels.length < 2
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** Why sync-ups cannot post in the channel, in a sentence; undefined when they can (or nobody can tell). */
export function postingProblem(access: ChannelAccess, channelId: string): string | undefined {
  const missing = access.missing(channelId, postingPermissions);
  if (missing === 'unknown-channel') {
    return `Nexus cannot see <#${channelId}> (deleted, or hidden from it)`;
  }
  if (!missing?.length) return undefined;
  return `Nexus lacks ${permissionList(missing)} in <#${channelId}>`;
}

/** Why the pairs cannot go in weekly threads there, in a sentence; undefined when they can. */
export function threadProblem(access: ChannelAccess, channelId: string): string | undefined {
  const missing = access.missing(channelId, threadPermissions);
  if (!Array.isArray(missing) || missing.length === 0) return undefined;
  return `Nexus lacks ${permissionList(missing)} in <#${channelId}>`;
}

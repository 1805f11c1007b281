import { PermissionFlagsBits as P } from 'discord-api-types/v10';

/** A channel's permission overwrite, as the API carries it (type 0: role, 1: member). */
export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

const ALL = (1n << 53n) - 1n;

/**
 * Discord's permission computation for one member in one channel: the @everyone role and the
 * member's roles, Administrator as everything, then the channel's overwrites in Discord's order
 * (@everyone, the member's roles together, the member).
 */
export function channelPermissions(input: {
  guildId: string;
  rolePermissions: Map<string, bigint>;
  memberRoles: readonly string[];
  memberId: string;
  overwrites: readonly Overwrite[];
}): bigint {
  const { guildId, rolePermissions, memberRoles, memberId, overwrites } = input;
  let base = rolePermissions.get(guildId) ?? 0n;
  for (const role of memberRoles) base |= rolePermissions.get(role) ?? 0n;
  if ((base & P.Administrator) !== 0n) return ALL;
  const apply = (value: bigint, o: Overwrite | undefined) =>
    o ? (value & ~BigInt(o.deny)) | BigInt(o.allow) : value;
  let permissions = apply(
    base,
    overwrites.find((o) => o.id === guildId),
  );
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const o of overwrites) {
    if (o.type !== 0 || o.id === guildId || !memberRoles.includes(o.id)) continue;
    roleAllow |= BigInt(o.allow);
    roleDeny |= BigInt(o.deny);
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  return apply(
    permissions,
    overwrites.find((o) => o.type === 1 && o.id === memberId),
  );
}

/**
 * What Discord requires to post: View Channel (else 50001 Missing Access), then Send Messages,
 * or Send Messages in Threads inside a thread (else 50013 Missing Permissions).
 */
export function postRefusal(permissions: bigint, inThread: boolean): 50001 | 50013 | undefined {
  if ((permissions & P.ViewChannel) === 0n) return 50001;
  const send = inThread ? P.SendMessagesInThreads : P.SendMessages;
  return (permissions & send) === 0n ? 50013 : undefined;
}

/** Starting a public thread needs View Channel and Create Public Threads in the parent. */
export function threadRefusal(permissions: bigint): 50001 | 50013 | undefined {
  if ((permissions & P.ViewChannel) === 0n) return 50001;
  return (permissions & P.CreatePublicThreads) === 0n ? 50013 : undefined;
}

import type { Message } from '../interaction/message.js';
import type { PostError, Poster } from './poster.js';

export interface Posted {
  id: string;
  channelId: string;
  message: Message;
  nonce: string;
}

export interface MemoryThread {
  id: string;
  parentId: string;
  name: string;
}

/**
 * Channels and threads kept in memory, answering as Discord does for the life of one process: a
 * nonce posts once, a thread started from a message has its id, posts can be found again. The
 * console prints through it; tests read what it holds and can make it refuse.
 */
export function memoryPoster(onPost?: (posted: Posted, thread: MemoryThread | undefined) => void) {
  const posts: Posted[] = [];
  const threads = new Map<string, MemoryThread>();
  const byNonce = new Map<string, Posted>();
  let failure: PostError | undefined;
  let nextId = 0;
  const refuseIfTold = () => {
    if (failure) throw failure;
  };
  const poster: Poster = {
    async post(channelId, message, nonce) {
      refuseIfTold();
      const earlier = byNonce.get(`${channelId}:${nonce}`);
      if (earlier) return { id: earlier.id };
      const posted = { id: String(++nextId), channelId, message, nonce };
      posts.push(posted);
      byNonce.set(`${channelId}:${nonce}`, posted);
      onPost?.(posted, threads.get(channelId));
      return { id: posted.id };
    },
    async startThread(channelId, name, fromMessageId) {
      refuseIfTold();
      const id = fromMessageId ?? `thread-${++nextId}`;
      if (!threads.has(id)) threads.set(id, { id, parentId: channelId, name });
      return { id };
    },
    async findThread(channelId, name) {
      const found = [...threads.values()].find((t) => t.parentId === channelId && t.name === name);
      return found && { id: found.id };
    },
    async findPosted(channelId, message) {
      const content = JSON.stringify(message);
      const found = posts.find(
        (p) => p.channelId === channelId && JSON.stringify(p.message) === content,
      );
      return found && { id: found.id };
    },
  };
  return {
    poster,
    posts,
    threads,
    /** Every call refuses with `error` from now on (undefined: none does). */
    failWith(error: PostError | undefined) {
      failure = error;
    },
  };
}

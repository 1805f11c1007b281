import type { Db, Topic } from '../db/schema.js';
import { findTopicByName } from '../learnings/topics.js';

export interface Tags {
  /** Known topics, in the order given; the first is the challenge's main topic. */
  topics: Topic[];
  /** Tags that name no topic, kept as typed (lowercased). */
  free: string[];
}

/** "Docker, k8s, deployment" -> topics Docker and Kubernetes, free tag "deployment". */
export async function resolveTags(db: Db, text: string): Promise<Tags> {
  const words = [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const topics: Topic[] = [];
  const free: string[] = [];
  for (const word of words.slice(0, 10)) {
    const found = await findTopicByName(db, word);
    if (!found) free.push(word.slice(0, 40));
    else if (!topics.some((t) => t.id === found.topic.id)) topics.push(found.topic);
  }
  return { topics, free };
}

import type { Context } from '../../src/interaction/command.js';
import { form, requiredText } from '../../src/interaction/fields.js';
import { brandColor, notice, type Outcome, reply } from '../../src/interaction/message.js';
import { addLearning } from '../../src/learnings/learnings.js';
import { getTopic } from '../../src/learnings/topics.js';

/** The form a learning is written in: from /nexus add, and from a topic's Add a learning button. */
const title = requiredText('Title', 100);
const body = requiredText('Body', 1500, { label: 'What you learned', style: 'paragraph' });
const topic = requiredText('Topic', 100, { label: 'Topic (name or alias)', placeholder: 'docker' });

/** Title and body: the topic is known (the button's) or kept (an edit). */
export const learningForm = form({ title, body });
/** The topic first, then title and body. */
export const newLearningForm = form({ topic, title, body });

/** Saves a learning under a topic and shows it, crediting its author. */
export async function storeLearning(
  ctx: Context,
  topicId: number,
  fields: { title: string; body: string },
): Promise<Outcome> {
  const topic = await getTopic(ctx.db, topicId);
  if (!topic) return notice('That topic no longer exists. Nothing was saved.');
  const learning = await addLearning(ctx.db, {
    guildId: ctx.guildId,
    topicId,
    author: ctx.actor,
    title: fields.title,
    body: fields.body,
    now: ctx.now(),
  });
  return reply({
    content: `Saved learning #${learning.id} under **${topic.name}**. Thank you! See it with /learning ${topic.slug}.`,
    embeds: [
      {
        title: learning.title,
        description: learning.body,
        color: brandColor,
        footer: `#${learning.id} · ${ctx.actor.name}`,
      },
    ],
  });
}

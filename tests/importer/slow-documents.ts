/**
 * Documents the Markdown parser reads in time that grows with the square of their size, for the
 * tests and the bench that import them beside a running bot.
 */

/**
 * A run of `*_` in a learning: every delimiter is matched against every other. Before imports left
 * the event loop, 30 KB held it for 5.9 s and 120 KB for 103 s.
 */
export function emphasisRun(bytes: number): string {
  return `## Key Technologies\n\n- Docker ${'*_'.repeat(bytes / 2)}\n`;
}

const headingTopics = ['Docker', 'Redis', 'Python', 'Django'];

/**
 * `count` topic headings, each over a one-line list: each list the parser closes costs it a copy
 * of everything before. 10,000 of them (about 230 KB) took 14 s.
 */
export function topicHeadings(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `## ${headingTopics[i % headingTopics.length]}\n- Note ${i + 1}.`,
  ).join('\n');
}

/**
 * The line model both front ends (the Markdown parser and the plain-text reader) produce, and the
 * events the structure pass makes of it. Everything downstream works on these, so a pasted plain
 * text and a Markdown file go through the same section and entry logic.
 */

export type LineRole = 'heading' | 'item' | 'text' | 'row' | 'skip';

export interface SourceLine {
  /** 1-based number in the original file. */
  line: number;
  /** Inline text with markup removed, trimmed. */
  text: string;
  role: LineRole;
  /** Heading level (1 = top); 0 for other roles. */
  level: number;
  /** List or indentation nesting, 0 at the top. */
  depth: number;
  /** Lines with the same block id continue one paragraph, list item, heading or table. */
  block: number;
  ordered: boolean;
  number: number | null;
  /** The whole line is bold. */
  strong: boolean;
  /** Bold text the line starts with ("**Python** – ..."), if any. */
  lead: string | null;
  /** Table cells; null for the delimiter row. */
  cells: string[] | null;
  header: boolean;
  /** Why a `skip` line carries no content. */
  reason: string;
  /** A blank line (or the start of the file) precedes this line. */
  gap: boolean;
}

export interface HeadingEvent {
  type: 'heading';
  text: string;
  lines: number[];
  level: number;
  /** Inferred from a bare title line rather than written as a heading. */
  inferred: boolean;
  /** Inferred from a line ending in ":" that introduces what follows. */
  leadIn: boolean;
}

export interface UnitEvent {
  type: 'unit';
  text: string;
  lines: number[];
  depth: number;
  item: boolean;
  ordered: boolean;
  number: number | null;
  strong: boolean;
  lead: string | null;
  gap: boolean;
  /** Deeper units follow directly (a list item with a nested list, an indented parent line). */
  parent: boolean;
  /** Some line of the unit immediately follows the previous unit's block (no blank line). */
  joined: boolean;
  /** How many lines its block has (a bare title line is a one-line block). */
  blockSize: number;
}

export interface TableEvent {
  type: 'table';
  header: { cells: string[]; lines: number[] };
  rows: { cells: string[]; line: number }[];
}

export interface SkipEvent {
  type: 'skip';
  line: number;
  text: string;
  reason: string;
}

/** One learning, filed under one topic. */
export interface ParsedLearning {
  /** Topic slug. */
  topic: string;
  text: string;
  /** First source line (1-based). */
  line: number;
  lines: number[];
}

export interface BestPractice {
  text: string;
  line: number;
  lines: number[];
}

export type DocEvent = HeadingEvent | UnitEvent | TableEvent | SkipEvent;

export function sourceLine(
  partial: Partial<SourceLine> & Pick<SourceLine, 'line' | 'text'>,
): SourceLine {
  return {
    role: 'text',
    level: 0,
    depth: 0,
    block: -1,
    ordered: false,
    number: null,
    strong: false,
    lead: null,
    cells: null,
    header: false,
    reason: '',
    gap: false,
    ...partial,
  };
}

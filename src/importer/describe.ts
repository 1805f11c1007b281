import type { ImportReport } from './store.js';

/** The import report as people read it: counts, repairs, then every line left out. */
export function describeImport(report: ImportReport, where: string, dryRun: boolean): string {
  const verb = dryRun ? 'Would import' : 'Imported';
  const lines = [
    `${verb} ${report.fileName} into ${where}: ${report.created} created, ${report.updated} updated, ${report.skipped} skipped as duplicates, ${report.notImported.length} lines not imported.`,
    `Found ${Object.keys(report.topics).length} topics with new or changed learnings, ${report.challenges.length} challenge/solution pairs and ${report.bestPractices.length} best practices.`,
  ];
  if (report.repaired) {
    const removed = report.repair.removed.map((r) => r.line);
    lines.push(
      `Repaired mis-decoded text: ${report.repair.samples.join(', ') || `${report.repair.repaired} sequences`}${removed.length ? `; removed broken characters on lines ${removed.join(', ')}` : ''}.`,
    );
  }
  if (report.notImported.length > 0) {
    lines.push(
      'Not imported:',
      ...report.notImported.map((n) => `  line ${n.line}: ${n.text} (${n.reason})`),
    );
  }
  return lines.join('\n');
}

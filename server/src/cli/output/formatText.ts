// Compiler-style text output: `path:line:col severity code message` (1-based), then a summary line.
import type { CheckedFile, SeverityCounts } from '../checkedFile';
import { countSeverities } from '../checkedFile';

export function formatText(files: readonly CheckedFile[]): string {
  const lines: string[] = [];
  for (const file of files) {
    for (const finding of file.findings) {
      const at = file.lines.positionAt(finding.span.start);
      const message = finding.message.replace(/\s*\n\s*/g, ' ');
      lines.push(`${file.path}:${at.line + 1}:${at.character + 1} ${finding.severity} ${finding.code} ${message}`);
    }
  }
  lines.push(summaryLine(files));
  return lines.join('\n') + '\n';
}

export function summaryLine(files: readonly CheckedFile[]): string {
  const documents = files.reduce((sum, file) => sum + (file.analysis?.documents.length ?? 0), 0);
  const counts = countSeverities(files);
  return `meshlens: ${plural(files.length, 'file')} (${plural(documents, 'document')}) checked: ${severityList(counts)}.`;
}

function severityList(counts: SeverityCounts): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.information > 0) parts.push(`${counts.information} information`);
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

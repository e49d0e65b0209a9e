// The worker's copy of an open document: a TextDocument over a BlockText, so applying an edit and converting
// positions cost the blocks they touch (vscode-languageserver-textdocument's update copies the whole text and
// moves every later line offset on each change). Versions are immutable: an edit makes a new WorkerDocument.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import { BlockText } from '../../analysis/host/blockText';
import { composeExtents, type EditExtent } from '../../analysis/host/editedAnalysis';

export class WorkerDocument implements TextDocument {
  readonly languageId = 'yaml';

  private constructor(
    readonly uri: string,
    readonly version: number,
    readonly content: BlockText,
  ) {}

  static create(uri: string, version: number, text: string): WorkerDocument {
    return new WorkerDocument(uri, version, BlockText.of(text));
  }

  get lineCount(): number {
    return this.content.lineCount;
  }

  getText(range?: Range): string {
    if (!range) return this.content.toString();
    const start = this.content.offsetAt(range.start);
    const end = this.content.offsetAt(range.end);
    return this.content.slice(Math.min(start, end), Math.max(start, end));
  }

  positionAt(offset: number): Position {
    return this.content.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.content.offsetAt(position);
  }

  getLineRange(line: number): Range {
    const last = this.content.lineCount - 1;
    if (line > last) return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - this.content.lineStart(last) } };
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = this.content.lineStart(line);
    return { start: { line, character: 0 }, end: { line, character: this.lineEnd(line) - start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.content.lineCount) return '';
    const next = line + 1 < this.content.lineCount ? this.content.lineStart(line + 1) : this.content.length;
    return this.content.slice(this.lineEnd(line), next);
  }

  /** Where a line's text ends, before its line break. */
  private lineEnd(line: number): number {
    const start = this.content.lineStart(line);
    let end = line + 1 < this.content.lineCount ? this.content.lineStart(line + 1) : this.content.length;
    while (end > start && (this.content.charCodeAt(end - 1) === 10 || this.content.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  /**
   * The editor's changes applied in order, with what they left alone of this text (the host then re-analyses only
   * the YAML documents they touched). A whole-text change leaves no extent.
   */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): { document: WorkerDocument; extent?: EditExtent } {
    let content = this.content;
    let extent: EditExtent | undefined = { prefix: Number.POSITIVE_INFINITY, suffix: Number.POSITIVE_INFINITY };
    for (const change of changes) {
      if ('range' in change) {
        const a = content.offsetAt(change.range.start);
        const b = content.offsetAt(change.range.end);
        const [start, end] = a <= b ? [a, b] : [b, a];
        if (extent) extent = composeExtents(extent, { prefix: start, suffix: content.length - end });
        content = content.replace(start, end, change.text);
      } else {
        extent = undefined;
        content = BlockText.of(change.text);
      }
    }
    const document = new WorkerDocument(this.uri, version, content);
    return extent && Number.isFinite(extent.prefix) ? { document, extent } : { document };
  }
}

// The main thread's copy of an open document. The main thread analyses nothing: it forwards each edit to the
// worker and needs a document's text only to start a new worker. So edits are kept as they came and applied
// when the text is read (or once many have piled up): a keystroke in a large file costs the main thread no
// copy of the whole text, which a TextDocument update makes on every change.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument, type Position, type Range } from 'vscode-languageserver-textdocument';

/** Past this many waiting changes they are applied, so memory stays bounded however long nobody reads the text. */
const MAX_WAITING_CHANGES = 1000;

export class DeferredTextDocument implements TextDocument {
  private waiting: TextDocumentContentChangeEvent[] = [];
  private current: TextDocument;
  private currentVersion: number;

  constructor(uri: string, languageId: string, version: number, content: string) {
    this.current = TextDocument.create(uri, languageId, version, content);
    this.currentVersion = version;
  }

  get uri(): string {
    return this.current.uri;
  }

  get languageId(): string {
    return this.current.languageId;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.applied().lineCount;
  }

  getText(range?: Range): string {
    return this.applied().getText(range);
  }

  positionAt(offset: number): Position {
    return this.applied().positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.applied().offsetAt(position);
  }

  getLineRange(line: number): Range {
    return this.applied().getLineRange(line);
  }

  getEOLCharacters(line: number): string {
    return this.applied().getEOLCharacters(line);
  }

  /** Records the editor's changes (in order) as the new version. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): this {
    for (const change of changes) {
      // A whole-text change makes every change before it moot.
      if (!('range' in change)) this.waiting = [];
      this.waiting.push(change);
    }
    this.currentVersion = version;
    if (this.waiting.length > MAX_WAITING_CHANGES) this.applied();
    return this;
  }

  private applied(): TextDocument {
    if (this.waiting.length > 0 || this.current.version !== this.currentVersion) {
      this.current = TextDocument.update(this.current, this.waiting, this.currentVersion);
      this.waiting = [];
    }
    return this.current;
  }
}

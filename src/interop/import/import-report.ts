/** One thing an importer could not carry over, and where it was. */
export interface ImportNote {
  /** `file:line`, or `file: path.to.field`. */
  readonly where: string;
  readonly message: string;
}

/**
 * What an importer did not map, collected as it goes: nothing is dropped silently. The CLI
 * prints every note on its own line after the summary.
 */
export class ImportReport {
  readonly #notes: ImportNote[] = [];

  note(where: string, message: string): void {
    this.#notes.push({ where, message });
  }

  get notes(): readonly ImportNote[] {
    return this.#notes;
  }
}

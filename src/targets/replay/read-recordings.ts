import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { AssayError, type Issue } from '../../core/errors.js';
import { StringHashIndex } from '../../core/string-hash-index.js';
import type { TargetOutput } from '../../core/types.js';
import { toTargetOutput } from '../output/to-target-output.js';

/** One line of a replay file, as validated. */
interface Recording {
  readonly caseId: string;
  readonly repeat: number | undefined;
  readonly output: unknown;
}

/**
 * A replay file indexed by byte offset: the file is read once to validate it and to note where
 * each recording starts (a 64-bit hash of its case id and repeat, ~40 bytes a recording); a
 * trial then reads just its own line back. A million recordings never sit in memory.
 */
export class Recordings {
  readonly #fd: number;
  // Let go on close: a million recordings' index is ~46 MB the run's summary can use.
  #index: StringHashIndex;
  #offsets: Float64Array;
  #lengths: Uint32Array;
  #closed = false;
  readonly #maxRepeat: number;
  #buffer = Buffer.alloc(64 * 1024);
  /** How many recordings the file holds. */
  readonly count: number;
  /** SHA-256 of the file's text, for the target's fingerprint. */
  readonly contentHash: string;

  constructor(fd: number, built: Built) {
    this.#fd = fd;
    this.#index = built.index;
    this.#offsets = built.offsets;
    this.#lengths = built.lengths;
    this.#maxRepeat = built.maxRepeat;
    this.count = built.count;
    this.contentHash = built.contentHash;
  }

  /** The recording for this case and repeat, else the one for every repeat; a fresh object each call. */
  get(caseId: string, repeat: number): TargetOutput | undefined {
    const found = this.#find(caseId, repeat) ?? this.#find(caseId, undefined);
    return found === undefined ? undefined : toTargetOutput(found.output);
  }

  /** The repeats recorded for a case (`any` when one recording serves every repeat); undefined if none. */
  recordedRepeats(caseId: string): { any: boolean; repeats: number[] } | undefined {
    const repeats: number[] = [];
    for (let r = 0; r <= this.#maxRepeat; r++) if (this.#find(caseId, r) !== undefined) repeats.push(r);
    const any = this.#find(caseId, undefined) !== undefined;
    return any || repeats.length > 0 ? { any, repeats } : undefined;
  }

  /** Closes the file and lets go of the index; a later `get` is an error. Closing twice does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
    this.#index = new StringHashIndex();
    this.#offsets = new Float64Array(0);
    this.#lengths = new Uint32Array(0);
  }

  #find(caseId: string, repeat: number | undefined): Recording | undefined {
    if (this.#closed) {
      throw new AssayError('REPLAY_CLOSED', `The replay target was asked for case '${caseId}' after it was closed.`, {
        hint: 'A target is closed once its run has no trial left; resolve the eval again to run it again.',
      });
    }
    let found: Recording | undefined;
    this.#index.find(recordingKey(caseId, repeat), (entry) => {
      const record = this.#read(entry);
      if (record.caseId !== caseId || record.repeat !== repeat) return false;
      found = record;
      return true;
    });
    return found;
  }

  #read(entry: number): Recording {
    const length = this.#lengths[entry]!;
    if (this.#buffer.length < length) this.#buffer = Buffer.alloc(length);
    readSync(this.#fd, this.#buffer, 0, length, this.#offsets[entry]!);
    return parseRecording(this.#buffer.toString('utf8', 0, length)) as Recording;
  }
}

interface Built {
  readonly index: StringHashIndex;
  readonly offsets: Float64Array;
  readonly lengths: Uint32Array;
  readonly maxRepeat: number;
  readonly count: number;
  readonly contentHash: string;
}

/**
 * Reads a JSONL of `{ "caseId": …, "output": "text" | { text | value | … }, "repeat"?: n }` lines.
 * Every bad line is collected and reported at once as `file:line: problem`.
 *
 * @example
 * const recordings = await readRecordings('/abs/outputs.jsonl', 'outputs.jsonl');
 */
export async function readRecordings(path: string, shownPath: string): Promise<Recordings> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new AssayError('REPLAY_FILE_NOT_FOUND', `The replay target's file ${shownPath} does not exist.`, {
      hint: "Check target.path; relative paths resolve against the eval file's folder.",
    });
  }
  try {
    return new Recordings(fd, await buildIndex(path, shownPath, fd));
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

async function buildIndex(path: string, shownPath: string, fd: number): Promise<Built> {
  const issues: Issue[] = [];
  const index = new StringHashIndex();
  let offsets = new Float64Array(1024);
  let lengths = new Uint32Array(1024);
  let count = 0;
  let maxRepeat = -1;
  const scratch = { buffer: Buffer.alloc(64 * 1024) };
  const readAt = (entry: number): Recording => {
    const length = lengths[entry]!;
    if (scratch.buffer.length < length) scratch.buffer = Buffer.alloc(length);
    readSync(fd, scratch.buffer, 0, length, offsets[entry]!);
    return parseRecording(scratch.buffer.toString('utf8', 0, length)) as Recording;
  };
  const onLine = (text: string, lineNo: number, offset: number, byteLength: number) => {
    if (text.trim() === '') return;
    const parsed = parseRecording(text);
    if (typeof parsed === 'string') {
      issues.push({ code: 'invalid_syntax', path: `${shownPath}:${lineNo}`, message: parsed });
      return;
    }
    const { caseId, repeat } = parsed;
    const twice = index.find(recordingKey(caseId, repeat), (entry) => {
      const earlier = readAt(entry);
      return earlier.caseId === caseId && earlier.repeat === repeat;
    });
    if (twice !== undefined) {
      const message =
        repeat === undefined
          ? `caseId: '${caseId}' is recorded twice without a repeat`
          : `caseId: '${caseId}' repeat ${repeat} is recorded twice`;
      issues.push({ code: 'invalid_syntax', path: `${shownPath}:${lineNo}`, message });
      return;
    }
    if (count === offsets.length) {
      offsets = grow(offsets, new Float64Array(count * 2));
      lengths = grow(lengths, new Uint32Array(count * 2));
    }
    offsets[count] = offset;
    lengths[count] = byteLength;
    index.add(recordingKey(caseId, repeat), count);
    maxRepeat = Math.max(maxRepeat, repeat ?? -1);
    count += 1;
  };
  const contentHash = await scanLines(path, onLine);
  if (issues.length > 0) {
    throw new AssayError(
      'REPLAY_FILE_INVALID',
      `The replay file ${shownPath} has ${issues.length} bad line${issues.length === 1 ? '' : 's'}.`,
      {
        issues,
        hint: 'Each line must be a JSON object: { "caseId": "…", "output": "text or { text, value }", "repeat": 0 (optional) }.',
      },
    );
  }
  return { index, offsets, lengths, maxRepeat, count, contentHash };
}

/**
 * Streams a file line by line with each line's byte offset and length, and returns the hash
 * the whole text would get from `contentHash(text)` (SHA-256 of its JSON string form), so a
 * replay target's fingerprint is the same as when the file was read whole.
 */
async function scanLines(
  path: string,
  onLine: (text: string, lineNo: number, offset: number, byteLength: number) => void,
): Promise<string> {
  const hash = createHash('sha256').update('"');
  const decoder = new StringDecoder('utf8');
  let rest: Buffer = Buffer.alloc(0);
  let restOffset = 0;
  let lineNo = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    hash.update(JSON.stringify(decoder.write(bytes)).slice(1, -1));
    const data = rest.length > 0 ? Buffer.concat([rest, bytes]) : bytes;
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      lineNo += 1;
      onLine(data.toString('utf8', start, nl), lineNo, restOffset + start, nl - start);
      start = nl + 1;
    }
    rest = data.subarray(start);
    restOffset += start;
  }
  hash.update(JSON.stringify(decoder.end()).slice(1, -1));
  if (rest.length > 0) onLine(rest.toString('utf8'), lineNo + 1, restOffset, rest.length);
  return hash.update('"').digest('hex');
}

/** A validated recording, or the problem with the line. */
function parseRecording(line: string): Recording | string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    return 'expected an object like { "caseId": "…", "output": "…" }';
  const { caseId, output, repeat } = record as Record<string, unknown>;
  if (typeof caseId !== 'string' && typeof caseId !== 'number') return 'caseId: required, a string';
  if (output === undefined || output === null) return 'output: required, a string or an object with text or value';
  if (repeat !== undefined && !(Number.isInteger(repeat) && (repeat as number) >= 0))
    return 'repeat: must be a whole number ≥ 0';
  return { caseId: String(caseId), repeat: repeat as number | undefined, output };
}

function recordingKey(caseId: string, repeat: number | undefined): string {
  return `${caseId}\u0000${repeat ?? '*'}`;
}

function grow<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

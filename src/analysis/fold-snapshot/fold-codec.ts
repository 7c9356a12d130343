// A fold as bytes: the encoder and decoder of the layout in fold-format.ts.
import { AssayError } from '../../core/errors.js';
import {
  MAGIC,
  TYPED,
  UNDEFINED_INDEX,
  type Header,
  type Node,
  type Section,
  type Typed,
  type TypedName,
} from './fold-format.js';

/** The sections in order; a typed array's bytes are a view on it until {@link encodeFold} copies them once. */
class SectionWriter {
  readonly chunks: Uint8Array[] = [];
  size = 0;

  push(bytes: Uint8Array): Section {
    const at = this.size;
    this.chunks.push(bytes);
    this.size += bytes.byteLength;
    const pad = (8 - (this.size % 8)) % 8;
    if (pad > 0) {
      this.chunks.push(new Uint8Array(pad));
      this.size += pad;
    }
    return { at, bytes: bytes.byteLength };
  }
}

/** Thrown for a value the snapshot cannot hold (a function, a Map, a class instance). */
function unsupported(path: string, what: string): AssayError {
  return new AssayError(
    'FOLD_SNAPSHOT_UNSUPPORTED',
    `The fold field ${path} holds ${what}, which a fold snapshot cannot store.`,
    { hint: 'Teach analysis/fold-snapshot/fold-codec.ts the new field type.' },
  );
}

function isTyped(x: unknown): x is Typed {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function isPlainObject(x: unknown): x is object {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/** A value JSON keeps exactly: null, booleans, finite numbers, strings, and plain arrays/objects of them. */
function isJson(x: unknown): boolean {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x) && !Object.is(x, -0);
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (!(i in x) || !isJson(x[i])) return false;
    return true;
  }
  if (!isPlainObject(x)) return false;
  for (const v of Object.values(x)) if (!isJson(v)) return false;
  return true;
}

function encodeNode(x: unknown, path: string, out: SectionWriter): Node {
  if (x === undefined) return { k: 'undefined' };
  if (isTyped(x)) {
    if (!(x.constructor.name in TYPED)) throw unsupported(path, `a ${x.constructor.name}`);
    return encodeTyped(x, out);
  }
  if (Array.isArray(x)) return encodeArray(x, path, out);
  if (isPlainObject(x)) {
    const fields: Record<string, Node> = {};
    for (const [name, v] of Object.entries(x)) fields[name] = encodeNode(v, `${path}.${name}`, out);
    return { k: 'object', fields };
  }
  if (isJson(x)) return { k: 'value', v: x };
  if (typeof x === 'number') return { k: 'number', v: Object.is(x, -0) ? '-0' : String(x) };
  throw unsupported(path, typeof x === 'object' ? `a ${x?.constructor?.name ?? 'object'}` : `a ${typeof x}`);
}

function encodeTyped(x: Typed, out: SectionWriter): Node {
  const type = x.constructor.name as TypedName;
  const bits = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const width = x.BYTES_PER_ELEMENT;
  // Bitwise the same: a NaN fill is refilled with the one NaN JavaScript has, so only that one qualifies.
  if (bitwiseSame(x) && (isJson(x[0]) || isCanonicalNaN(x))) {
    return { k: 'filled', type, fill: Number.isNaN(x[0]) ? null : x[0], length: x.length };
  }
  if (isRange(x)) return { k: 'range', type, first: x[0], step: x[1] - x[0], length: x.length };
  if (width > 1) {
    const narrow = narrowest(x);
    if (narrow.BYTES_PER_ELEMENT < width) return { k: 'narrowed', type, list: encodeTyped(narrow, out) };
  }
  return { k: 'typed', type, at: out.push(bits).at, length: x.length };
}

/**
 * Every element has the same bits as the first. Compared in words of up to 4 bytes (a typed
 * array's offset is a multiple of its element width, so the view is aligned): a float column
 * takes a quarter of the steps of a byte-by-byte walk.
 */
function bitwiseSame(x: Typed): boolean {
  if (x.length === 0) return false;
  const width = x.BYTES_PER_ELEMENT;
  const words =
    width === 1
      ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
      : width === 2
        ? new Uint16Array(x.buffer, x.byteOffset, x.byteLength / 2)
        : new Uint32Array(x.buffer, x.byteOffset, x.byteLength / 4);
  const step = width > 4 ? width / 4 : 1;
  for (let i = step; i < words.length; i++) if (words[i] !== words[i - step]) return false;
  return true;
}

function isRange(x: Typed): boolean {
  if (x.length < 2) return false;
  const first = x[0];
  const step = x[1] - first;
  if (!Number.isFinite(first) || !Number.isFinite(step)) return false;
  const last = x.length - 1;
  if (x[last] !== first + last * step) return false;
  // Walked as one array type (a native copy): indexing arrays of several types at one place
  // in the code is several times slower than the copy.
  const xs = asFloat64(x);
  for (let i = 2; i < last; i++) if (xs[i] !== first + i * step) return false;
  return !Object.is(first, -0);
}

/** The numbers of `xs` as a Float64Array (every typed array's elements are doubles exactly). */
function asFloat64(xs: ArrayLike<number>): Float64Array {
  return xs instanceof Float64Array ? xs : new Float64Array(xs);
}

function isCanonicalNaN(x: Typed): boolean {
  if (!Number.isNaN(x[0])) return false;
  const probe = new (x.constructor as new (n: number) => Typed)(1);
  probe[0] = Number.NaN;
  const a = new Uint8Array(probe.buffer);
  const b = new Uint8Array(x.buffer, x.byteOffset, x.BYTES_PER_ELEMENT);
  return a.every((byte, i) => byte === b[i]);
}

/** The narrowest typed array that holds every number exactly. */
function narrowest(numbers: ArrayLike<number>): Typed {
  const xs = asFloat64(numbers);
  let int = true;
  let min = 0;
  let max = 0;
  for (let i = 0; int && i < xs.length; i++) {
    const x = xs[i];
    int = Number.isInteger(x) && !Object.is(x, -0);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  // Copied by the constructors, which copy typed arrays natively (`from` steps an iterator).
  if (!int) return new Float64Array(xs);
  if (min >= 0 && max < 2 ** 8) return new Uint8Array(xs);
  if (min >= 0 && max < 2 ** 16) return new Uint16Array(xs);
  if (min >= 0 && max < 2 ** 32) return new Uint32Array(xs);
  if (min >= -(2 ** 31) && max < 2 ** 31) return new Int32Array(xs);
  return new Float64Array(xs);
}

function encodeArray(xs: readonly unknown[], path: string, out: SectionWriter): Node {
  let numbers = xs.length > 0;
  for (let i = 0; numbers && i < xs.length; i++) numbers = typeof xs[i] === 'number' && i in xs;
  if (numbers) return { k: 'numbers', list: encodeTyped(narrowest(xs as number[]), out) };
  if (distinctStrings(xs)) {
    // Ids: one JSON text for the whole array, no dictionary to build.
    return { k: 'dict', values: out.push(new TextEncoder().encode(JSON.stringify(xs))), length: xs.length };
  }
  const index = dictionaryIndex(xs);
  if (!index) return { k: 'array', items: Array.from(xs, (x, i) => encodeNode(x, `${path}[${i}]`, out)) };
  const values = out.push(new TextEncoder().encode(`[${index.texts.join(',')}]`));
  const codes = index.codes;
  let identity = index.texts.length === xs.length;
  for (let i = 0; identity && i < codes.length; i++) identity = codes[i] === i + 1;
  if (identity) return { k: 'dict', values, length: xs.length };
  return { k: 'dict', values, index: encodeTyped(narrowest(codes), out), length: xs.length };
}

/** Every element a string, and the first 1,000 all different: ids, where a dictionary saves nothing. */
function distinctStrings(xs: readonly unknown[]): boolean {
  if (xs.length < 2) return false;
  // The head first: a column of a few values (slices) is told apart in 1,000 steps, not all.
  const head = xs.slice(0, 1000);
  if (new Set(head).size !== head.length) return false;
  for (let i = 0; i < xs.length; i++) if (typeof xs[i] !== 'string' || !(i in xs)) return false;
  return true;
}

/**
 * The distinct JSON texts of an array's elements and each element's 1 + position among them (0
 * for undefined); undefined when an element is not a JSON value. Strings and objects already
 * seen are found by themselves (a run's metadata objects are shared), so each is written once.
 */
function dictionaryIndex(xs: readonly unknown[]): { texts: string[]; codes: Uint32Array } | undefined {
  const texts: string[] = [];
  const codes = new Uint32Array(xs.length);
  const byString = new Map<string, number>();
  const byObject = new Map<object, number>();
  const byText = new Map<string, number>();
  const ofText = (text: string): number => {
    let k = byText.get(text);
    if (k === undefined) byText.set(text, (k = texts.push(text) - 1));
    return k;
  };
  let previous: unknown;
  let previousCode = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    let k: number | undefined;
    if (x === undefined) {
      codes[i] = UNDEFINED_INDEX;
      continue;
    } else if (x === previous) {
      // The same string or object as the last one coded (a column's runs of one slice, one
      // metadata object): its code again. (Numbers never get here: -0 === 0.)
      codes[i] = previousCode;
      continue;
    } else if (typeof x === 'string') {
      k = byString.get(x);
      // A string's JSON text is no other value's, so strings skip the text map.
      if (k === undefined) byString.set(x, (k = texts.push(JSON.stringify(x)) - 1));
    } else if (typeof x === 'object' && x !== null) {
      k = byObject.get(x);
      if (k === undefined) {
        if (!isJson(x)) return undefined;
        byObject.set(x, (k = ofText(JSON.stringify(x))));
      }
    } else {
      if (!isJson(x)) return undefined;
      k = ofText(JSON.stringify(x));
    }
    codes[i] = k + 1;
    if (typeof x === 'string' || typeof x === 'object') {
      previous = x;
      previousCode = k + 1;
    }
  }
  return { texts, codes };
}

/**
 * A fold as bytes, with `key` (JSON) in the header, to check before the fold is decoded.
 *
 * @example
 * const bytes = encodeFold(fold, { format: 1, trials: fold.trials });
 * expect(decodeFold(bytes)?.fold).toEqual(fold);
 */
export function encodeFold(fold: object, key: unknown): Uint8Array {
  const out = new SectionWriter();
  const root = encodeNode(fold, 'fold', out);
  const header = new TextEncoder().encode(JSON.stringify({ key, root } satisfies Header));
  const start = align8(8 + header.byteLength);
  const bytes = new Uint8Array(start + out.size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.byteLength, true);
  bytes.set(header, 8);
  let at = start;
  for (const chunk of out.chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The key stored with a fold, read without decoding the fold; undefined when the bytes are not a snapshot. */
export function readFoldKey(bytes: Uint8Array): unknown {
  return readHeader(bytes)?.header.key;
}

function readHeader(bytes: Uint8Array): { header: Header; start: number } | undefined {
  if (bytes.byteLength < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return undefined;
  const length = view.getUint32(4, true);
  if (8 + length > bytes.byteLength) return undefined;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Header;
  return { header, start: align8(8 + length) };
}

/** The fold and key {@link encodeFold} stored; undefined when the bytes are not a snapshot. */
export function decodeFold<T>(bytes: Uint8Array): { key: unknown; fold: T } | undefined {
  const read = readHeader(bytes);
  if (!read) return undefined;
  const data = bytes.subarray(read.start);
  return { key: read.header.key, fold: decodeNode(read.header.root, data) as T };
}

function decodeNode(node: Node, data: Uint8Array): unknown {
  switch (node.k) {
    case 'value':
      return node.v;
    case 'undefined':
      return undefined;
    case 'number':
      return Number(node.v);
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [name, child] of Object.entries(node.fields)) o[name] = decodeNode(child, data);
      return o;
    }
    case 'array':
      return node.items.map((item) => decodeNode(item, data));
    case 'typed': {
      const Type = TYPED[node.type];
      const bytes = data.slice(node.at, node.at + node.length * Type.BYTES_PER_ELEMENT);
      return new Type(bytes.buffer, 0, node.length);
    }
    case 'filled': {
      const xs = new TYPED[node.type](node.length);
      if (node.fill !== 0) xs.fill(node.fill ?? Number.NaN);
      return xs;
    }
    case 'range': {
      const xs = new TYPED[node.type](node.length);
      for (let i = 0; i < node.length; i++) xs[i] = node.first + i * node.step;
      return xs;
    }
    case 'narrowed': {
      const narrow = decodeNode(node.list, data) as Typed;
      const xs = new TYPED[node.type](narrow.length);
      xs.set(narrow);
      return xs;
    }
    case 'numbers': {
      // An indexed copy: Array.from iterates, at three times the cost on a million numbers.
      const list = decodeNode(node.list, data) as Typed;
      const xs = new Array<number>(list.length);
      for (let i = 0; i < list.length; i++) xs[i] = list[i];
      return xs;
    }
    case 'dict': {
      const text = new TextDecoder().decode(data.subarray(node.values.at, node.values.at + node.values.bytes));
      const values = JSON.parse(text) as unknown[];
      if (!node.index) return values;
      if (node.index.k === 'filled') {
        // Every element the same (often: no message on any case): one fill, no index to walk.
        const code = node.index.fill ?? Number.NaN;
        return new Array<unknown>(node.length).fill(code === UNDEFINED_INDEX ? undefined : values[code - 1]);
      }
      const index = decodeNode(node.index, data) as Typed;
      const xs = new Array<unknown>(node.length);
      for (let i = 0; i < node.length; i++) xs[i] = index[i] === UNDEFINED_INDEX ? undefined : values[index[i] - 1];
      return xs;
    }
  }
}

// The layout of a fold (metrics/case-fold.ts) as bytes; fold-codec.ts writes and reads it. The
// fold is walked generically, so its fields may change shape without touching the codec: typed
// arrays are copied as binary (or only their value, when every element is the same), number[] as
// the narrowest typed array that holds it exactly, arrays of JSON values (ids, slices, metadata,
// messages) as the distinct JSON values plus one index per element, so equal metadata objects are
// parsed once and shared again, as the store's own reads share them. Objects and arrays that hold
// binary are walked.
//
// Layout: "AFLD", u32 header length, the header (JSON: the caller's key and the tree), padding
// to 8 bytes, then the sections, each at an offset that is a multiple of 8.

export const MAGIC = 0x444c4641; // "AFLD" read little-endian
export const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;
export type TypedName = keyof typeof TYPED;
export type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/** The index of `undefined` (or a hole) in a dictionary-coded array; value k is at k + 1. */
export const UNDEFINED_INDEX = 0;

/** The header's tree: how each field of the fold was stored. */
export type Node =
  | { readonly k: 'value'; readonly v: unknown }
  | { readonly k: 'undefined' }
  /** A single number JSON cannot hold (NaN, ±Infinity, -0), as text. */
  | { readonly k: 'number'; readonly v: string }
  | { readonly k: 'object'; readonly fields: Readonly<Record<string, Node>> }
  | { readonly k: 'array'; readonly items: readonly Node[] }
  | { readonly k: 'typed'; readonly type: TypedName; readonly at: number; readonly length: number }
  /** A typed array whose elements are all `fill` (null for NaN): nothing stored. */
  | { readonly k: 'filled'; readonly type: TypedName; readonly fill: number | null; readonly length: number }
  /** A typed array with x[i] = first + i·step exactly (offsets, identity orders): nothing stored. */
  | {
      readonly k: 'range';
      readonly type: TypedName;
      readonly first: number;
      readonly step: number;
      readonly length: number;
    }
  /** A typed array of integers a narrower integer array holds exactly (0/1 scores, counts). */
  | { readonly k: 'narrowed'; readonly type: TypedName; readonly list: Node }
  /** A number[], stored as a typed array. */
  | { readonly k: 'numbers'; readonly list: Node }
  /** Distinct JSON values, and per element 1 + its index among them, 0 for undefined (absent: the identity). */
  | { readonly k: 'dict'; readonly values: Section; readonly index?: Node; readonly length: number };

export interface Section {
  readonly at: number;
  readonly bytes: number;
}

export interface Header {
  readonly key: unknown;
  readonly root: Node;
}

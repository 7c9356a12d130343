// Dataset rows of three shapes, for bench/dataset-pass.ts (which times reading them) and
// version-pins.test.ts (which pins their versions): the bench/workloads.ts shape, a richer
// one (a 200-character input, an expected answer, a slice, three metadata fields), and the
// bench shape without ids (ids generated from the content).

/** Row `i` of each shape, as a plain object (what a JSONL line parses to). */
export const ROW_SHAPES: { readonly [shape: string]: (i: number) => unknown } = {
  bench: (i) => ({ id: `case-${String(i).padStart(6, '0')}`, input: { name: `User ${i}`, id: i } }),
  rich: (i) => ({
    id: `case-${String(i).padStart(7, '0')}`,
    input: `question ${i} ${'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(4)}`.slice(0, 200),
    expected: `answer-${i}`,
    slice: i % 20 === 0 ? 'edge' : 'typical',
    metadata: { language: ['en', 'fr', 'de'][i % 3], tier: ['free', 'pro'][i % 2], turn: i % 7 },
  }),
  noid: (i) => ({ input: { name: `User ${i}`, id: i } }),
};

/** Keeps the last `max` bytes written to it, so a program that prints gigabytes costs no memory. */
export class TailBuffer {
  readonly #max: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #dropped = 0;

  constructor(max: number) {
    this.#max = max;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size - this.#chunks[0]!.length >= this.#max) {
      const first = this.#chunks.shift()!;
      this.#size -= first.length;
      this.#dropped += first.length;
    }
  }

  /** The kept text, prefixed with how much was cut when the stream was longer. */
  text(): string {
    const all = Buffer.concat(this.#chunks);
    const cut = Math.max(0, all.length - this.#max);
    const body = all.subarray(cut).toString('utf8');
    const dropped = this.#dropped + cut;
    return dropped > 0 ? `[… ${dropped} bytes cut]\n${body}` : body;
  }
}

/**
 * A small seeded pseudo-random number generator for synthetic data: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, 128 bits of state, passes PractRand), seeded through splitmix32
 * so that nearby seeds give unrelated streams. Pure: the whole state lives in the object, so the
 * same seed always gives the same sequence on every machine and Node version. Not for secrets.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix = () => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    // The first outputs of a freshly seeded sfc32 are still correlated with the seed.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next 32 random bits as an unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.uint32() / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Picks an item with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let point = this.float() * total;
    for (const [item, weight] of choices) {
      point -= weight;
      if (point < 0) return item;
    }
    return choices[choices.length - 1]![0];
  }

  /** A log-normally distributed positive number with the given median: most near it, a long tail. */
  logNormal(median: number, sigma: number): number {
    // Box–Muller; 1 − float() is in (0, 1], so the logarithm is finite.
    const u = 1 - this.float();
    const v = this.float();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * normal);
  }

  /** A child generator whose stream depends only on this one's next output. */
  fork(): Random {
    return new Random(this.uint32());
  }
}

const hexDigits = Buffer.from('0123456789abcdef', 'latin1');
const idBytes = Buffer.alloc(36);
const msPerDay = 86_400_000;

function writeHex(word: number, at: number): number {
  let position = at;
  for (let shift = 28; shift >= 0; shift -= 4) {
    if (position === 8 || position === 13 || position === 18 || position === 23)
      idBytes[position++] = 0x2d;
    idBytes[position++] = hexDigits[(word >>> shift) & 0xf]!;
  }
  return position;
}

/**
 * A UUIDv7-shaped id drawn from the generator: the time prefix is a moment on the given day
 * (days since 1970-01-01), the rest random bits, so generated ids sort by document date like the
 * ids the application makes, yet the same seed gives the same ids. The text is written into a
 * buffer and decoded once, which gives a flat string: a million ids built by concatenation are
 * ropes that cost memory and time when they are first hashed or compared.
 */
export function randomIdOn(random: Random, dayNumber: number): string {
  const ms = dayNumber * msPerDay + Math.floor(random.float() * msPerDay);
  const r1 = random.uint32();
  const r2 = random.uint32();
  const r3 = random.uint32();
  let position = writeHex(Math.floor(ms / 65_536) >>> 0, 0);
  position = writeHex((((ms % 65_536) << 16) | 0x7000 | (r1 & 0x0fff)) >>> 0, position);
  position = writeHex(((r2 & 0x3fffffff) | 0x80000000) >>> 0, position);
  writeHex(r3, position);
  return idBytes.toString('latin1', 0, 36);
}

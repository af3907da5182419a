/**
 * Document numbers in a payment's free text. People write an invoice number every way but the
 * way it was printed ("inv 000123", "INV000123", "Rechnung 123 vom …"), banks cut the text into
 * pieces of 35 or 140 characters wherever a number happens to stand, and the same text holds
 * amounts, dates and IBANs made of the same digits. Each match therefore says how it was found, so
 * the matcher can weigh an exact number above a number read without its prefix or with a typo.
 *
 * Built for volume: the known numbers are indexed once (by normalised form, by digit part, and by
 * the one-deletion neighbourhood of the digit part for typos), and a text is then looked up by its
 * own tokens, never by scanning the known numbers.
 */

export type NumberMatchKind =
  /** The text holds the number exactly as it is known. */
  | 'exact'
  /** The same letters and digits, in another case or with other separators ("inv 000123"). */
  | 'normalised'
  /** The number's digit part alone ("123" or "000123" for "INV-000123"), unique among the known. */
  | 'without-prefix'
  /** One substitution, insertion, deletion or swap of neighbours in the digit part. */
  | 'typo';

export interface NumberMatch {
  /** The known number, as it was given to the index. */
  readonly known: string;
  readonly kind: NumberMatchKind;
  /** Where in `remittanceText(pieces)`: [start, end) in UTF-16 code units. */
  readonly start: number;
  readonly end: number;
  /** What the text says there. */
  readonly text: string;
}

/** The line's text pieces as one text: the positions of matches refer to this. */
export function remittanceText(pieces: readonly string[]): string {
  return pieces.join(' ');
}

/** A number's letters and digits, upper case: what stays the same however it is written. */
export function normaliseNumber(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The normalised number's trailing digits ("INV2024000123" → "2024000123"), or "". */
function digitPartOf(normalised: string): string {
  return /\d*$/.exec(normalised)![0];
}

function withoutLeadingZeros(digits: string): string {
  return digits.replace(/^0+/, '');
}

/** A digit part this short matches too many amounts, dates and quantities to mean anything. */
const withoutPrefixDigitsMin = 4;
/** Below this, one edit away from a number is most other numbers of the same series. */
const typoDigitsMin = 5;
/** A number written with spaces or dashes is at most this many runs of letters and digits. */
const runsPerNumberMax = 5;

interface Entry {
  readonly known: string;
  readonly prefix: string;
  readonly digits: string;
}

export class KnownNumberIndex {
  private readonly entries: Entry[] = [];
  private readonly byNormalised = new Map<string, number[]>();
  private readonly byDigitValue = new Map<string, number[]>();
  /** Deletion neighbourhood: the digit part and every string it gives with one digit left out. */
  private readonly byDeletion = new IdsByDigits();
  /** The letters before the digits of the numbers with a typo entry: others need no look-up. */
  private readonly typoPrefixes = new Set<string>();

  constructor(numbers: Iterable<string>) {
    const seen = new Set<string>();
    for (const known of numbers) {
      if (seen.has(known)) continue;
      seen.add(known);
      const normalised = normaliseNumber(known);
      if (normalised.length === 0) continue;
      const digits = digitPartOf(normalised);
      const id = this.entries.length;
      this.entries.push({
        known,
        prefix: normalised.slice(0, normalised.length - digits.length),
        digits,
      });
      push(this.byNormalised, normalised, id);
      const value = withoutLeadingZeros(digits);
      if (digits.length >= withoutPrefixDigitsMin) push(this.byDigitValue, value, id);
      if (value.length >= typoDigitsMin) {
        this.byDeletion.addNeighbourhood(digits, id);
        this.typoPrefixes.add(this.entries[id]!.prefix);
      }
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * The known numbers in a line's text pieces. The pieces are read joined by a space and joined
   * by nothing, since a bank's wrap may fall inside a number ("INV-2024-00" + "0123"); positions
   * are in the space-joined text. A match inside a longer match of the same or a stronger kind is
   * left out (a number read in "INV-2024-000123" that is only part of it), and for each stretch of
   * text the strongest kind found is kept.
   */
  find(pieces: readonly string[]): NumberMatch[] {
    const spaced = remittanceText(pieces);
    const matches = new Map<string, NumberMatch>();
    const keep = (match: NumberMatch) => {
      const key = `${match.start}:${match.end}:${match.known}`;
      const held = matches.get(key);
      if (!held || kindRank[match.kind] < kindRank[held.kind]) matches.set(key, match);
    };

    for (const match of this.findIn(spaced)) keep(match);
    if (pieces.length > 1) {
      // Offsets in the joined-by-nothing text move right by one for each boundary before them.
      const boundaries: number[] = [];
      let offset = 0;
      for (const piece of pieces.slice(0, -1)) {
        offset += piece.length;
        boundaries.push(offset);
      }
      const toSpaced = (at: number, isEnd: boolean) =>
        at + boundaries.filter((b) => (isEnd ? b < at : b <= at)).length;
      for (const match of this.findIn(pieces.join(''))) {
        const start = toSpaced(match.start, false);
        const end = toSpaced(match.end, true);
        keep({ ...match, start, end, text: spaced.slice(start, end) });
      }
    }

    const all = [...matches.values()];
    return all
      .filter(
        (match) =>
          !all.some(
            (other) =>
              other !== match &&
              kindRank[other.kind] <= kindRank[match.kind] &&
              other.start <= match.start &&
              other.end >= match.end &&
              other.end - other.start > match.end - match.start,
          ),
      )
      .sort((a, b) => a.start - b.start || a.end - b.end || a.known.localeCompare(b.known));
  }

  private findIn(text: string): NumberMatch[] {
    const masked = maskNonNumbers(text);
    const runs = [...masked.matchAll(/[A-Za-z0-9]+/g)].map((run) => ({
      start: run.index,
      end: run.index + run[0].length,
    }));
    const found: NumberMatch[] = [];
    for (let first = 0; first < runs.length; first++) {
      let normalised = '';
      for (let last = first; last < runs.length && last < first + runsPerNumberMax; last++) {
        if (last > first && !isSeparator(masked.slice(runs[last - 1]!.end, runs[last]!.start))) {
          break;
        }
        const start = runs[first]!.start;
        const end = runs[last]!.end;
        normalised += masked.slice(runs[last]!.start, end).toUpperCase();
        const bare = !attachedToPrefix(masked, start);
        found.push(...this.lookUp(text.slice(start, end), normalised, start, end, bare));
      }
    }
    return found;
  }

  /** `bare`: nothing is attached before the text (a digit part read alone must stand alone). */
  private lookUp(
    written: string,
    normalised: string,
    start: number,
    end: number,
    bare: boolean,
  ): NumberMatch[] {
    const match = (id: number, kind: NumberMatchKind): NumberMatch => ({
      known: this.entries[id]!.known,
      kind,
      start,
      end,
      text: written,
    });

    // Digits hanging off a longer code ("1234" of "AB-1234") are that code's, whatever they are
    // alone.
    if (!bare && /^\d/.test(normalised)) return [];
    const same = this.byNormalised.get(normalised);
    if (same) {
      return same.map((id) =>
        match(id, this.entries[id]!.known === written ? 'exact' : 'normalised'),
      );
    }

    const digits = digitPartOf(normalised);
    const prefix = normalised.slice(0, normalised.length - digits.length);
    if (prefix === '' && digits.length >= withoutPrefixDigitsMin) {
      const value = withoutLeadingZeros(digits);
      const candidates = this.byDigitValue.get(value) ?? [];
      // The written digits must carry the number: "000123" for "INV-000123", or at least four
      // digits of its value; "0123" is a quantity as often as it is that invoice.
      const meaningful = candidates.filter(
        (id) => this.entries[id]!.digits === digits || value.length >= withoutPrefixDigitsMin,
      );
      if (meaningful.length === 1) return [match(meaningful[0]!, 'without-prefix')];
      if (candidates.length > 0) return [];
    }

    if (withoutLeadingZeros(digits).length < typoDigitsMin - 1) return [];
    if (prefix !== '' && !this.typoPrefixes.has(prefix)) return [];
    const near = this.byDeletion.neighbours(digits);
    const typos: NumberMatch[] = [];
    for (const id of near) {
      const entry = this.entries[id]!;
      // The prefix must be the number's own, or absent: a typo in the digits of "INV-…" written
      // as "RE-…" is two mistakes, and no evidence.
      if (prefix !== '' && prefix !== entry.prefix) continue;
      if (oneEditApart(digits, entry.digits)) typos.push(match(id, 'typo'));
    }
    return typos;
  }
}

/** Indexes the known numbers (invoice numbers, customer references) once, for many lookups. */
export function indexKnownNumbers(numbers: Iterable<string>): KnownNumberIndex {
  return new KnownNumberIndex(numbers);
}

const kindRank: Readonly<Record<NumberMatchKind, number>> = {
  exact: 0,
  normalised: 1,
  'without-prefix': 2,
  typo: 3,
};

function push<K>(map: Map<K, number[]>, key: K, id: number): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== id) list.push(id);
  } else map.set(key, [id]);
}

/**
 * Ids by digit string, for the deletion neighbourhoods of a book's numbers: a million keys for
 * 100,000 invoices, which a Map of strings to arrays spent most of a match run's set-up on. A
 * digit string of up to 14 digits is keyed as a number (its value times 16 plus its length, so
 * leading zeros count), in an open-addressing table whose ids are chained in flat arrays; longer
 * ones go to a Map. A key's form depends only on its own length, so a number and a text one
 * digit longer or shorter meet.
 */
class IdsByDigits {
  private slots = new Float64Array(1 << 16).fill(-1);
  private heads = new Int32Array(1 << 16);
  private used = 0;
  private ids = new Int32Array(1 << 16);
  private next = new Int32Array(1 << 16);
  private entries = 0;
  private readonly long = new Map<string, number[]>();

  addNeighbourhood(digits: string, id: number): void {
    forEachDeletion(digits, (key) => {
      if (typeof key === 'string') push(this.long, key, id);
      else this.add(key, id);
    });
  }

  /** The ids whose neighbourhood shares a key with that of `digits`. */
  neighbours(digits: string): Set<number> {
    const near = new Set<number>();
    forEachDeletion(digits, (key) => {
      if (typeof key === 'string') {
        for (const id of this.long.get(key) ?? []) near.add(id);
        return;
      }
      const slot = this.slotOf(key);
      if (this.slots[slot] !== key) return;
      for (let at = this.heads[slot]!; at !== -1; at = this.next[at]!) near.add(this.ids[at]!);
    });
    return near;
  }

  private add(key: number, id: number): void {
    if (this.used * 2 >= this.slots.length) this.grow();
    const slot = this.slotOf(key);
    if (this.slots[slot] === key) {
      // A number's own neighbourhood may give one key twice ("1005" less either zero).
      if (this.ids[this.heads[slot]!] === id) return;
    } else {
      this.slots[slot] = key;
      this.heads[slot] = -1;
      this.used++;
    }
    if (this.entries === this.ids.length) {
      this.ids = grown(this.ids);
      this.next = grown(this.next);
    }
    this.ids[this.entries] = id;
    this.next[this.entries] = this.heads[slot]!;
    this.heads[slot] = this.entries++;
  }

  /** The slot holding `key`, or the empty one where it would go. */
  private slotOf(key: number): number {
    const mask = this.slots.length - 1;
    const low = (key % 0x1_0000_0000) | 0;
    const high = (key / 0x1_0000_0000) | 0;
    let slot = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) >>> 0;
    slot = (slot ^ (slot >>> 15)) & mask;
    while (this.slots[slot] !== -1 && this.slots[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const slots = this.slots;
    const heads = this.heads;
    this.slots = new Float64Array(slots.length * 2).fill(-1);
    this.heads = new Int32Array(slots.length * 2);
    for (let old = 0; old < slots.length; old++) {
      if (slots[old] === -1) continue;
      const slot = this.slotOf(slots[old]!);
      this.slots[slot] = slots[old]!;
      this.heads[slot] = heads[old]!;
    }
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** Digit strings up to this long are keyed by a number, exact below 2^53 (see IdsByDigits). */
const numericKeyDigitsMax = 14;

/** The digits and each string they give with one digit left out, as keys (see IdsByDigits). */
function forEachDeletion(digits: string, use: (key: number | string) => void): void {
  const length = digits.length;
  if (length > numericKeyDigitsMax + 1) {
    for (const variant of deletionNeighbourhood(digits)) use(variant);
    return;
  }
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 10 + (digits.charCodeAt(i) - 48);
  use(length <= numericKeyDigitsMax ? value * 16 + length : digits);
  // Leaving out digit i: the digits before it, one place down, and those after it.
  let scale = 1;
  for (let i = length - 1; i >= 0; i--) {
    const after = value % scale;
    const before = Math.floor(value / (scale * 10));
    use((before * scale + after) * 16 + length - 1);
    scale *= 10;
  }
}

function deletionNeighbourhood(digits: string): Set<string> {
  const variants = new Set<string>([digits]);
  for (let i = 0; i < digits.length; i++) variants.add(digits.slice(0, i) + digits.slice(i + 1));
  return variants;
}

/** One substitution, insertion, deletion or swap of neighbours (and not equal). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const differ: number[] = [];
    for (let i = 0; i < a.length && differ.length <= 2; i++) if (a[i] !== b[i]) differ.push(i);
    if (differ.length === 1) return true;
    return (
      differ.length === 2 &&
      differ[1] === differ[0]! + 1 &&
      a[differ[0]!] === b[differ[1]!] &&
      a[differ[1]!] === b[differ[0]!]
    );
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/**
 * True when the text at `start` is the tail of a longer code ("AB-558121", "AB/558121"): its
 * digits belong to that code, and read alone they would be another number's. A dot ends an
 * abbreviation instead ("Nr.558121", "Re.558121"), so it attaches nothing.
 */
function attachedToPrefix(text: string, start: number): boolean {
  return /[A-Za-z0-9][-/_]?$/.test(text.slice(Math.max(0, start - 2), start));
}

/** What may stand between the parts of one number: a space, a dash, a slash, a dot. */
function isSeparator(gap: string): boolean {
  return gap.length <= 2 && /^[\s\-/._#:]+$/.test(gap);
}

const ibanPattern =
  /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)(?![A-Za-z0-9])/g;
const datePatterns = [
  /(?<![\d.,/-])\d{4}-\d{2}-\d{2}(?![\d])/g,
  /(?<![\d.,/-])(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:\d{4}|\d{2})(?![\d])/g,
  /(?<![\d.,/-])(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?![\d])/g,
];
/** 1.234,56 / 1,234.56 / 1'234.56 / 1234,56 / 1234.56 */
const amountPattern =
  /(?<![\d.,'])\d{1,3}(?:[.,' ]\d{3})*[.,]\d{2}(?![\d]|[.,]\d)|(?<![\d.,'])\d+[.,]\d{2}(?![\d]|[.,]\d)/g;

/**
 * The text with IBANs, dates and amounts blanked out (same length, so positions hold): their
 * digits joined by the separators would otherwise read as document numbers.
 */
function maskNonNumbers(text: string): string {
  let masked = text;
  const blank = (pattern: RegExp, valid: (found: string) => boolean = () => true) => {
    masked = masked.replace(pattern, (found) => (valid(found) ? ' '.repeat(found.length) : found));
  };
  blank(ibanPattern, (found) => {
    const compact = found.replace(/ /g, '');
    return compact.length >= 15 && compact.length <= 34 && /\d{4}/.test(compact.slice(4));
  });
  for (const pattern of datePatterns) blank(pattern);
  blank(amountPattern);
  return masked;
}

/**
 * How alike a payer's name on a bank line is to a customer's name. Banks shorten, upper-case and
 * transliterate names ("MUELLER UND SOEHNE" for "Müller & Söhne KG"), drop or add the legal form,
 * and the payer is sometimes a person paying for a company, so the score is evidence to weigh,
 * never an identification by itself: a name alone names a customer only with an amount or a
 * number that agrees.
 */

/**
 * Legal forms, written as tokens after normalisation ("S.A." → "sa", "Sp. z o.o." → "sp z oo").
 * They say nothing about which company it is, and banks keep or drop them at will.
 */
const legalFormsAtEnd: readonly (readonly string[])[] = [
  ['sp', 'z', 'oo'],
  ['spolka', 'z', 'oo'],
  ['s', 'r', 'o'],
  ['s', 'a', 'r', 'l'],
  ['s', 'p', 'a'],
  ['s', 'a'],
  ['sa', 'rl'],
  ['b', 'v'],
  ['n', 'v'],
  ['e', 'v'],
  ['co', 'kg'],
  ['co', 'ltd'],
  ['pty', 'ltd'],
  ['pte', 'ltd'],
  ...[
    'gmbh',
    'mbh',
    'ag',
    'kg',
    'kgaa',
    'ohg',
    'gbr',
    'ug',
    'ev',
    'eg',
    'se',
    'ltd',
    'limited',
    'llc',
    'llp',
    'lp',
    'plc',
    'inc',
    'incorporated',
    'corp',
    'corporation',
    'co',
    'company',
    'sarl',
    'sas',
    'sasu',
    'eurl',
    'sa',
    'sl',
    'slu',
    'srl',
    'spa',
    'sro',
    'bv',
    'nv',
    'vof',
    'oy',
    'oyj',
    'ab',
    'as',
    'asa',
    'aps',
    'uab',
    'sia',
    'ou',
    'kft',
    'zrt',
    'doo',
    'ooo',
    'pty',
    'pte',
    'spzoo',
  ].map((form) => [form]),
];
/** Forms some countries write first ("UAB Testavimas", "AS Tallink", "The Acme Company"). */
const legalFormsAtStart = new Set(['the', 'uab', 'as', 'oy', 'ab', 'sia', 'ooo', 'ou', 'sc']);
/** Words that join names and are written every way ("&", "und", "and"). */
const connectives = new Set(['and', 'und', 'et', 'en', 'og', 'och', 'ja']);

const transliterations: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  å: 'a',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ð: 'd',
};

/**
 * A name as the tokens that identify it: lower-case ASCII (umlauts as banks write them, "ü" →
 * "ue"; other accents dropped), without punctuation, connectives or legal forms.
 */
export function nameTokens(name: string): string[] {
  let text = name.toLowerCase();
  text = text.replace(/[äöüßæœøåđłþð]/g, (char) => transliterations[char]!);
  text = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  text = text.replace(/&/g, ' and ');
  // Abbreviations lose their dots ("S.A." → "sa", "e.V." → "ev"), so they read as one token.
  text = text.replace(/['’.]/g, '');
  text = text.replace(/\b([a-z])\/([a-z])\b/g, '$1$2');
  const tokens = text
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((token) => token !== '' && !connectives.has(token));

  const stripped = [...tokens];
  while (stripped.length > 1 && legalFormsAtStart.has(stripped[0]!)) stripped.shift();
  for (let changed = true; changed;) {
    changed = false;
    for (const form of legalFormsAtEnd) {
      if (stripped.length > form.length && endsWith(stripped, form)) {
        stripped.splice(stripped.length - form.length);
        changed = true;
        break;
      }
    }
  }
  return stripped;
}

function endsWith(tokens: readonly string[], suffix: readonly string[]): boolean {
  const offset = tokens.length - suffix.length;
  return suffix.every((token, i) => tokens[offset + i] === token);
}

/** Jaro-Winkler similarity of two strings, 0..1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!bMatched[j] && a[i] === b[j]) {
        aMatched[i] = true;
        bMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const jaro =
    (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix++;
  }
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Below this, two tokens are different words ("becker" and "baker" are 0.84). */
const tokenSimilarityMin = 0.88;
/** An initial ("j") stands for a word starting with it ("john"), but for many others too. */
const initialWeight = 0.4;

/** A token with its umlauts' "e" left out: "mueller" and "muller" are one name written twice. */
function withoutUmlautE(token: string): string {
  return token.replace(/([aou])e/g, '$1');
}

/** What a name spelled with the umlaut's "e" and without it scores: alike, but not the same. */
const umlautSpellingScore = 0.95;

function tokenSimilarity(
  a: string,
  b: string,
  aPlain = withoutUmlautE(a),
  bPlain = withoutUmlautE(b),
): number {
  if (a === b) return 1;
  if (Math.min(a.length, b.length) >= 4 && aPlain === bPlain) return umlautSpellingScore;
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? initialWeight : 0;
  // Short tokens one letter apart are different words ("ag" / "ab", "bau" / "bay").
  if (Math.min(a.length, b.length) <= 3) return 0;
  const score = jaroWinkler(a, b);
  return score >= tokenSimilarityMin ? score : 0;
}

/**
 * How alike two names are, 0..1, whatever the order of their words: each word of one is paired
 * with its most alike unpaired word of the other, and the pairs' similarities are summed over the
 * longer name's word count (a word the other name lacks counts 0). The names written without
 * spaces are also compared, for "Mc Donald" and "McDonald".
 */
export function nameSimilarity(a: string, b: string): number {
  const payer = nameTokens(a);
  const customer = nameTokens(b);
  return Math.max(tokenSetSimilarity(payer, customer), cutNameScore(payer, customer));
}

/**
 * What a payer's name scores when it is the start of the customer's name, cut where a bank cut it
 * ("HARBOR PHARMACY 16" for "Harbor Pharmacy 16792 LLC"; banks keep 18, 27, 35 or 70 characters),
 * so the words cut away do not count as missing: enough to confirm what a number or an amount
 * says (over the weak minimum), never a strong match, since the part cut away could differ.
 */
const cutMatchScore = 0.9;

/** A cut name keeps at least two words and this many characters, or it says too little. */
const cutKeptMin = 12;

/**
 * `cutMatchScore` when the payer's words are the customer's first words, the last of them perhaps
 * cut short, and the customer's name goes on past them; else 0. Only the payer's side can be
 * cut: the customer's name is the one the business typed.
 */
export function cutNameScore(payer: readonly string[], customer: readonly string[]): number {
  const n = payer.length;
  if (n < 2 || n > customer.length) return 0;
  for (let i = 0; i < n - 1; i++) if (payer[i] !== customer[i]) return 0;
  const last = payer[n - 1]!;
  const whole = customer[n - 1]!;
  if (!whole.startsWith(last)) return 0;
  if (n === customer.length && last.length === whole.length) return 0;
  const kept = payer.reduce((length, token) => length + token.length, n - 1);
  return kept >= cutKeptMin ? cutMatchScore : 0;
}

function tokenSetSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a.join('') === b.join('')) return 1;
  const scores = pairScores(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) scores[i * b.length + j] = tokenSimilarity(a[i]!, b[j]!);
  }
  return pairedSum(a.length, b.length, scores) / Math.max(a.length, b.length);
}

/**
 * Scratch space for one comparison's word-pair scores (n × m, row by row) and its pairing: the
 * matcher compares a payer with up to 500 names, and arrays and sets made per comparison were a
 * good part of a statement's garbage.
 */
let scoreScratch = new Float64Array(256);
let orderScratch = new Int32Array(256);
let usedScratch = new Uint8Array(64);

function pairScores(n: number, m: number): Float64Array {
  if (n * m > scoreScratch.length) {
    scoreScratch = new Float64Array(n * m);
    orderScratch = new Int32Array(n * m);
  }
  if (n + m > usedScratch.length) usedScratch = new Uint8Array(n + m);
  return scoreScratch;
}

/**
 * Each word of one name paired with its most alike unpaired word of the other: the pairs with a
 * score, best first (ties in word order), taken greedily. Returns the sum of the pairs' scores.
 */
function pairedSum(n: number, m: number, scores: Float64Array): number {
  const order = orderScratch;
  let count = 0;
  for (let at = 0; at < n * m; at++) {
    const score = scores[at]!;
    if (score <= 0) continue;
    // Insertion in descending score; equal scores keep word order (a stable sort).
    let k = count++;
    while (k > 0 && scores[order[k - 1]!]! < score) {
      order[k] = order[k - 1]!;
      k--;
    }
    order[k] = at;
  }
  const used = usedScratch;
  used.fill(0, 0, n + m);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const at = order[k]!;
    const i = Math.floor(at / m);
    const j = n + (at % m);
    if (used[i] || used[j]) continue;
    used[i] = 1;
    used[j] = 1;
    sum += scores[at]!;
  }
  return sum;
}

export interface NameCandidate {
  /** The customer's id. */
  readonly id: string;
  readonly name: string;
  /** Names this customer was learned to pay under ("Hans Müller" paying for "Müller Bau GmbH"). */
  readonly aliases?: readonly string[];
}

export interface NameMatch {
  readonly id: string;
  /** The customer's name or alias that the payer's name is most alike. */
  readonly matchedName: string;
  readonly alias: boolean;
  /** 0..1; 1 is the same name once normalised. */
  readonly score: number;
}

interface NameEntry {
  readonly id: string;
  readonly name: string;
  readonly alias: boolean;
  readonly tokens: readonly string[];
  /** The tokens as numbers of the index's vocabulary, so a payer's scores are kept per word. */
  readonly words: readonly number[];
  /** The tokens written without spaces: a name equal to the payer's this way scores 1. */
  readonly joined: string;
}

/**
 * Letters that survive a bank's or a typist's spelling: the consonants, without repeats
 * ("mueller" and "muller" are both "mlr"). It only finds candidates; the score is Jaro-Winkler's.
 */
function skeleton(token: string): string {
  return token.replace(/[aeiouy]/g, '').replace(/(.)\1+/g, '$1');
}

function keysOf(tokens: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const token of tokens) {
    keys.add(`t:${token}`);
    const bones = skeleton(token);
    if (bones.length >= 2) keys.add(`s:${bones}`);
  }
  if (tokens.length > 1) keys.add(`t:${tokens.join('')}`);
  return keys;
}

/**
 * The value that would stand at `k` (0-based) if `values` were sorted ascending, found by
 * selection in linear time; `values` is reordered. A common word touches thousands of names, and
 * sorting all their weights to find the 500th largest was most of a look-up.
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** The most names one payer is compared with in full, those sharing the rarest words. */
const comparedMax = 500;

/** Customers' names and aliases, indexed by their words so a payer is compared with few. */
export class NameIndex {
  private readonly entries: NameEntry[] = [];
  private readonly byKey = new Map<string, number[]>();
  /** Every word of the indexed names once, with its umlaut-less spelling. */
  private readonly vocabulary: { readonly token: string; readonly plain: string }[] = [];
  private readonly wordOf = new Map<string, number>();
  /** Each name's weight of shared words during one look-up; all zero between look-ups. */
  private scratch = new Float64Array(0);
  /** Look-ups already answered: a run asks again for every line of the same payer. */
  private readonly answered = new Map<string, NameMatch[]>();
  /**
   * One look-up's word scores: row i, column w is the payer's word i against vocabulary word w,
   * -1 until scored. Reset cell by cell after each look-up; a map per word cost a third of one.
   */
  private similarities = new Float64Array(0);
  private readonly scored: number[] = [];

  constructor(candidates: Iterable<NameCandidate>) {
    for (const candidate of candidates) {
      const names = [
        { name: candidate.name, alias: false },
        ...(candidate.aliases ?? []).map((name) => ({ name, alias: true })),
      ];
      for (const { name, alias } of names) {
        const tokens = nameTokens(name);
        if (tokens.length === 0) continue;
        const at = this.entries.length;
        const words = tokens.map((token) => this.wordFor(token));
        this.entries.push({
          id: candidate.id,
          name,
          alias,
          tokens,
          words,
          joined: tokens.join(''),
        });
        for (const key of keysOf(tokens)) {
          const list = this.byKey.get(key);
          if (list) list.push(at);
          else this.byKey.set(key, [at]);
        }
      }
    }
    this.scratch = new Float64Array(this.entries.length);
  }

  private wordFor(token: string): number {
    let word = this.wordOf.get(token);
    if (word === undefined) {
      word = this.vocabulary.length;
      this.vocabulary.push({ token, plain: withoutUmlautE(token) });
      this.wordOf.set(token, word);
    }
    return word;
  }

  /**
   * The customers whose name or alias is most alike the payer's, best first, at most `limit`,
   * each once (by its most alike name); customers sharing no word are not compared and not listed,
   * nor are those scoring under `minScore`. At most 500 names are compared in full: those sharing
   * the payer's rarest words (a word's weight is log(1 + names / names with it)).
   */
  best(payerName: string, limit: number, minScore = 0): NameMatch[] {
    const question = `${limit} ${minScore} ${payerName}`;
    let answer = this.answered.get(question);
    if (answer === undefined) {
      answer = this.lookUp(payerName, limit, minScore);
      this.answered.set(question, answer);
    }
    return answer;
  }

  private lookUp(payerName: string, limit: number, minScore: number): NameMatch[] {
    const tokens = nameTokens(payerName);
    if (tokens.length === 0 || limit <= 0) return [];
    // A word such as "bau" or "service" is shared by thousands of customers; scoring them all
    // would make one line cost the whole index. The names sharing the rarest words come first.
    const weights = this.scratch;
    const touched: number[] = [];
    for (const key of keysOf(tokens)) {
      const postings = this.byKey.get(key) ?? [];
      const weight = Math.log(1 + this.entries.length / Math.max(1, postings.length));
      for (const at of postings) {
        if (weights[at] === 0) touched.push(at);
        weights[at]! += weight;
      }
    }
    let compared = touched;
    if (touched.length > comparedMax) {
      const touchedWeights = new Float64Array(touched.length);
      for (let k = 0; k < touched.length; k++) touchedWeights[k] = weights[touched[k]!]!;
      const threshold = kthSmallest(touchedWeights, touched.length - comparedMax);
      const above = touched.filter((at) => weights[at]! > threshold);
      const at = touched.filter((at) => weights[at] === threshold).sort((a, b) => a - b);
      compared = [...above, ...at.slice(0, comparedMax - above.length)];
    }
    for (const at of touched) weights[at] = 0;
    // The same words recur across names ("becker", "bau"): each pair is scored once per payer.
    const plain = tokens.map(withoutUmlautE);
    const columns = this.vocabulary.length;
    if (this.similarities.length < tokens.length * columns) {
      this.similarities = new Float64Array(tokens.length * columns).fill(-1);
    }
    const similarities = this.similarities;
    const scored = this.scored;
    const joined = tokens.join('');
    // A cut name starts with the customer's words: compared as word numbers, most names are
    // ruled out without comparing strings.
    const payerWords = tokens.map((token) => this.wordOf.get(token) ?? -1);
    const startsAlike = (words: readonly number[]) => {
      if (words.length < tokens.length) return false;
      for (let i = 0; i < tokens.length - 1; i++) if (words[i] !== payerWords[i]) return false;
      return true;
    };
    const bestById = new Map<string, NameMatch>();
    for (const at of compared) {
      const entry = this.entries[at]!;
      // Paired words score at most 1 each, over the longer name's count: a name whose word
      // count alone keeps it under minScore cannot reach it, unless it is the payer's written
      // without spaces.
      const bound =
        Math.min(tokens.length, entry.words.length) / Math.max(tokens.length, entry.words.length);
      const cut = startsAlike(entry.words) ? cutNameScore(tokens, entry.tokens) : 0;
      if (bound < minScore && cut < minScore && entry.joined !== joined) continue;
      let score = 1;
      if (entry.joined !== joined) {
        const m = entry.words.length;
        const scores = pairScores(tokens.length, m);
        for (let i = 0; i < tokens.length; i++) {
          for (let j = 0; j < m; j++) {
            const word = entry.words[j]!;
            const cell = i * columns + word;
            let similarity = similarities[cell]!;
            if (similarity < 0) {
              const { token, plain: wordPlain } = this.vocabulary[word]!;
              similarity = tokenSimilarity(tokens[i]!, token, plain[i]!, wordPlain);
              similarities[cell] = similarity;
              scored.push(cell);
            }
            scores[i * m + j] = similarity;
          }
        }
        score = Math.max(pairedSum(tokens.length, m, scores) / Math.max(tokens.length, m), cut);
      }
      if (score === 0 || score < minScore) continue;
      const held = bestById.get(entry.id);
      if (!held || score > held.score || (score === held.score && held.alias && !entry.alias)) {
        bestById.set(entry.id, {
          id: entry.id,
          matchedName: entry.name,
          alias: entry.alias,
          score,
        });
      }
    }
    for (const cell of scored) similarities[cell] = -1;
    scored.length = 0;
    return [...bestById.values()]
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }
}

export function indexNames(candidates: Iterable<NameCandidate>): NameIndex {
  return new NameIndex(candidates);
}

/** The customers most alike the payer's name, best first (see `NameIndex.best`). */
export function bestNameMatches(
  payerName: string,
  index: NameIndex,
  limit = 5,
  minScore = 0,
): NameMatch[] {
  return index.best(payerName, limit, minScore);
}

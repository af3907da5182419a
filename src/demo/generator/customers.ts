import { assert } from '../../core/assert.js';
import {
  parseContactInput,
  parseCustomerInput,
  type ContactFields,
  type ContactInput,
  type CustomerFields,
  type CustomerInput,
} from '../../customers/customer.js';
import { buyerFieldsFor, localCompanyAt } from './buyer-details.js';
import { randomIdOn, type Random } from './random.js';
import {
  cities,
  companyStems,
  companySuffixes,
  companyTrades,
  firstNames,
  lastNames,
  segments,
  streets,
} from './vocabulary.js';

/**
 * Synthetic customers: a name, contacts with e-mail addresses, payment terms and a payment
 * behaviour that decides how the generator settles their invoices. Every customer and contact
 * goes through the same parsing as one typed in by a person, so the data is valid by construction.
 */
export type PaymentBehaviour = 'prompt' | 'slow' | 'partial' | 'disputer' | 'defaulter';

export const paymentBehaviours: readonly PaymentBehaviour[] = [
  'prompt',
  'slow',
  'partial',
  'disputer',
  'defaulter',
];

export interface GeneratedContact {
  readonly id: string;
  readonly fields: ContactFields;
}

export interface GeneratedCustomer {
  readonly id: string;
  readonly fields: CustomerFields;
  readonly contacts: readonly GeneratedContact[];
  readonly behaviour: PaymentBehaviour;
}

/** How one customer pays, beyond its behaviour: the knobs the settlement simulation reads. */
export interface CustomerProfile {
  readonly behaviour: PaymentBehaviour;
  /** Relative share of the invoices this customer receives. */
  readonly volume: number;
  /** Negotiated price level, applied to the catalogue price. */
  readonly priceFactor: number;
  /** Takes an early-payment discount whenever the terms offer one. */
  readonly takesDiscounts: boolean;
  /** Typical days late for slow payers and defaulters before they default. */
  readonly lateDays: number;
  /** Pays in weekly payment runs on this weekday (0 = Sunday), one payment for all that is due. */
  readonly paymentRunWeekday: number | null;
  readonly method: 'bank_transfer' | 'card' | 'cheque' | 'direct_debit';
  readonly requiresPurchaseOrder: boolean;
}

const termsMix = [
  ['NET30', 35],
  ['NET45', 15],
  ['NET30_EOM', 15],
  ['2/10_NET30', 15],
  ['DUE_ON_RECEIPT', 8],
  ['NET15', 6],
  ['NET60', 6],
] as const;

const behaviourMix = [
  ['prompt', 44],
  ['slow', 28],
  ['partial', 10],
  ['disputer', 12],
  ['defaulter', 6],
] as const;

const methodMix = [
  ['bank_transfer', 65],
  ['direct_debit', 12],
  ['card', 11],
  ['cheque', 12],
] as const;

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function companyName(
  random: Random,
  taken: Set<string>,
  index: number,
): { name: string; domain: string } {
  const stem = random.pick(companyStems);
  const trade = random.pick(companyTrades);
  const base = `${stem} ${trade}`;
  let name = `${base} ${random.pick(companySuffixes)}`;
  if (taken.has(name)) name = `${base} ${index + 1} ${random.pick(companySuffixes)}`;
  taken.add(name);
  return { name, domain: `${slug(name)}.example` };
}

function contactsFor(random: Random, domain: string, dayNumber: number): GeneratedContact[] {
  const count = random.weighted([
    [1, 50],
    [2, 35],
    [3, 15],
  ] as const);
  const roles = ['accounts_payable', 'billing', 'primary'] as const;
  const contacts: GeneratedContact[] = [];
  for (let i = 0; i < count; i++) {
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const input: ContactInput = {
      name: `${first} ${last}`,
      email: `${slug(first)}.${slug(last)}@${domain}`,
      phone: `+44 20 7946 0${String(random.int(0, 999)).padStart(3, '0')}`,
      role: roles[i],
      receivesReminders: i === 0,
    };
    const parsed = parseContactInput(input);
    assert(parsed.ok, `generated contact is invalid: ${parsed.ok ? '' : parsed.error.message}`);
    contacts.push({ id: randomIdOn(random, dayNumber), fields: parsed.value });
  }
  return contacts;
}

function profileFor(random: Random, index: number): CustomerProfile {
  // The first customers have one behaviour each, so that even a small book shows them all.
  const behaviour =
    index < paymentBehaviours.length ? paymentBehaviours[index]! : random.weighted(behaviourMix);
  const batches = (behaviour === 'prompt' || behaviour === 'slow') && random.chance(0.25);
  return {
    behaviour,
    volume: random.logNormal(1, 1.1),
    priceFactor: 0.85 + random.float() * 0.3,
    takesDiscounts: random.chance(0.7),
    lateDays: random.int(10, 60),
    paymentRunWeekday: batches ? random.int(2, 5) : null,
    method: random.weighted(methodMix),
    requiresPurchaseOrder: random.chance(0.3),
  };
}

/** `count` customers, created some time before `firstDay` (days since 1970-01-01). */
export function generateCustomers(
  random: Random,
  count: number,
  currency: string,
  firstDay: number,
): { customers: GeneratedCustomer[]; profiles: CustomerProfile[] } {
  const drafts: {
    input: CustomerInput;
    id: string;
    contacts: GeneratedContact[];
    profile: CustomerProfile;
  }[] = [];
  const taken = new Set<string>();
  const width = Math.max(5, String(count).length);
  for (let index = 0; index < count; index++) {
    const profile = profileFor(random, index);
    const createdDay = firstDay - random.int(1, 720);
    const drawn = companyName(random, taken, index);
    const [city, country] = random.pick(cities);
    const creditLimitMajor = Math.round(random.logNormal(20_000, 0.8) / 1000) * 1000 + 1000;
    // Drawn even when replaced below: the e-invoicing fields came later, and the same seed keeps
    // giving the same names, amounts and payments it gave before them.
    const drawnTaxId = `${country}${String(random.int(100_000_000, 999_999_999))}`;
    const billingAddress = {
      line1: `${random.int(1, 250)} ${random.pick(streets)}`,
      city,
      postalCode: String(random.int(10_000, 99_999)),
      country,
    };
    const terms = random.weighted(termsMix);
    const tags = [
      random.pick(segments),
      profile.behaviour === 'defaulter' ? 'watch-list' : 'active',
    ];
    const id = randomIdOn(random, createdDay);
    const local = localCompanyAt(index);
    const name = local?.name ?? drawn.name;
    drafts.push({
      id,
      profile,
      contacts: contactsFor(random, local?.domain ?? drawn.domain, createdDay),
      input: {
        ref: `C-${String(index + 1).padStart(width, '0')}`,
        name,
        legalName: name,
        taxId: drawnTaxId,
        billingAddress: local?.address ?? billingAddress,
        currency,
        terms,
        creditLimit: String(creditLimitMajor),
        // A customer who stopped paying is on hold by now.
        creditHold: profile.behaviour === 'defaulter',
        tags,
        notes: null,
      },
    });
  }
  // The e-invoicing fields draw from the stream after every customer has been drawn.
  const customers = drafts.map(({ input, id, contacts, profile }, index) => {
    const country = input.billingAddress!.country!;
    const parsed = parseCustomerInput({
      ...input,
      ...buyerFieldsFor(random, country, index),
    });
    assert(parsed.ok, `generated customer is invalid: ${parsed.ok ? '' : parsed.error.message}`);
    return { id, fields: parsed.value, contacts, behaviour: profile.behaviour };
  });
  return { customers, profiles: drafts.map((draft) => draft.profile) };
}

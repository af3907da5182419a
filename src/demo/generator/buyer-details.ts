import type { CustomerInput } from '../../customers/customer.js';
import { belgianCompanyNumber } from './check-digits.js';
import type { Random } from './random.js';

/**
 * What an e-invoice needs to know about a generated customer beyond its name and address: a VAT
 * identifier in its country's shape, a company registration number, a Peppol electronic address
 * of a scheme used in its country, and its own reference for the seller's invoices.
 */

function digits(random: Random, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String(random.int(i === 0 ? 1 : 0, 9));
  return text;
}

interface CountryIdentity {
  readonly vatId: string;
  readonly registrationId: string | null;
  /** The EAS scheme and the identifier in it. */
  readonly electronicAddress: { readonly scheme: string; readonly id: string };
}

/**
 * A customer's identifiers in its country: the VAT number's national shape (EL for Greece), and
 * the scheme its Peppol participants are commonly registered under: a national company number
 * where Peppol uses one (0208 Belgium, 0007 Sweden, 0184 Denmark, 0211 Italy), the VAT number
 * scheme of the country otherwise.
 */
export function identityIn(country: string, random: Random): CountryIdentity {
  const byVat = (vatId: string, scheme: string, registrationId: string | null = null) => ({
    vatId,
    registrationId,
    electronicAddress: { scheme, id: vatId },
  });
  switch (country) {
    case 'BE': {
      const number = belgianCompanyNumber(digits(random, 7));
      return {
        vatId: `BE${number}`,
        registrationId: number,
        electronicAddress: { scheme: '0208', id: number },
      };
    }
    case 'SE': {
      const number = `5${digits(random, 9)}`;
      return {
        vatId: `SE${number}01`,
        registrationId: number,
        electronicAddress: { scheme: '0007', id: number },
      };
    }
    case 'DK': {
      const number = digits(random, 8);
      return {
        vatId: `DK${number}`,
        registrationId: number,
        electronicAddress: { scheme: '0184', id: `DK${number}` },
      };
    }
    case 'IT':
      return byVat(`IT${digits(random, 11)}`, '0211');
    case 'DE':
      return byVat(`DE${digits(random, 9)}`, '9930', `HRB ${digits(random, 5)}`);
    case 'GB':
      return byVat(`GB${digits(random, 9)}`, '9932', digits(random, 8));
    case 'FR': {
      const siren = digits(random, 9);
      return byVat(`FR${String(random.int(10, 99))}${siren}`, '9957', siren);
    }
    case 'NL':
      return byVat(`NL${digits(random, 9)}B01`, '9944', digits(random, 8));
    case 'FI':
      return byVat(`FI${digits(random, 8)}`, '0213');
    case 'IE':
      return byVat(`IE${digits(random, 7)}${String.fromCharCode(random.int(65, 87))}`, '9935');
    case 'AT':
      return byVat(`ATU${digits(random, 8)}`, '9914', `FN ${digits(random, 6)}a`);
    case 'ES':
      return byVat(`ESB${digits(random, 8)}`, '9920');
    case 'GR':
      return byVat(`EL${digits(random, 9)}`, '9933');
    case 'PL':
      return byVat(`PL${digits(random, 10)}`, '9945', `KRS ${digits(random, 10)}`);
    case 'LT':
      return byVat(`LT${digits(random, 9)}`, '9937', digits(random, 9));
    default:
      // No national scheme known here: a GLN, which Peppol accepts from anywhere.
      return byVat(`${country}${digits(random, 9)}`, '0088');
  }
}

/** Companies of countries whose names and towns are not in plain Latin letters. */
export const localCompanies = [
  {
    name: 'Παπαδόπουλος Α.Ε.',
    domain: 'papadopoulos.example',
    address: { line1: 'Οδός Ερμού 25', city: 'Αθήνα', postalCode: '105 63', country: 'GR' },
  },
  {
    name: 'Łódzkie Zakłady Włókiennicze Sp. z o.o.',
    domain: 'lodzkie-zaklady.example',
    address: { line1: 'ul. Piotrkowska 104', city: 'Łódź', postalCode: '90-926', country: 'PL' },
  },
  {
    name: 'UAB „Šiaulių prekyba“',
    domain: 'siauliu-prekyba.example',
    address: { line1: 'Vilniaus g. 213', city: 'Šiauliai', postalCode: 'LT-76343', country: 'LT' },
  },
  {
    name: 'Οικονόμου & Σια Ο.Ε.',
    domain: 'oikonomou.example',
    address: {
      line1: 'Λεωφόρος Νίκης 12',
      city: 'Θεσσαλονίκη',
      postalCode: '546 24',
      country: 'GR',
    },
  },
  {
    name: 'Żabka Dystrybucja Gdańsk S.A.',
    domain: 'zabka-gdansk.example',
    address: { line1: 'ul. Długa 45', city: 'Gdańsk', postalCode: '80-827', country: 'PL' },
  },
] as const;

/** Every seventh customer from the fourth on is one of the local companies, while they last. */
export function localCompanyAt(index: number): (typeof localCompanies)[number] | undefined {
  return index % 7 === 3 ? localCompanies[(index - 3) / 7] : undefined;
}

/**
 * The e-invoicing fields of a customer: identifiers in its country, a buyer reference, and for
 * some, the UBL file beside the PDF in invoice e-mails. Every customer has a buyer reference,
 * those who quote purchase orders too: Peppol needs one of the two on every document, and a
 * credit note carries no purchase order number.
 */
export function buyerFieldsFor(
  random: Random,
  country: string,
  index: number,
): Pick<
  CustomerInput,
  'taxId' | 'registrationId' | 'electronicAddress' | 'buyerReference' | 'sendUbl'
> {
  const identity = identityIn(country, random);
  return {
    taxId: identity.vatId,
    registrationId: identity.registrationId,
    electronicAddress: identity.electronicAddress,
    buyerReference: `AP-${String(random.int(1000, 9999))}-${index + 1}`,
    // The second customer always does, so that even a small demo shows it.
    sendUbl: index === 1 || random.chance(0.15),
  };
}

/**
 * The words synthetic companies, people and invoice lines are made of. Plain lists, so that the
 * generator's output depends only on its seed.
 */
export const companyStems = [
  'Northwind', 'Bluebird', 'Cedar', 'Harbor', 'Summit', 'Granite', 'Silverline', 'Redwood', 'Lakeside', 'Ironbridge',
  'Meadow', 'Falcon', 'Beacon', 'Copperfield', 'Evergreen', 'Highland', 'Keystone', 'Larkspur', 'Maple', 'Oakridge',
  'Pinecrest', 'Riverside', 'Sterling', 'Thistle', 'Westbrook', 'Aurora', 'Brightwater', 'Crestview', 'Driftwood', 'Elmstead',
  'Foxglove', 'Goldcrest', 'Hawthorn', 'Juniper', 'Kestrel', 'Linden', 'Moorland', 'Nettlefield', 'Orchard', 'Quarry',
  'Rosewood', 'Saltmarsh', 'Tidewater', 'Upland', 'Valewood', 'Willow', 'Yarrow', 'Zephyr', 'Ashford', 'Birchwood',
] as const;

export const companyTrades = [
  'Logistics', 'Trading', 'Engineering', 'Foods', 'Interiors', 'Software', 'Print', 'Building Supplies', 'Dental', 'Outfitters',
  'Analytics', 'Hospitality', 'Motors', 'Pharmacy', 'Garden Centre', 'Architects', 'Marine', 'Textiles', 'Studios', 'Electrical',
] as const;

export const companySuffixes = ['Ltd', 'GmbH', 'SARL', 'BV', 'Inc.', 'LLC', 'AB', 'Oy', '& Co.', 'plc'] as const;

export const firstNames = [
  'Anna', 'Ben', 'Clara', 'David', 'Elena', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Karin', 'Lars', 'Mia', 'Noah',
  'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Ugo', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zoe', 'Amir', 'Bea', 'Chen',
  'Dara', 'Emil', 'Fiona', 'Goran', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena', 'Marco', 'Nina',
] as const;

export const lastNames = [
  'Andersen', 'Baker', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Horvat', 'Ivanova', 'Jansen', 'Kowalski',
  'Lambert', 'Moreau', 'Nowak', 'Okafor', 'Petrov', 'Quist', 'Rossi', 'Schmidt', 'Tanaka', 'Urban', 'Vogel', 'Weber',
  'Xu', 'Young', 'Zimmermann', 'Bauer', 'Conti', 'Dahl', 'Ekström',
] as const;

export const cities = [
  ['London', 'GB'], ['Manchester', 'GB'], ['Berlin', 'DE'], ['Hamburg', 'DE'], ['Paris', 'FR'], ['Lyon', 'FR'],
  ['Amsterdam', 'NL'], ['Rotterdam', 'NL'], ['Stockholm', 'SE'], ['Helsinki', 'FI'], ['Dublin', 'IE'], ['Vienna', 'AT'],
  ['Madrid', 'ES'], ['Milan', 'IT'], ['Brussels', 'BE'], ['Copenhagen', 'DK'],
] as const;

export const streets = ['High Street', 'Station Road', 'Market Square', 'Mill Lane', 'Church Street', 'Harbour Way', 'Park Avenue', 'King Street'] as const;

export const segments = ['enterprise', 'mid-market', 'smb', 'wholesale', 'public-sector'] as const;

/** What the demo company sells: a description, how it is counted, a typical unit price in cents and its tax rate. */
export interface CatalogueItem {
  readonly description: string;
  /** `hours` are quoted in half hours, `units` whole, `months` one at a time. */
  readonly unit: 'hours' | 'units' | 'months';
  readonly priceCents: number;
  readonly taxRate: '0' | '10' | '20';
}

export const catalogue: readonly CatalogueItem[] = [
  { description: 'Consulting (hours)', unit: 'hours', priceCents: 12_000, taxRate: '20' },
  { description: 'Senior consulting (hours)', unit: 'hours', priceCents: 18_500, taxRate: '20' },
  { description: 'On-site installation (hours)', unit: 'hours', priceCents: 9_500, taxRate: '20' },
  { description: 'Support plan, monthly', unit: 'months', priceCents: 49_900, taxRate: '20' },
  { description: 'Software licence, monthly', unit: 'months', priceCents: 129_000, taxRate: '20' },
  { description: 'Hosting, monthly', unit: 'months', priceCents: 21_000, taxRate: '20' },
  { description: 'Widget A-100', unit: 'units', priceCents: 2_450, taxRate: '20' },
  { description: 'Widget B-250', unit: 'units', priceCents: 7_800, taxRate: '20' },
  { description: 'Replacement filter set', unit: 'units', priceCents: 1_299, taxRate: '20' },
  { description: 'Printed catalogues (box of 50)', unit: 'units', priceCents: 8_900, taxRate: '10' },
  { description: 'Technical manuals', unit: 'units', priceCents: 3_500, taxRate: '10' },
  { description: 'Catering, per guest', unit: 'units', priceCents: 2_750, taxRate: '10' },
  { description: 'Training course seat', unit: 'units', priceCents: 65_000, taxRate: '0' },
  { description: 'Freight to EU destination', unit: 'units', priceCents: 14_500, taxRate: '0' },
  { description: 'Export shipment handling', unit: 'units', priceCents: 6_000, taxRate: '0' },
  { description: 'Medical supplies kit', unit: 'units', priceCents: 4_200, taxRate: '0' },
];

export const creditReasons = [
  'Damaged goods returned',
  'Price adjustment agreed with customer',
  'Service level credit',
  'Short delivery',
  'Billing error: hours over-charged',
] as const;

export const reversalReasons = ['Cheque bounced', 'Direct debit returned: insufficient funds', 'Card charge-back'] as const;

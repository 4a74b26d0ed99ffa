import type { ConfigPackage, Field } from '@mainline/model';

const label = (en: string) => ({ en, 'zh-CN': en });
const options = (...values: string[]) => values.map((value) => ({ value, label: label(value) }));

/** The 20 fields of the benchmarked `deal` object: every common type, `status` and `amount` indexed. */
const dealFields: Field[] = [
  { id: 'name', type: 'text', label: label('Name'), required: true },
  { id: 'status', type: 'choice', label: label('Status'), options: options('new', 'open', 'won', 'lost', 'stalled'), indexed: true },
  { id: 'amount', type: 'currency', label: label('Amount'), indexed: true },
  { id: 'closeDate', type: 'date', label: label('Close date') },
  { id: 'lastContactAt', type: 'datetime', label: label('Last contact') },
  { id: 'probability', type: 'percent', label: label('Probability') },
  { id: 'quantity', type: 'number', label: label('Quantity'), scale: 0, min: 0 },
  { id: 'priority', type: 'choice', label: label('Priority'), options: options('low', 'medium', 'high') },
  { id: 'isKey', type: 'boolean', label: label('Key deal') },
  { id: 'account', type: 'reference', label: label('Account'), target: 'account' },
  { id: 'email', type: 'email', label: label('E-mail') },
  { id: 'phone', type: 'phone', label: label('Phone') },
  { id: 'website', type: 'url', label: label('Website') },
  { id: 'region', type: 'choice', label: label('Region'), options: options('north', 'south', 'east', 'west') },
  { id: 'notes', type: 'longText', label: label('Notes') },
  { id: 'source', type: 'choice', label: label('Source'), options: options('web', 'referral', 'event', 'partner') },
  {
    id: 'discount',
    type: 'number',
    label: label('Discount %'),
    validations: [{ id: 'discountCap', expression: 'discount <= 50.0', message: label('At most 50 % discount.') }],
  },
  { id: 'renewalDate', type: 'date', label: label('Renewal date') },
  { id: 'tags', type: 'multiChoice', label: label('Tags'), options: options('upsell', 'renewal', 'strategic', 'public') },
  { id: 'code', type: 'text', label: label('Code'), maxLength: 20 },
];

/** The role the records benchmark's user holds. */
export const BENCH_ROLE = 'dealDesk';

/** The records benchmark's package: `deal` (20 fields) referencing a small `account`, and a list view whose sort gets an index. */
export function recordsBenchPackage(): ConfigPackage {
  return {
    id: 'recordsBench',
    name: label('Records bench'),
    objects: [
      { id: 'account', label: label('Account'), titleField: 'name', fields: [{ id: 'name', type: 'text', label: label('Name') }] },
      { id: 'deal', label: label('Deal'), titleField: 'name', fields: dealFields },
    ],
    // the bench user's role: every action on every record (the access benchmark measures rules)
    roles: [
      {
        id: BENCH_ROLE,
        label: label('Deal desk'),
        grants: ['account', 'deal'].map((object) => ({
          object,
          actions: { create: { scope: 'all' }, read: { scope: 'all' }, update: { scope: 'all' }, delete: { scope: 'all' }, export: { scope: 'all' }, import: { scope: 'all' } },
        })),
      },
    ],
    processes: [],
    views: [
      {
        id: 'openDeals',
        kind: 'list',
        object: 'deal',
        label: label('Open deals by close date'),
        columns: [{ field: 'name' }, { field: 'amount' }, { field: 'closeDate' }, { field: 'account' }],
        filter: 'status == "open"',
        sort: [{ field: 'closeDate', direction: 'desc' }],
      },
    ],
  };
}

/** Values in API form for the i-th created deal (every field), the same for createRecord and the plain INSERT. */
export function dealValues(i: number, accountId: string): Record<string, unknown> {
  return {
    name: `Created deal ${i}`,
    status: ['new', 'open', 'won', 'lost', 'stalled'][i % 5],
    amount: (i * 7919) % 2_000_000 / 100,
    closeDate: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    lastContactAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    probability: (i % 101) / 100,
    quantity: i % 500,
    priority: ['low', 'medium', 'high'][i % 3],
    isKey: i % 10 === 0,
    account: accountId,
    email: `buyer${i}@example.com`,
    phone: `+1 555 ${String(i % 10_000).padStart(4, '0')}`,
    website: `https://example.com/deals/${i}`,
    region: ['north', 'south', 'east', 'west'][i % 4],
    notes: `Notes for created deal ${i}`,
    source: ['web', 'referral', 'event', 'partner'][Math.floor(i / 7) % 4],
    discount: i % 30,
    renewalDate: `2027-${String(1 + (i % 12)).padStart(2, '0')}-15`,
    tags: i % 2 === 0 ? ['upsell'] : ['renewal', 'strategic'],
    code: `C-${i}`,
  };
}

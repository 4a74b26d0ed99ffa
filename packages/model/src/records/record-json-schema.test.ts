import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { BusinessObject } from '../generated/config.ts';
import { pascalCase, recordJsonSchema } from './record-json-schema.ts';

const deal: BusinessObject = {
  id: 'sales_deal',
  label: { en: 'Deal', 'zh-CN': '交易' },
  titleField: 'name',
  fields: [
    { id: 'name', type: 'text', label: { en: 'Name' }, required: true, maxLength: 80 },
    { id: 'stage', type: 'choice', label: { en: 'Stage' }, options: [{ value: 'open', label: { en: 'Open' } }, { value: 'won', label: { en: 'Won' } }] },
    { id: 'amount', type: 'currency', label: { en: 'Amount' }, min: 0 },
    { id: 'weighted', type: 'formula', label: { en: 'Weighted' }, expression: 'amount * 0.5', resultType: 'currency' },
  ],
};

describe('recordJsonSchema', () => {
  const schema = recordJsonSchema(deal);
  const validate = new Ajv2020({ strict: false }).compile(schema);

  it('accepts a well-formed record and nulls in optional fields', () => {
    expect(validate({ id: 'a', name: 'Big deal', stage: 'won', amount: 10, weighted: null })).toBe(true);
    expect(validate({ id: 'a', name: 'Big deal', stage: null })).toBe(true);
  });

  it('rejects wrong choice values, missing required fields and unknown fields', () => {
    expect(validate({ id: 'a', name: 'x', stage: 'lost' })).toBe(false);
    expect(validate({ id: 'a', stage: 'won' })).toBe(false);
    expect(validate({ id: 'a', name: 'x', colour: 'red' })).toBe(false);
    expect(validate({ id: 'a', name: 'x', amount: -1 })).toBe(false);
  });

  it('marks computed fields read-only and names the type after the object', () => {
    expect((schema.properties as Record<string, { readOnly?: boolean }>).weighted?.readOnly).toBe(true);
    expect(pascalCase('sales_deal')).toBe('SalesDeal');
  });
});

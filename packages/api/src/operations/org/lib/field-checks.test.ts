import { describe, expect, it } from 'vitest';
import { checkDisplayName, checkEmail, checkLocale, checkUnitCode, checkUnitName, checkUsername } from './field-checks.ts';

describe('field checks', () => {
  it('accepts plausible values', () => {
    expect(checkUnitCode('east-1.sales_team')).toBeUndefined();
    expect(checkUnitName('East', 'en')).toBeUndefined();
    expect(checkUnitName(undefined, 'zh-CN')).toBeUndefined();
    expect(checkUsername('li.na@east')).toBeUndefined();
    expect(checkDisplayName('Li Na')).toBeUndefined();
    expect(checkEmail('li.na@example.com')).toBeUndefined();
    expect(checkLocale('zh-CN')).toBeUndefined();
  });

  it('names what is wrong with a stable code', () => {
    expect(checkUnitCode('')?.code).toBe('org.unit.code-required');
    expect(checkUnitCode('east region')?.code).toBe('org.unit.invalid-code');
    expect(checkUnitName(' ', 'en')?.code).toBe('org.unit.name-required');
    expect(checkUnitName('x'.repeat(201), 'zh-CN')?.code).toBe('org.unit.name-too-long');
    expect(checkUsername('-li')?.code).toBe('org.user.invalid-username');
    expect(checkDisplayName('')?.code).toBe('org.user.display-name-required');
    for (const bad of ['li.na', 'li@', '@example.com', 'li na@example.com', 'li@example', 'li@@example.com']) expect(checkEmail(bad)?.code, bad).toBe('org.user.invalid-email');
    expect(checkLocale('fr')?.code).toBe('org.user.invalid-locale');
  });
});

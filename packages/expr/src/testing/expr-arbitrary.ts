import fc from 'fast-check';
import { DIFF_SCOPE, NUMBER_POOL, STRING_POOL, dateValue, stringValue } from './differential-rows.ts';

/** A CEL string literal for any well-formed string. */
export function celString(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch.charCodeAt(0) < 0x20) out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const fieldsOf = (type: string) => Object.keys(DIFF_SCOPE.fields).filter((f) => DIFF_SCOPE.fields[f] === type);

const strLiteral = fc.oneof(fc.constantFrom(...STRING_POOL), stringValue).map(celString);
const intLiteral = fc.oneof(fc.constantFrom(...NUMBER_POOL.filter(Number.isInteger)), fc.integer({ min: -300, max: 300 })).map(String);
const doubleLiteral = fc
  .oneof(fc.constantFrom(...NUMBER_POOL), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }))
  .map((x) => (Number.isInteger(x) ? `${x}.0` : String(x)))
  .filter((s) => !s.includes('e'));
const tsLiteral = dateValue.map((d) => `timestamp("${d.toISOString()}")`);
const smallInt = fc.integer({ min: -400, max: 400 }).map(String);

const strField = fc.constantFrom(...fieldsOf('string'), 'owner', 'orgUnit');
const strTerm: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: strField },
  { weight: 3, arbitrary: strLiteral },
  { weight: 1, arbitrary: fc.constantFrom('user.id', 'user.orgUnit', 'user.username') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('lower', 'upper', 'trim'), strField).map(([f, x]) => `${f}(${x})`) },
  { weight: 1, arbitrary: fc.tuple(strField, strLiteral).map(([x, d]) => `orElse(${x}, ${d})`) },
);

const numField = fc.constantFrom(...fieldsOf('double'), ...fieldsOf('int'));
const tsField = fc.constantFrom(...fieldsOf('timestamp'), 'createdAt');
const numTerm: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: numField },
  { weight: 2, arbitrary: intLiteral },
  { weight: 2, arbitrary: doubleLiteral },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.tuple(fc.constantFrom(...fieldsOf('double')), fc.oneof(intLiteral, doubleLiteral)),
      fc.tuple(fc.constantFrom(...fieldsOf('int')), intLiteral),
    ).map(([x, d]) => `orElse(${x}, ${d})`),
  },
  { weight: 1, arbitrary: fc.constantFrom('size(s)', 'size(tags)', 'size(user.roles)') },
  { weight: 1, arbitrary: fc.tuple(tsField, fc.constantFrom('now', 'today()', 'ts')).map(([a, b]) => `daysBetween(${a}, ${b})`) },
);

const tsBase = fc.oneof(tsField, fc.constantFrom('now', 'today()'), tsLiteral);
const tsTerm: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: tsBase },
  { weight: 1, arbitrary: fc.tuple(tsBase, smallInt).map(([t, k]) => `addDays(${t}, ${k})`) },
  { weight: 1, arbitrary: fc.tuple(tsBase, fc.integer({ min: -30, max: 30 })).map(([t, k]) => `addMonths(${t}, ${k})`) },
);

const boolTerm = fc.oneof(fc.constant('b'), fc.constantFrom('true', 'false'), fc.constantFrom('orElse(b, true)', 'orElse(b, false)'));
const listTerm = fc.constantFrom('tags', 'user.roles', 'user.units');
const relOp = fc.constantFrom('==', '!=', '<', '<=', '>', '>=');

const comparison = fc.oneof(
  fc.tuple(numTerm, relOp, numTerm),
  fc.tuple(strTerm, relOp, strTerm),
  fc.tuple(tsTerm, relOp, tsTerm),
  fc.tuple(boolTerm, relOp, boolTerm),
).map(([a, op, b]) => `${a} ${op} ${b}`);

const stringTest = fc
  .tuple(strTerm, fc.constantFrom('startsWith', 'endsWith', 'contains'), strTerm)
  .map(([s, m, arg]) => `${s}.${m}(${arg})`);

const membership = fc.oneof(
  fc.tuple(strTerm, fc.array(strLiteral, { minLength: 1, maxLength: 4 })).map(([x, l]) => `${x} in [${l.join(', ')}]`),
  fc.tuple(strTerm, fc.array(strTerm, { minLength: 1, maxLength: 3 })).map(([x, l]) => `${x} in [${l.join(', ')}]`),
  fc.tuple(numTerm, fc.array(intLiteral, { minLength: 1, maxLength: 4 })).map(([x, l]) => `${x} in [${l.join(', ')}]`),
  fc.tuple(numTerm, fc.array(doubleLiteral, { minLength: 1, maxLength: 4 })).map(([x, l]) => `${x} in [${l.join(', ')}]`),
  fc.tuple(strTerm, listTerm).map(([x, l]) => `${x} in ${l}`),
  fc.tuple(tsTerm, fc.array(tsLiteral, { minLength: 1, maxLength: 3 })).map(([x, l]) => `${x} in [${l.join(', ')}]`),
  fc.tuple(boolTerm, fc.array(fc.constantFrom('true', 'false'), { minLength: 1, maxLength: 2 })).map(([x, l]) => `${x} in [${l.join(', ')}]`),
);

const anyTerm = fc.oneof(strTerm, numTerm, tsTerm, boolTerm, listTerm);
const nullTest = fc.oneof(
  anyTerm.map((x) => `isNull(${x})`),
  anyTerm.map((x) => `${x} == null`),
  anyTerm.map((x) => `${x} != null`),
  strTerm.map((x) => `isBlank(${x})`),
);

const leaf = fc.oneof(
  { weight: 5, arbitrary: comparison },
  { weight: 2, arbitrary: stringTest },
  { weight: 2, arbitrary: membership },
  { weight: 2, arbitrary: nullTest },
  { weight: 1, arbitrary: fc.constantFrom('b', '!b') },
);

/** Random conditions in the SQL subset over DIFF_SCOPE, nested with &&, ||, ! and ?:. */
export const conditionArbitrary: fc.Arbitrary<string> = fc.letrec<{ cond: string }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.tuple(tie('cond'), tie('cond')).map(([a, b]) => `(${a}) && (${b})`) },
    { weight: 1, arbitrary: fc.tuple(tie('cond'), tie('cond')).map(([a, b]) => `(${a}) || (${b})`) },
    { weight: 1, arbitrary: tie('cond').map((a) => `!(${a})`) },
    {
      // a condition used as a bool value: NULL must not leak out of a comparison
      weight: 1,
      arbitrary: fc
        .tuple(tie('cond'), fc.constantFrom('==', '!='), fc.oneof(boolTerm, tie('cond')))
        .map(([a, op, b]) => `(${a}) ${op} (${b})`),
    },
    { weight: 1, arbitrary: fc.tuple(tie('cond'), tie('cond'), tie('cond')).map(([c, a, b]) => `(${c}) ? (${a}) : (${b})`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(tie('cond'), numField, fc.oneof(intLiteral, doubleLiteral), relOp, numTerm)
        .map(([c, x, y, op, z]) => `((${c}) ? ${x} : ${y}) ${op} ${z}`),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(tie('cond'), strField, relOp, strTerm).map(([c, x, op, z]) => `((${c}) ? ${x} : null) ${op} ${z}`),
    },
  ),
})).cond;

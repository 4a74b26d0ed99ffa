import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { bundleSchemas } from './bundle-schemas.ts';
import { diagnostic, pointerToken, type Diagnostic } from '../diagnostics/diagnostic.ts';

// ajv-formats is CommonJS: under NodeNext its function arrives as the namespace's `default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

let compiled: ValidateFunction | undefined;

/** The package validator, compiled once per process. */
function packageValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
    addFormats(ajv);
    compiled = ajv.compile(bundleSchemas());
  }
  return compiled;
}

/** Validates a package against the JSON Schema; one diagnostic per problem, each with its pointer. */
export function validateSchema(input: unknown): Diagnostic[] {
  const validate = packageValidator();
  if (validate(input)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of validate.errors ?? []) {
    const d = toDiagnostic(error);
    if (!d) continue;
    const key = `${d.path}|${d.code}|${d.message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function toDiagnostic(e: ErrorObject): Diagnostic | undefined {
  const p = e.params as Record<string, unknown>;
  const at = e.instancePath;
  switch (e.keyword) {
    case 'required':
      return diagnostic('schema.required', `${at}/${pointerToken(String(p.missingProperty))}`, `"${String(p.missingProperty)}" is required here.`, `此处缺少必填属性 "${String(p.missingProperty)}"。`);
    case 'additionalProperties':
      return diagnostic('schema.unknown-property', `${at}/${pointerToken(String(p.additionalProperty))}`, `"${String(p.additionalProperty)}" is not a known property here.`, `"${String(p.additionalProperty)}" 不是此处允许的属性。`);
    case 'unevaluatedProperties':
      return diagnostic('schema.unknown-property', `${at}/${pointerToken(String(p.unevaluatedProperty))}`, `"${String(p.unevaluatedProperty)}" is not a known property here.`, `"${String(p.unevaluatedProperty)}" 不是此处允许的属性。`);
    case 'type':
      return diagnostic('schema.type', at, `Expected ${String(p.type)}, found ${describe(e.data)}.`, `应为 ${zhType(String(p.type))}，实际为 ${describe(e.data)}。`);
    case 'enum':
      return diagnostic('schema.enum', at, `Must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`, `必须是以下之一：${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join('、')}。`);
    case 'const':
      return diagnostic('schema.enum', at, `Must be ${JSON.stringify(p.allowedValue)}.`, `必须是 ${JSON.stringify(p.allowedValue)}。`);
    case 'pattern':
      return diagnostic('schema.pattern', at, `${JSON.stringify(e.data)} does not have the expected form (${String(p.pattern)}).`, `${JSON.stringify(e.data)} 格式不正确（${String(p.pattern)}）。`);
    case 'format':
      return diagnostic('schema.format', at, `${JSON.stringify(e.data)} is not a valid ${String(p.format)}.`, `${JSON.stringify(e.data)} 不是有效的 ${String(p.format)}。`);
    case 'minLength':
    case 'maxLength':
      return diagnostic('schema.length', at, `Length must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${String(p.limit)} characters.`, `长度必须${e.keyword === 'minLength' ? '至少' : '最多'}为 ${String(p.limit)} 个字符。`);
    case 'minItems':
    case 'maxItems':
      return diagnostic('schema.items', at, `Must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)} items.`, `必须${e.keyword === 'minItems' ? '至少' : '最多'}有 ${String(p.limit)} 项。`);
    case 'minProperties':
      return diagnostic('schema.items', at, `Must have at least ${String(p.limit)} entries.`, `必须至少有 ${String(p.limit)} 个条目。`);
    case 'uniqueItems':
      return diagnostic('schema.unique-items', at, `Items ${String(p.j)} and ${String(p.i)} are the same.`, `第 ${String(p.j)} 项与第 ${String(p.i)} 项重复。`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return diagnostic('schema.range', at, `Must be ${String(p.comparison)} ${String(p.limit)}.`, `必须 ${String(p.comparison)} ${String(p.limit)}。`);
    case 'discriminator':
      return p.error === 'mapping'
        ? diagnostic('schema.enum', `${at}/${pointerToken(String(p.tag))}`, `Unknown ${String(p.tag)} ${JSON.stringify(p.tagValue)}.`, `未知的 ${String(p.tag)}：${JSON.stringify(p.tagValue)}。`)
        : diagnostic('schema.required', `${at}/${pointerToken(String(p.tag))}`, `"${String(p.tag)}" is required and must be a string.`, `必须提供字符串类型的 "${String(p.tag)}"。`);
    case 'propertyNames':
      return undefined; // reported by the nested pattern error on the offending name
    case 'oneOf':
    case 'allOf':
    case 'if':
      return undefined; // the branch errors say what is wrong
    default:
      return diagnostic('schema.invalid', at, e.message ?? 'Invalid value.', '取值无效。');
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const zhTypes: Record<string, string> = { string: '字符串', number: '数字', integer: '整数', boolean: '布尔值', object: '对象', array: '数组', null: 'null' };
function zhType(type: string): string {
  return type.split(',').map((t) => zhTypes[t] ?? t).join('或');
}

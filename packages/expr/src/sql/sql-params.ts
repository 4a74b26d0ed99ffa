import { startOfUtcDay } from '../library/dates.ts';
import type { ExprVars, SqlParam } from '../types.ts';

/** Collects parameters; values are never written into the SQL text. */
export class SqlParams {
  readonly params: SqlParam[] = [];
  readonly #first: number;
  readonly #vars = new Map<string, string>();

  constructor(firstParam: number) {
    this.#first = firstParam;
  }

  value(value: unknown, pgType: string): string {
    this.params.push({ kind: 'value', value });
    return `$${this.#first + this.params.length - 1}::${pgType}`;
  }

  /** A run-time variable; the same variable always gets the same placeholder. */
  variable(path: string[], pgType: string): string {
    const key = path.join('.');
    const known = this.#vars.get(key);
    if (known) return known;
    this.params.push({ kind: 'var', path });
    const placeholder = `$${this.#first + this.params.length - 1}::${pgType}`;
    this.#vars.set(key, placeholder);
    return placeholder;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function toDriverValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(toDriverValue);
  return v === undefined ? null : v;
}

/** The values for the placeholders of a CompiledSql, for pg / PGlite. `today` is derived from `now`. */
export function bindSqlParams(params: SqlParam[], vars: Omit<ExprVars, 'record'>): unknown[] {
  let now: Date | undefined;
  const clock = () => (now ??= vars.now ?? new Date());
  return params.map((p) => {
    if (p.kind === 'value') return toDriverValue(p.value);
    const [head, field] = p.path;
    switch (head) {
      case 'now':
        return clock();
      case 'today':
        return startOfUtcDay(clock());
      case 'user': {
        const user = vars.user as Record<string, unknown> | undefined;
        return field === undefined || !user ? null : toDriverValue(user[field]);
      }
      default:
        throw new Error(`unknown SQL variable ${p.path.join('.')}`);
    }
  });
}

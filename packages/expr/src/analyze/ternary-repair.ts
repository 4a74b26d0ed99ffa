import type { CelEvaluator, CelMacro, CelNode, CelTypeDecl } from './cel-ast.ts';

/*
 * CEL wants both branches of `c ? a : b` to have one type, but analysts write
 * `stage == "won" ? amount : 0` (double and int) and `x ? amount : null`.
 * When cel-js reports such a ternary, we retype a branch in place and check again:
 * an int literal becomes a double literal, another int branch is converted to double when it
 * is evaluated, and a null literal takes the other branch's type.
 */
export function repairTernary(error: unknown): boolean {
  const e = error as { code?: unknown; node?: unknown };
  if (e.code !== 'incompatible_ternary_branches') return false;
  const node = e.node as CelNode | undefined;
  if (node?.op !== '?:') return false;
  const [, a, b] = node.args as [CelNode, CelNode, CelNode];
  const ta = a.checkedType;
  const tb = b.checkedType;
  if (!ta || !tb) return false;
  return retype(a, ta, tb) || retype(b, tb, ta);
}

/** A node we retyped keeps its syntax: the SQL compiler translates it as written. */
export function isRetyped(node: CelNode): boolean {
  return node.meta.macro?.retype !== undefined;
}

function retype(branch: CelNode, own: CelTypeDecl, other: CelTypeDecl): boolean {
  if (own.name === 'null' && other.name !== 'null' && branch.op === 'value' && branch.args === null) {
    const macro: CelMacro = { retype: 'typed-null', typeCheck: () => other, evaluate: () => null };
    branch.setMeta('macro', macro);
    delete branch.checkedType;
    return true;
  }
  if (own.name !== 'int' || other.name !== 'double') return false;
  const literal = branch.op === '-_' ? (branch.args as CelNode) : branch;
  if (literal.op === 'value' && typeof literal.args === 'bigint') {
    literal.args = Number(literal.args);
    delete literal.checkedType;
    delete branch.checkedType;
    return true;
  }
  if (branch.meta.alternate || branch.meta.macro) return false;
  const inner = branch.clone({ name: branch.op, check: branch.meta.check, evaluate: branch.meta.evaluate }, branch.args);
  const macro: CelMacro = {
    retype: 'int-to-double',
    args: [inner],
    typeCheck: (checker, _m, ctx) => {
      (checker as { check(n: CelNode, ctx: unknown): unknown }).check(inner, ctx);
      return other;
    },
    evaluate: (ev: CelEvaluator, _m, ctx) => {
      const v = ev.run(inner, ctx);
      return typeof v === 'bigint' ? Number(v) : v;
    },
  };
  branch.setMeta('macro', macro);
  delete branch.checkedType;
  return true;
}

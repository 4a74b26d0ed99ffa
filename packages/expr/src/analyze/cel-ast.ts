/*
 * The parts of cel-js's AST we rely on beyond its published .d.ts (checked against
 * @marcbachmann/cel-js 8, lib/parser.js, lib/operators.js and lib/registry.js):
 * - type checking caches the type on each node as `checkedType`;
 * - an ASTNode dispatches through its own `evaluate(ev, node, ctx)` property, so assigning it
 *   replaces how that node evaluates;
 * - macros (all, exists, map, …) keep the call node and evaluate `meta.alternate`
 *   (a 'comprehension' node) or `meta.macro`;
 * - type checking stores the chosen overload's handler on `handle`.
 */
export interface CelTypeDecl {
  readonly name: string;
  readonly kind: string;
  readonly type: string;
  readonly hasDynType: boolean;
  readonly valueType?: CelTypeDecl;
}

export interface CelEvaluator {
  run(node: CelNode, ctx: unknown): unknown;
}

export type EvaluateFn = (ev: CelEvaluator, node: CelNode, ctx: unknown) => unknown;

export interface CelMacro {
  /** Set on the macros we add ourselves (see ternary-repair.ts). */
  readonly retype?: 'int-to-double' | 'typed-null';
  readonly args?: unknown;
  readonly val?: unknown;
  readonly exp?: unknown;
  readonly var?: unknown;
  typeCheck?: (checker: unknown, macro: CelMacro, ctx: unknown) => unknown;
  evaluate(ev: CelEvaluator, macro: CelMacro, ctx: unknown): unknown;
}

export interface ComprehensionArgs {
  kind?: string;
  iterable: CelNode;
  iterVarName: string;
  init: CelNode;
  step: CelNode;
}

export interface CelNode {
  readonly op: string;
  args: unknown;
  readonly start: number;
  readonly end: number;
  checkedType?: CelTypeDecl;
  handle?: (...args: unknown[]) => unknown;
  receiverWithArgs?: CelNode[];
  evaluate: EvaluateFn;
  readonly meta: {
    readonly alternate?: CelNode;
    readonly macro?: CelMacro;
    readonly evaluate: EvaluateFn;
    readonly check: unknown;
  };
  setMeta(key: string, value: unknown): CelNode;
  clone(op: { name: string; check: unknown; evaluate: EvaluateFn }, args: unknown): CelNode;
}

export function isCelNode(v: unknown): v is CelNode {
  return typeof v === 'object' && v !== null && 'op' in v && 'meta' in v;
}

/** Children in source order, as written (macros are seen as the call the user wrote). */
export function surfaceChildren(node: CelNode): CelNode[] {
  const a = node.args;
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [(a as [CelNode, string])[0]];
    case 'call':
      return (a as [string, CelNode[]])[1];
    case 'rcall': {
      const [, receiver, args] = a as [string, CelNode, CelNode[]];
      return [receiver, ...args];
    }
    case 'map':
      return (a as Array<[CelNode, CelNode]>).flat();
    case '!_':
    case '-_':
      return [a as CelNode];
    default:
      return Array.isArray(a) ? a.filter(isCelNode) : [];
  }
}

export function binaryArgs(node: CelNode): [CelNode, CelNode] {
  return node.args as [CelNode, CelNode];
}

export function callName(node: CelNode): string {
  return (node.args as [string])[0];
}

export function callArgs(node: CelNode): CelNode[] {
  return node.op === 'call' ? (node.args as [string, CelNode[]])[1] : (node.args as [string, CelNode, CelNode[]])[2];
}

export function receiverOf(node: CelNode): CelNode {
  return (node.args as [string, CelNode])[1];
}

export function isComprehensionMacro(node: CelNode): boolean {
  return node.meta.alternate?.op === 'comprehension';
}

export function isBindMacro(node: CelNode): boolean {
  return node.op === 'rcall' && callName(node) === 'bind' && node.meta.macro !== undefined;
}

/** The evaluate function the node had before we replaced it (its prototype resolves it lazily). */
export function originalEvaluate(node: CelNode): EvaluateFn {
  const meta = node.meta;
  const alternate = meta.alternate;
  if (alternate) return (ev, _n, ctx) => alternate.evaluate(ev, alternate, ctx);
  const macro = meta.macro;
  if (macro) return (ev, _n, ctx) => macro.evaluate(ev, macro, ctx);
  return meta.evaluate;
}

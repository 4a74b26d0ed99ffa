/** The cost budget of one expression. See README "Cost budget". */
export const EXPR_LIMITS = Object.freeze({
  maxSourceLength: 4000,
  /** cel-js parser limits */
  maxAstNodes: 2000,
  maxDepth: 40,
  maxListElements: 500,
  maxMapEntries: 100,
  maxCallArguments: 10,
  /** Nesting of comprehension macros (all, exists, exists_one, map, filter) and cel.bind. */
  maxComprehensionNesting: 2,
  /** Comprehension iterations plus list elements built by `+`, per evaluation. */
  maxEvaluationSteps: 10_000,
  maxRegexLength: 200,
});

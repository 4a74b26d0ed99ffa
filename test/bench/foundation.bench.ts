import { compileExpr, createExprEnv } from '@mainline/expr';
import { checkProcessGraphs, validatePackage, validateSchema } from '@mainline/model';
import { largePackage } from '../fixtures/large-package.ts';
import { measure, ms, row, throughput } from './measure.ts';

/** Issue 2: validation of a 100 × 100 package with a 1,000-node process, and CEL throughput. */
export function benchFoundation(): void {
  console.log('\nFoundation — validation and expressions');
  const pkg = largePackage({ objects: 100, fields: 100, processNodes: 1000 });
  const nodeCount = pkg.processes[0]!.nodes.length;
  console.log(`  package: ${pkg.objects.length} objects × ${pkg.objects[0]!.fields.length} fields, process of ${nodeCount} nodes`);

  const coldStart = performance.now();
  const first = validatePackage(pkg);
  row('full validation, first call (compiles ajv, builds CEL envs)', ms(performance.now() - coldStart));
  if (!first.valid) throw new Error(`benchmark package is invalid: ${JSON.stringify(first.diagnostics.slice(0, 3))}`);

  // a fresh salt per run: no expression text repeats, so the expression-check cache cannot flatter the figure
  const fresh = Array.from({ length: 18 }, (_, salt) => largePackage({ objects: 100, fields: 100, processNodes: 1000, salt: salt + 1 }));
  let run = 0;
  const full = measure(() => validatePackage(fresh[run++]!), { runs: 15 });
  row('full validation, new expression texts (median of 15)', ms(full.median), `goal < 200 ms  p95 ${ms(full.p95)}`);
  const same = measure(() => validatePackage(pkg), { runs: 15 });
  row('full validation, package unchanged (median of 15)', ms(same.median), `the studio's re-validation`);
  const schemaOnly = measure(() => validateSchema(pkg), { runs: 15 });
  row('  of which JSON Schema alone (median)', ms(schemaOnly.median), `ratio full/schema ${(full.median / schemaOnly.median).toFixed(1)}×`);
  const graphs = measure(() => checkProcessGraphs(pkg), { runs: 30 });
  row(`process-graph checks alone, ${nodeCount} nodes (median of 30)`, ms(graphs.median), `goal < 50 ms  p95 ${ms(graphs.p95)}`);

  const env = createExprEnv({ fields: { amount: 'double', stage: 'string', closeDate: 'timestamp' } });
  const condition = compileExpr(env, 'amount > 1000 && stage == "won"');
  const records = Array.from({ length: 1024 }, (_, i) => ({ amount: i * 3.5, stage: i % 3 === 0 ? 'won' : 'open', closeDate: null }));
  let hits = 0;
  const cel = throughput((i) => {
    if (condition.evaluate({ record: records[i & 1023]! })) hits++;
  });
  const handWritten = throughput((i) => {
    const r = records[i & 1023]!;
    if (r.amount > 1000 && r.stage === 'won') hits++;
  });
  row('CEL compiled condition, evaluations/s', `${Math.round(cel).toLocaleString('en')}`, `goal ≥ 1,000,000/s`);
  row('  same condition as hand-written JS, evaluations/s', `${Math.round(handWritten).toLocaleString('en')}`, `CEL at ${((cel / handWritten) * 100).toFixed(1)} % of it`);
  if (hits < 0) console.log(hits); // keeps the loops from being optimised away
}

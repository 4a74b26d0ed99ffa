import type { ActiveVersion } from '@mainline/db';
import { pointer, type Process } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { OperationError, type Problem } from '../../../errors.ts';
import { callerLocale } from '../../records/lib/prepare-write.ts';
import { versionById } from '../../records/lib/version-in-force.ts';

export interface MigrateInstancesInput {
  /** The process id. */
  process: string;
  /** The version its running instances are on. */
  from: number;
  /** The version they move to. */
  to: number;
  /** Renamed or replaced nodes: node of `from` → node of `to`. */
  map?: Record<string, string>;
  /**
   * Instances whose active nodes cannot all be mapped: `keep` them on `from` (the default; they
   * finish there), `cancel` them, or `restart` them at `restartAt` in `to`.
   */
  unmapped?: 'keep' | 'cancel' | 'restart';
  /** The node of `to` that `unmapped: restart` starts them at again. */
  restartAt?: string;
  /** Report what would happen; change nothing. */
  dryRun?: boolean;
}

/** A checked migration request: both definitions, the map, what happens to the rest. */
export interface MigrationRequest {
  processId: string;
  from: ActiveVersion;
  to: ActiveVersion;
  source: Process;
  target: Process;
  map: Record<string, string>;
  unmapped: 'keep' | 'cancel' | 'restart';
  restartAt: string | null;
  dryRun: boolean;
}

/** Checks the request against both versions: 404 for a version that does not exist, 422 with pointers for everything else; nothing is read from the instances yet. */
export async function migrationRequest(ctx: OperationContext, input: MigrateInstancesInput): Promise<MigrationRequest> {
  const zh = callerLocale(ctx) === 'zh-CN';
  const problems: Problem[] = [];
  const problem = (at: string, code: string, en: string, chinese: string) => problems.push({ pointer: at, code, message: zh ? chinese : en });
  for (const key of ['from', 'to'] as const) {
    if (!Number.isInteger(input[key]) || input[key] < 1) problem(`/${key}`, 'process.migration.version', `"${key}" must be a version number (1, 2, …).`, `"${key}" 必须是版本号（1、2……）。`);
  }
  if (problems.length > 0) throw invalid(problems, zh);
  if (input.from === input.to) throw invalid([{ pointer: '/to', code: 'process.migration.same-version', message: zh ? `实例已在版本 ${input.from} 上。` : `The instances are on version ${input.from} already.` }], zh);
  const [from, to] = [await versionById(ctx, input.from), await versionById(ctx, input.to)];
  const source = from.package.processes?.find((p) => p.id === input.process);
  const target = to.package.processes?.find((p) => p.id === input.process);
  if (!source) problem('/process', 'process.migration.process-unknown', `Version ${from.id} has no process "${input.process}".`, `版本 ${from.id} 中没有流程 "${input.process}"。`);
  if (!target) problem('/process', 'process.migration.process-unknown', `Version ${to.id} has no process "${input.process}".`, `版本 ${to.id} 中没有流程 "${input.process}"。`);
  if (!source || !target) throw invalid(problems, zh);
  if (source.object !== target.object) {
    problem(
      '/to',
      'process.migration.object-changed',
      `The process runs on "${source.object}" in version ${from.id} and on "${target.object}" in version ${to.id}; its instances cannot move.`,
      `该流程在版本 ${from.id} 中作用于 "${source.object}"，在版本 ${to.id} 中作用于 "${target.object}"，其实例无法迁移。`,
    );
  }
  const map = input.map ?? {};
  for (const [old, next] of Object.entries(map)) {
    if (!source.nodes.some((n) => n.id === old)) problem(pointer('map', old), 'process.migration.map-unknown-node', `Version ${from.id}'s process has no node "${old}" to map.`, `版本 ${from.id} 的流程中没有可映射的节点 "${old}"。`);
    else if (!target.nodes.some((n) => n.id === next)) problem(pointer('map', old), 'process.migration.map-unknown-node', `Version ${to.id}'s process has no node "${next}" to map "${old}" to.`, `版本 ${to.id} 的流程中没有节点 "${next}"，无法将 "${old}" 映射过去。`);
  }
  const unmapped = input.unmapped ?? 'keep';
  const restartAt = input.restartAt ?? null;
  if (unmapped === 'restart' && restartAt === null) problem('/restartAt', 'process.migration.restart-node', 'Name the node of the new version to restart the unmapped instances at.', '请指定新版本中用于重启未映射实例的节点。');
  if (restartAt !== null && unmapped !== 'restart') problem('/restartAt', 'process.migration.restart-node', '"restartAt" goes with unmapped: "restart".', '"restartAt" 只与 unmapped: "restart" 一起使用。');
  if (restartAt !== null && !target.nodes.some((n) => n.id === restartAt)) problem('/restartAt', 'process.migration.restart-node', `Version ${to.id}'s process has no node "${restartAt}".`, `版本 ${to.id} 的流程中没有节点 "${restartAt}"。`);
  if (problems.length > 0) throw invalid(problems, zh);
  return { processId: input.process, from, to, source, target, map, unmapped, restartAt, dryRun: input.dryRun === true };
}

function invalid(problems: Problem[], zh: boolean): OperationError {
  const summary = zh ? `迁移有 ${problems.length} 个问题。` : `The migration has ${problems.length} problems.`;
  return new OperationError(422, 'process.migration.invalid', problems.length === 1 ? problems[0]!.message : summary, problems);
}


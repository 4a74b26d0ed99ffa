/**
 * Graph helpers shared by the checks. Graphs are given as adjacency lists over node indexes
 * 0 … n-1; every algorithm is iterative (no recursion depth limit) and linear in nodes + edges.
 */

export type Adjacency = readonly (readonly number[])[];

/**
 * Strongly connected components (Tarjan), each as a list of node indexes. Only components that
 * contain a cycle are returned: more than one node, or one node with an edge to itself.
 */
export function cyclicComponents(adjacency: Adjacency): number[][] {
  const n = adjacency.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  // explicit call stack: node and position in its adjacency list
  const callNode: number[] = [];
  const callPos: number[] = [];

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    callNode.push(root);
    callPos.push(0);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top]!;
      const successors = adjacency[v] ?? [];
      const pos = callPos[top]!;
      if (pos < successors.length) {
        callPos[top] = pos + 1;
        const w = successors[pos]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callPos.push(0);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      callNode.pop();
      callPos.pop();
      if (callNode.length > 0) {
        const parent = callNode[callNode.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || successors.includes(v)) result.push(component.sort((a, b) => a - b));
      }
    }
  }
  return result;
}

/**
 * A cycle through `start` that stays inside `members` (a strongly connected component), as the
 * list of nodes from `start` back to just before `start` again. Breadth-first, so it is a shortest one.
 */
export function cycleThrough(adjacency: Adjacency, members: readonly number[], start: number): number[] {
  const inside = new Set(members);
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of adjacency[v] ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        let at = v;
        while (at !== start) {
          at = parent.get(at)!;
          path.push(at);
        }
        return path.reverse();
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** Nodes reachable from `roots` (including them), as a 0/1 mark per node. */
export function reachable(adjacency: Adjacency, roots: readonly number[]): Uint8Array {
  const seen = new Uint8Array(adjacency.length);
  const stack: number[] = [];
  for (const r of roots) {
    if (!seen[r]) {
      seen[r] = 1;
      stack.push(r);
    }
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of adjacency[v] ?? []) {
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  return seen;
}

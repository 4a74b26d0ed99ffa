/* eslint-disable @typescript-eslint/no-explicit-any -- cel-js calls handlers with CEL values */
export interface LibraryOverload {
  /** In our type names, e.g. 'addDays(timestamp, int): timestamp'. */
  signature: string;
  handler: (...args: any[]) => unknown;
}

export interface LibraryFunction {
  name: string;
  description: string;
  params: string[];
  overloads: LibraryOverload[];
  /** Receives null arguments; other functions return null (or false when they return bool) for a null argument. */
  nullAware?: boolean;
  /** Can be compiled to SQL. */
  sql?: boolean;
}

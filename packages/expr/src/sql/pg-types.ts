/** The PostgreSQL type of a parameter holding a value of a cel-js type, or undefined if none fits. */
export function pgTypeOf(celJsType: string | undefined): string | undefined {
  switch (celJsType) {
    case 'string':
      return 'text';
    case 'int':
      return 'bigint';
    case 'double':
      return 'double precision';
    case 'bool':
      return 'boolean';
    case 'google.protobuf.Timestamp':
      return 'timestamptz';
    case 'list<string>':
      return 'text[]';
    case 'list<int>':
      return 'bigint[]';
    case 'list<double>':
      return 'double precision[]';
    case 'list<bool>':
      return 'boolean[]';
    case 'list<google.protobuf.Timestamp>':
      return 'timestamptz[]';
    default:
      return undefined;
  }
}

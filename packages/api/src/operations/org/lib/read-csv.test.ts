import { describe, expect, it } from 'vitest';
import { readCsv } from './read-csv.ts';

const columns = ['code', 'parent_code', 'name_en', 'name_zh'] as const;

describe('readCsv', () => {
  it('reads rows by header name in any order and case, numbering rows as a spreadsheet does', () => {
    const table = readCsv('\ufeffName_EN, code ,parent_code,name_zh\r\n Head office ,hq,,总部\r\n\r\n"East, the region","east",hq\r\n', columns);
    expect(table.errors).toEqual([]);
    expect(table.rows).toEqual([
      { row: 2, values: { name_en: 'Head office', code: 'hq', parent_code: '', name_zh: '总部' } },
      { row: 4, values: { name_en: 'East, the region', code: 'east', parent_code: 'hq', name_zh: '' } },
    ]);
  });

  it('counts a value spanning lines as one row', () => {
    const table = readCsv('code,parent_code,name_en,name_zh\na,,"two\nlines",\nb,a,B,\n', columns);
    expect(table.rows.map((r) => [r.row, r.values.code])).toEqual([
      [2, 'a'],
      [3, 'b'],
    ]);
  });

  it('reports missing, unknown and repeated columns on row 1', () => {
    const table = readCsv('code,name,code\nx,y,z\n', columns);
    expect(table.errors.map((e) => `${e.row} ${e.column} ${e.code}`)).toEqual([
      '1 parent_code org.import.missing-column',
      '1 name_en org.import.missing-column',
      '1 name_zh org.import.missing-column',
      '1 name org.import.unknown-column',
      '1 code org.import.duplicate-column',
    ]);
    expect(table.rows).toEqual([]);
  });

  it('reports a row with too many values, and broken quoting with its row', () => {
    expect(readCsv('code,parent_code,name_en,name_zh\na,,A,,extra\n', columns).errors).toMatchObject([{ row: 2, code: 'org.import.column-count' }]);
    expect(readCsv('code,parent_code,name_en,name_zh\na,,A,\nb,,"B,\n', columns).errors).toMatchObject([{ row: 3, column: '', code: 'org.import.csv-syntax' }]);
  });

  it('reports an empty file as missing every column', () => {
    expect(readCsv('', columns).errors.map((e) => e.code)).toEqual(Array(4).fill('org.import.missing-column'));
  });
});

export { importRecords } from './import-records.ts';
export type { CsvSource, ImportError, ImportProgress, ImportRecordsInput, ImportReport as RecordImportReport } from './import-types.ts';

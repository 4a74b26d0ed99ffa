export { importRecords } from './import-records.ts';
export type { CsvSource, ImportError, ImportProgress, ImportRecordsInput, ImportReport as RecordImportReport } from './import-types.ts';
export { getImportJob, startImportJob, type ImportJob, type StartImportJobInput } from './import-jobs.ts';

export { exportRecords, type ExportRecordsInput } from './export-records.ts';

export { listRecords, type ListRecordsInput } from './list-records.ts';
export { getRecord, type GetRecordInput } from './get-record.ts';
export { listRelated, type ListRelatedInput } from './list-related.ts';
export { searchRecords, type SearchRecordsInput, type SearchHit } from './search-records.ts';
export { aggregateRecords, type AggregateRecordsInput, type AggregateResult, type AggregateGroup, type AggregateFunction, type Measure } from './aggregate-records.ts';
export type { ListOptions, RecordPage } from './lib/list-query.ts';
export type { SortInput } from './lib/sort-spec.ts';
export type { TotalCount } from './lib/total-count.ts';

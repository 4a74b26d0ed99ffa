/**
 * Enqueuing a job NOTIFYs this channel in the enqueuing transaction, so workers in every server
 * process wake up when it commits instead of at their next poll.
 */
export const JOBS_CHANNEL = 'mainline_jobs';

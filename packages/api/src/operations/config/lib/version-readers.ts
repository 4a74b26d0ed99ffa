/**
 * Who may read published versions (list, one version with its package, diffs): analysts who edit
 * drafts compare them with what is in force, publishers decide what to roll out; `admin` holds both.
 */
export const versionReaders = ['editDrafts', 'publish'] as const;

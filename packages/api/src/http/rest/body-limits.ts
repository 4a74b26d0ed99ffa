/** Bodies larger than Fastify's default 1 MiB that some routes take. */

/** A configuration package (the starter templates are 100–200 KB). */
export const packageBodyLimit = 8 * 1024 * 1024;

/** A CSV import of up to 20,000 rows. */
export const csvBodyLimit = 16 * 1024 * 1024;

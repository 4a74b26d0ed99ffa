import type { Database } from '@mainline/db';
import type { CookiePolicy } from '../session-cookies.ts';

/** What every REST plugin under /api/v1 is registered with. */
export interface RestOptions {
  database: Database;
  cookies: CookiePolicy;
}

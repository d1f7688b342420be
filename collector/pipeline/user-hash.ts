import { createHmac } from 'node:crypto';

/**
 * Pseudonymises an app's user id with HMAC-SHA256. The whole versioned key
 * (`v1:secret`) is the HMAC key, so rotating to `v2:…` changes every hash on
 * purpose; the app id is part of the message so one person's hashes cannot be
 * joined across tenants. Returns '' when no user id was sent.
 */
export const userHash = (userKey: string, app: string, userId: string | undefined): string => {
  if (userId === undefined || userId === '') return '';
  return createHmac('sha256', userKey).update(app).update('\u0000').update(userId).digest('hex');
};

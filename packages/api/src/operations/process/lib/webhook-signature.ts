import { createHmac } from 'node:crypto';

/**
 * The `Mainline-Signature` header of a delivery: `v1=` and the hex HMAC-SHA256, keyed with the
 * secret, of the timestamp (unix seconds, as sent in `Mainline-Timestamp`), a dot, and the body
 * exactly as sent. The timestamp is signed so that a captured request cannot be replayed later
 * than the receiver's window (docs/webhooks.md).
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookSignature } from '../../packages/api/src/operations/process/lib/webhook-signature.ts';

/** One request the receiver got: what identifies the delivery, and whether it was signed right. */
export interface ReceivedWebhook {
  idempotencyKey: string | undefined;
  /** The body's `id` (the delivery's id; the Idempotency-Key should equal it). */
  id: string;
  instance: string;
  node: string;
  recordId: string;
  payload: Record<string, unknown>;
  signed: boolean;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /**
   * Leaves the next request unanswered — the sender's job stays running, as if the receiver were
   * slow — and resolves with it once it has arrived (the body read, the answer withheld).
   */
  holdNext(): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

/**
 * An HTTP receiver on 127.0.0.1 that records every delivery and answers 200 at once (unless told
 * to hold one), checking each signature with `secret` as docs/webhooks.md tells integrators to.
 */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const held: ServerResponse[] = [];
  let hold: ((delivery: ReceivedWebhook) => void) | null = null;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as { id: string; instance: string; node: string; record: { id: string }; payload: Record<string, unknown> };
      const timestamp = Number(request.headers['mainline-timestamp']);
      const delivery: ReceivedWebhook = {
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        id: body.id,
        instance: body.instance,
        node: body.node,
        recordId: body.record.id,
        payload: body.payload,
        signed: request.headers['mainline-signature'] === webhookSignature(secret, timestamp, raw),
      };
      received.push(delivery);
      if (hold) {
        const resolve = hold;
        hold = null;
        held.push(response);
        resolve(delivery);
        return;
      }
      response.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    holdNext: () => new Promise((resolve) => (hold = resolve)),
    async close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

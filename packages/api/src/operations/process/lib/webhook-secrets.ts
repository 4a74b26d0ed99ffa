import { WebhookError } from './webhook-error.ts';

/** Where the server reads secrets from: `process.env` unless a test says otherwise. */
export type SecretSource = Readonly<Record<string, string | undefined>>;

/**
 * The environment variable holding a webhook step's secret: `MAINLINE_WEBHOOK_SECRET_<NAME>` for a
 * step that names one (`ERP` → `MAINLINE_WEBHOOK_SECRET_ERP`), the server's default
 * `MAINLINE_WEBHOOK_SECRET` for a step that names none. The prefix keeps a configuration from
 * signing with any other variable of the server (its database URL, say).
 */
export function webhookSecretVariable(name: string | null): string {
  return name ? `MAINLINE_WEBHOOK_SECRET_${name.toUpperCase()}` : 'MAINLINE_WEBHOOK_SECRET';
}

/** The secret's value; a missing or empty one is a permanent failure: a delivery is never sent unsigned. */
export function resolveWebhookSecret(name: string | null, source: SecretSource): string {
  const variable = webhookSecretVariable(name);
  const value = source[variable];
  if (!value) {
    const what = name ? `the secret "${name}"` : 'a step without a secret (the default one)';
    throw new WebhookError('webhook.secret-missing', `no value for ${what}: set ${variable} in the server's environment, restart it, then retry the incident`, true);
  }
  return value;
}

export interface Localized {
  en: string;
  'zh-CN': string;
}

/**
 * An expected refusal of the publish pipeline (stale plan, unsafe step, nothing to roll back).
 * `code` is stable and documented in docs/publishing.md; the API turns it into an OperationError.
 */
export class PublishError extends Error {
  constructor(
    readonly code: string,
    readonly status: 404 | 409 | 422,
    readonly messages: Localized,
    readonly details: Record<string, unknown> = {},
  ) {
    super(messages.en);
    this.name = 'PublishError';
  }
}

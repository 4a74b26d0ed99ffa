// Completes a user's tasks over REST the way a client would: it lists the inbox
// (GET /api/v1/tasks?view=mine), completes each task (POST /api/v1/tasks/{id}/complete) with a
// number of callers at once, lists again as tasks run out, and stops when the inbox stays empty —
// or when the server goes away under it (a request fails without an answer).

const LIST_LIMIT = 200;

export type RunEnd = 'done' | 'server-gone';

export interface TaskDriverOptions {
  /** The bearer token of the user whose tasks are completed. */
  token: string;
  /** Completions in flight at once. */
  concurrency: number;
  /** The outcome every task is completed with. */
  outcome: string;
  /** Called after each answered completion with the number completed so far. */
  onCompleted?: (completed: number) => void;
}

export class TaskDriver {
  /** Completions answered 200. */
  completed = 0;
  /** Requests (completions and lists) that failed without an answer: the server was gone. */
  connectionErrors = 0;
  /** Completions whose request failed without an answer: committed or not, the client cannot tell. */
  readonly uncertain = new Set<string>();
  /** Uncertain completions sent again that answered 409 task-closed: they had committed before the server died. */
  readonly committedBeforeKill: string[] = [];
  /** Uncertain completions sent again that answered 200: they had not committed. */
  readonly redoneAfterKill: string[] = [];
  /** Anything else a completion or list answered: each is a failure of the test. */
  readonly unexpected: string[] = [];
  lists = 0;

  private base = '';
  private queue: string[] = [];
  /** Tasks handed to a caller (in flight or answered): not offered again by a list. */
  private readonly taken = new Set<string>();
  private inFlight = 0;
  private gone = false;

  constructor(private readonly options: TaskDriverOptions) {}

  /**
   * Works on the server at `base` until no task is left ('done') or the server stopped answering
   * ('server-gone'). A run after a server died first sends again the completions the client could
   * not be sure of, as a client retrying would.
   */
  async run(base: string): Promise<RunEnd> {
    this.base = base;
    this.gone = false;
    // the unanswered completions first; the tasks listed but not sent yet stay queued
    this.queue = [...this.uncertain, ...this.queue.filter((id) => !this.uncertain.has(id))];
    let refilling: Promise<boolean> | null = null;
    const next = async (): Promise<string | undefined> => {
      for (;;) {
        if (this.gone) return undefined;
        const id = this.queue.shift();
        if (id) return id;
        refilling ??= this.refill().finally(() => (refilling = null));
        // a list that began while completions were in flight may miss the tasks they open
        const startedIdle = await refilling;
        if (this.queue.length > 0) continue;
        if (startedIdle && this.inFlight === 0) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await Promise.all(
      Array.from({ length: this.options.concurrency }, async () => {
        for (let id = await next(); id; id = await next()) await this.complete(id);
      }),
    );
    return this.gone ? 'server-gone' : 'done';
  }

  /** Lists the inbox and queues the tasks not handed out yet; true when no completion was in flight as it began. */
  private async refill(): Promise<boolean> {
    const startedIdle = this.inFlight === 0;
    this.lists++;
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/v1/tasks?view=mine&limit=${LIST_LIMIT}`, { headers: { authorization: `Bearer ${this.options.token}` } });
    } catch {
      this.connectionErrors++;
      this.gone = true;
      return startedIdle;
    }
    if (response.status !== 200) {
      this.unexpected.push(`GET /tasks answered ${response.status}: ${await response.text()}`);
      this.gone = true; // nothing sensible to go on with
      return startedIdle;
    }
    for (const task of (await response.json()) as { id: string }[]) {
      if (this.taken.has(task.id)) continue;
      this.taken.add(task.id);
      this.queue.push(task.id);
    }
    return startedIdle;
  }

  private async complete(id: string): Promise<void> {
    this.taken.add(id);
    this.inFlight++;
    try {
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${this.base}/api/v1/tasks/${id}/complete`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ outcome: this.options.outcome }),
        });
        text = await response.text();
      } catch {
        // no answer: the server died with the request in flight (or before it arrived)
        this.connectionErrors++;
        this.uncertain.add(id);
        this.gone = true;
        return;
      }
      const wasUncertain = this.uncertain.delete(id);
      if (response.status === 200) {
        this.completed++;
        if (wasUncertain) this.redoneAfterKill.push(id);
        this.options.onCompleted?.(this.completed);
      } else if (wasUncertain && response.status === 409 && problemCode(text) === 'process.task-closed') {
        this.committedBeforeKill.push(id);
      } else {
        this.unexpected.push(`POST /tasks/${id}/complete answered ${response.status}: ${text}`);
      }
    } finally {
      this.inFlight--;
    }
  }
}

function problemCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

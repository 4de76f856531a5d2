/**
 * Stands in for workers/llm.worker.ts in Node: answers web-llm's real client (WebWorkerMLCEngine)
 * with the message shapes WebWorkerMLCEngineHandler sends in web-llm 0.2.86 — initProgressCallback
 * reports, `return` / `throw` (errors as strings, as err.toString() makes them), and
 * chat.completion.chunk objects ending with a usage chunk.
 */
interface Msg {
  kind: string;
  uuid: string;
  content: unknown;
}

export interface FakeScript {
  progress?: { progress: number; text: string }[];
  /** err.toString() of the failure web-llm would raise during reload. */
  reloadError?: string;
  reply?: string;
  chatError?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; extra: Record<string, number> };
}

export class FakeWebLlmWorker {
  onmessage: ((msg: Msg) => void) | null = null;
  received: Msg[] = [];
  terminated = false;
  private queue: object[] = [];

  constructor(private readonly script: FakeScript) {}

  postMessage(msg: Msg): void {
    this.received.push(msg);
    setTimeout(() => this.handle(msg), 0);
  }

  terminate(): void {
    this.terminated = true;
  }

  private send(msg: Msg): void {
    if (!this.terminated) this.onmessage?.(msg);
  }

  private done(uuid: string, ...content: unknown[]): void {
    // No argument: web-llm's `null`; an explicit undefined (end of stream) stays undefined.
    this.send({ kind: 'return', uuid, content: content.length ? content[0] : null });
  }

  private handle(msg: Msg): void {
    switch (msg.kind) {
      case 'setAppConfig':
      case 'setLogLevel':
        return;
      case 'reload':
        for (const report of this.script.progress ?? []) this.send({ kind: 'initProgressCallback', uuid: '', content: { ...report, timeElapsed: 1 } });
        if (this.script.reloadError) this.send({ kind: 'throw', uuid: msg.uuid, content: this.script.reloadError });
        else this.done(msg.uuid);
        return;
      case 'chatCompletionStreamInit':
        if (this.script.chatError) {
          this.send({ kind: 'throw', uuid: msg.uuid, content: this.script.chatError });
          return;
        }
        this.queue = [...((this.script.reply ?? '').match(/\S+\s*/g) ?? []).map((p) => chunk(p, null)), ...ending('stop', this.script.usage)];
        this.done(msg.uuid);
        return;
      case 'completionStreamNextChunk':
        // A non-object return ends the stream on the client side.
        this.done(msg.uuid, this.queue.shift());
        return;
      case 'completionStreamReturn':
      case 'resetChat':
      case 'unload':
        this.done(msg.uuid);
        return;
      case 'interruptGenerate':
        if (this.queue.length) this.queue = ending('abort', this.script.usage);
        this.done(msg.uuid);
        return;
      default:
        this.send({ kind: 'throw', uuid: msg.uuid, content: `Error: unexpected ${msg.kind}` });
    }
  }
}

function chunk(delta: string, finish: string | null): object {
  return {
    id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: 'fake',
    choices: [{ index: 0, delta: { role: 'assistant', content: delta }, finish_reason: finish, logprobs: null }],
  };
}

/** The finish chunk, then (stream_options.include_usage) a usage chunk with no choices. */
function ending(reason: string, usage: FakeScript['usage']): object[] {
  const last = chunk('', reason);
  return usage ? [last, { ...last, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }] : [last];
}

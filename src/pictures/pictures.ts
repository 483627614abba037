import { createHash } from 'node:crypto';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { OutFile, Picture, PictureSource } from '../core/shared/messages.js';
import type { DrawRequest, DrawResponse } from './render-worker.js';

/** A picture that could not be drawn (a spec that compiles but fails to draw): adapters send the message without it. */
export class PictureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PictureError';
  }
}

export interface PicturesOptions {
  /** Draw in a worker thread (the default): a picture takes tens of milliseconds, too long for the event loop. */
  thread?: boolean;
  /** Pictures kept, most recently used first (question figures are drawn once; a stat card seldom twice). */
  cacheSize?: number;
  /**
   * Bytes of PNG kept at most (default 8 MB): stat cards are one-offs of ~100 KB each, and without a byte budget
   * they filled the cache to 20 MB under load while the question figures worth keeping are a few hundred KB.
   */
  cacheBytes?: number;
  /** The worker stops after this long without a picture (default 5 minutes): it holds vega and resvg, ~40 MB and more. */
  idleMs?: number;
  /** The worker's heap limits (default WORKER_LIMITS). */
  workerLimits?: ResourceLimits;
}

/**
 * The worker's heap. Drawing keeps well under 64 MB live (vega, vega-lite, a spec, an SVG), but V8 left to itself
 * grew the worker's heap far past that under a steady stream of stat cards, and its young generation alone
 * swung resident memory by tens of MB: with these limits a process drawing ~6 cards a second held 42 MB less, and
 * steadier. A picture that would need more ends the worker (ERR_WORKER_OUT_OF_MEMORY): it and the pictures queued
 * behind it fail, their messages go without them, and the next picture starts a new worker.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 };

/** A picture's identity: the hash of what it is drawn from, so the same chart is the same key in every team. */
export function pictureKey(source: PictureSource): string {
  const hash = createHash('sha256');
  if ('chart' in source) hash.update(`chart\n${JSON.stringify(source.chart)}`);
  else hash.update(`${source.image.format}\n`).update(source.image.data);
  return hash.digest('hex').slice(0, 24);
}

/**
 * Draws pictures into PNG files: off the event loop (one worker thread, started on first use), and from a cache
 * when the same picture was drawn before (a question's chart is drawn once, whoever sees it).
 */
export class Pictures {
  private readonly cache = new Map<string, Promise<Uint8Array>>();
  /** The size of each cached PNG once drawn, for the byte budget. */
  private readonly sizes = new Map<string, number>();
  private idle?: NodeJS.Timeout;
  private worker?: Worker;
  private readonly pending = new Map<number, { resolve: (png: Uint8Array) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  /** Pictures drawn (not served from the cache): tests and the bench read it. */
  drawn = 0;

  constructor(private readonly options: PicturesOptions = {}) {}

  /** The picture as a PNG file named after it, with the key its bytes are cached under. */
  async render(picture: Picture): Promise<OutFile & { key: string }> {
    const key = pictureKey(picture.source);
    let png = this.cache.get(key);
    if (png) {
      // Most recently used last: the Map's first entry is the one to evict.
      this.cache.delete(key);
    } else {
      const drawing = this.draw(picture.source);
      png = drawing;
      // A failure is not cached: the next request tries again.
      drawing.then(
        (data) => {
          if (this.cache.get(key) !== drawing) return;
          this.sizes.set(key, data.length);
          this.evict();
        },
        () => this.cache.get(key) === drawing && this.cache.delete(key),
      );
    }
    this.cache.set(key, png);
    this.evict();
    return { name: `${picture.name}.png`, data: await png, mimeType: 'image/png', key };
  }

  /**
   * Starts the worker now (loading vega there takes about a second), so that the first picture a member asks for
   * does not wait for it. Does nothing inline or when the worker runs already.
   */
  warm(): void {
    if (this.options.thread !== false && !this.worker) this.startWorker().postMessage({ id: 0, warm: true });
  }

  /** Whether the worker thread is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker (pictures asked for later start a new one). */
  async stop(): Promise<void> {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new PictureError('the picture worker stopped'));
    this.pending.clear();
    await worker?.terminate();
  }

  /** Least recently used first out, until both the count and the byte budget hold. */
  private evict(): void {
    let bytes = 0;
    for (const size of this.sizes.values()) bytes += size;
    const maxBytes = this.options.cacheBytes ?? 8 * 1024 * 1024;
    while (this.cache.size > (this.options.cacheSize ?? 200) || (bytes > maxBytes && this.cache.size > 1)) {
      const oldest = this.cache.keys().next().value!;
      this.cache.delete(oldest);
      bytes -= this.sizes.get(oldest) ?? 0;
      this.sizes.delete(oldest);
    }
  }

  /** Restarts the idle countdown after each picture: an idle worker is stopped, and started again when needed. */
  private touch(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.stopIdle(), this.options.idleMs ?? 5 * 60_000);
    this.idle.unref();
  }

  private async stopIdle(): Promise<void> {
    if (this.pending.size === 0) await this.stop();
    else this.touch();
  }

  private async draw(source: PictureSource): Promise<Uint8Array> {
    this.drawn += 1;
    if (this.options.thread === false) {
      const { drawPng } = await import('./draw.js');
      return drawPng(source);
    }
    const worker = this.worker ?? this.startWorker();
    this.touch();
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, source } satisfies DrawRequest);
    });
  }

  private startWorker(): Worker {
    const worker = import.meta.url.endsWith('.ts')
      ? sourceWorker(this.options.workerLimits ?? WORKER_LIMITS)
      : new Worker(new URL('./render-worker.js', import.meta.url), { resourceLimits: this.options.workerLimits ?? WORKER_LIMITS });
    // A worker waiting for work must not keep the process alive (the shell exits when its input ends).
    worker.unref();
    worker.on('message', (response: DrawResponse) => {
      const waiting = this.pending.get(response.id);
      this.pending.delete(response.id);
      if (!waiting) return;
      if ('png' in response) waiting.resolve(response.png);
      else waiting.reject(new PictureError(response.error));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new PictureError('the picture worker exited'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error instanceof PictureError ? error : new PictureError(error.message));
    this.pending.clear();
  }
}

/**
 * From the sources (tests, the bench) the worker is TypeScript: a worker does not inherit the parent's tsx
 * loader, so it registers tsx before it imports the worker module (dist/ runs plain JavaScript and needs none).
 */
function sourceWorker(resourceLimits: ResourceLimits): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./render-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}

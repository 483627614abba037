import type { BackpropProcess } from './backprop-process.js';
import { type Exposition, parsePrometheus } from './prometheus.js';

/** Where a process serves /metrics, /healthz and /readyz, from the line it logs once the server listens. */
export async function opsUrl(p: BackpropProcess, text = 'metrics, health and readiness served at'): Promise<string> {
  await p.waitForLog(text);
  const line = p.logs.split('\n').find((l) => l.includes(text))!;
  return (JSON.parse(line) as { url: string }).url;
}

export async function getText(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

/** One scrape, parsed strictly (a malformed exposition fails the test here). */
export async function scrape(base: string): Promise<Exposition> {
  const { status, body } = await getText(`${base}/metrics`);
  if (status !== 200) throw new Error(`/metrics answered ${status}: ${body}`);
  return parsePrometheus(body);
}

/** Polls until `probe` gives a value, in real time (a process works on its own schedule). */
export async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A small strict parser of the Prometheus text format (0.0.4), for tests: it throws on anything a Prometheus
 * server would refuse or that breaks the format's rules (a malformed line, a sample before its TYPE, a family
 * split in two, a duplicate series, a histogram whose buckets do not add up), and returns every sample.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Values as Go's strconv.ParseFloat reads them (what Prometheus uses): NaN and Inf in any case, Inf signed or not. */
function parseValue(text: string, line: string): number {
  if (/^[-+]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`not a number "${text}" in: ${line}`);
  return Number(text);
}

/** Labels inside braces, with the format's escapes (\\, \", \n). Returns the labels and where the braces end. */
function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (line[i] !== '}') {
    const eq = line.indexOf('=', i);
    if (eq < 0) throw new Error(`label without "=" in: ${line}`);
    const name = line.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`bad label name "${name}" in: ${line}`);
    if (name in labels) throw new Error(`label "${name}" twice in: ${line}`);
    if (line[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] !== '\\') {
        value += line[j];
        continue;
      }
      const next = line[++j];
      if (next === 'n') value += '\n';
      else if (next === '\\' || next === '"') value += next;
      else throw new Error(`bad escape "\\${next}" in: ${line}`);
    }
    if (j >= line.length) throw new Error(`unterminated label value in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') throw new Error(`expected "," or "}" after a label in: ${line}`);
  }
  return { labels, end: i + 1 };
}

/** The family a sample belongs to: a histogram's _bucket, _sum and _count belong to the histogram. */
function familyOf(name: string, types: Map<string, string>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && ['histogram', 'summary'].includes(types.get(base) ?? '')) return base;
  }
  return name;
}

export function parsePrometheus(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  const finished = new Set<string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // an ordinary comment
      const [keyword, name, rest] = [m[1]!, m[2]!, m[3]!];
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (keyword === 'HELP') {
        if (helps.has(name)) throw new Error(`HELP for ${name} twice`);
        helps.add(name);
      } else {
        if (types.has(name)) throw new Error(`TYPE for ${name} twice`);
        if (!TYPES.has(rest)) throw new Error(`unknown type "${rest}" in: ${line}`);
        if (samples.some((s) => familyOf(s.name, types) === name)) throw new Error(`TYPE for ${name} after its samples`);
        types.set(name, rest);
      }
      continue;
    }
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) throw new Error(`malformed sample: ${line}`);
    const name = line.slice(0, nameEnd);
    if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
    const { labels, end } = line[nameEnd] === '{' ? parseLabels(line, nameEnd) : { labels: {}, end: nameEnd };
    const rest = line.slice(end);
    const fields = /^ (\S+)( -?\d+)?$/.exec(rest);
    if (!fields) throw new Error(`expected " value [timestamp]" in: ${line}`);
    const value = parseValue(fields[1]!, line);
    const family = familyOf(name, types);
    if (family !== current) {
      if (current !== undefined) finished.add(current);
      if (finished.has(family)) throw new Error(`the samples of ${family} are not together`);
      current = family;
    }
    const series = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(series)) throw new Error(`duplicate series ${series}`);
    seen.add(series);
    if (types.get(family) === 'counter' && !(value >= 0)) throw new Error(`a counter below zero: ${line}`);
    samples.push({ name, labels, value });
  }
  checkHistograms(types, samples);
  return { types, samples };
}

/** Each histogram series: buckets by rising le, counts never falling, +Inf equal to _count. */
function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const groups = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      if (s.labels.le === undefined) throw new Error(`${family}_bucket without le`);
      const { le: _, ...rest } = s.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const [key, buckets] of groups) {
      const bounds = buckets.map((b) => parseValue(b.labels.le!, `${family} le`));
      for (let i = 1; i < buckets.length; i++) {
        if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`${family}${key}: le not rising`);
        if (buckets[i]!.value < buckets[i - 1]!.value) throw new Error(`${family}${key}: bucket counts fall`);
      }
      if (bounds.at(-1) !== Number.POSITIVE_INFINITY) throw new Error(`${family}${key}: no +Inf bucket`);
      const count = samples.find((s) => s.name === `${family}_count` && JSON.stringify(Object.entries(s.labels).sort()) === key);
      if (!count || count.value !== buckets.at(-1)!.value) throw new Error(`${family}${key}: _count differs from the +Inf bucket`);
    }
  }
}

/** The value of one series (labels must match exactly as given; others may be present), or 0 if absent. */
export function seriesValue(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const matching = exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.reduce((sum, s) => sum + s.value, 0);
}

/**
 * Label values that look like an id: a run of six or more digits (Discord snowflakes, Slack's numeric parts),
 * a Slack-style id (T…, U…, C… followed by eight or more capitals and digits), or any of the ids the test knows.
 */
export function idLikeLabels(exposition: Exposition, knownIds: string[]): string[] {
  const found: string[] = [];
  for (const s of exposition.samples) {
    for (const [label, value] of Object.entries(s.labels)) {
      if (/\d{6,}/.test(value) || /^[TUCBGWAE][A-Z0-9]{8,}$/.test(value) || knownIds.some((id) => id && value.includes(id)))
        found.push(`${s.name}{${label}="${value}"}`);
    }
  }
  return found;
}

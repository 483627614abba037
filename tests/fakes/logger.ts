import type { Logger } from '../../src/core/ports/logger.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error' | 'debug';
  obj: object;
  msg?: string;
}

/** Collects log lines so tests can assert that a failure was logged (and what was in it). */
export class MemoryLogger implements Logger {
  readonly lines: LogLine[] = [];
  info(obj: object, msg?: string) {
    this.lines.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg?: string) {
    this.lines.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg?: string) {
    this.lines.push({ level: 'error', obj, msg });
  }
  debug(obj: object, msg?: string) {
    this.lines.push({ level: 'debug', obj, msg });
  }
  at(level: LogLine['level']) {
    return this.lines.filter((l) => l.level === level);
  }
}

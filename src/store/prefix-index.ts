/** The keys directly under one colon-ended prefix, and the longer prefixes one segment below it. */
interface Group {
  keys: Set<string>;
  children: Map<string, Group>;
}

/** The prefix one segment shorter ('' above the first): `bp:shell:` → `bp:`, `::` → `:`, `:` → ''. */
const parentOf = (prefix: string) => (prefix.length < 2 ? '' : prefix.slice(0, prefix.lastIndexOf(':', prefix.length - 2) + 1));

/**
 * Keys in a tree of their colon-separated segments (`bp:` → `bp:shell:` → `bp:shell:t1:` → …), so that listing a
 * prefix visits the keys under it, never every key held. Backprop's keys are colon-separated and the prefixes it
 * lists end at a colon; any other prefix is answered from the nearest colon before it, filtered. Adding a key
 * costs one lookup of its parent group (plus the groups above it, the first time).
 */
export class PrefixIndex {
  private readonly groups = new Map<string, Group>();

  add(key: string): void {
    this.group(key.slice(0, key.lastIndexOf(':') + 1)).keys.add(key);
  }

  delete(key: string): void {
    let prefix = key.slice(0, key.lastIndexOf(':') + 1);
    if (!this.groups.get(prefix)?.keys.delete(key)) return;
    // Groups left empty go, up the tree, so that keys come and go without the index growing.
    for (let group = this.groups.get(prefix); group && prefix !== '' && group.keys.size === 0 && group.children.size === 0; ) {
      this.groups.delete(prefix);
      const parent = parentOf(prefix);
      this.groups.get(parent)?.children.delete(prefix);
      prefix = parent;
      group = this.groups.get(prefix);
    }
  }

  clear(): void {
    this.groups.clear();
  }

  /** The keys that start with prefix, sorted. */
  under(prefix: string): string[] {
    const start = this.groups.get(prefix.slice(0, prefix.lastIndexOf(':') + 1));
    const found: string[] = [];
    const visit = (group: Group) => {
      for (const key of group.keys) if (key.startsWith(prefix)) found.push(key);
      // A child's prefix is longer than the one asked for: it holds matches only if it starts with it.
      for (const [childPrefix, child] of group.children) if (childPrefix.startsWith(prefix)) visit(child);
    };
    if (start) visit(start);
    return found.sort();
  }

  private group(prefix: string): Group {
    let group = this.groups.get(prefix);
    if (group) return group;
    group = { keys: new Set(), children: new Map() };
    this.groups.set(prefix, group);
    if (prefix !== '') this.group(parentOf(prefix)).children.set(prefix, group);
    return group;
  }
}

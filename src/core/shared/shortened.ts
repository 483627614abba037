/**
 * Text from outside (a command, a pack file) as an error message echoes it: cut to `max` characters with an
 * ellipsis, so that an error quotes what was wrong, not pages of it.
 */
export function shortened(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

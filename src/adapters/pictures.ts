import type { Logger } from '../core/ports/logger.js';
import { line, type OutFile, type OutMessage, t } from '../core/shared/messages.js';
import type { Pictures } from '../pictures/pictures.js';

/** A message's picture, drawn: its PNG file (with the cache key it was drawn under) and its alt text. */
export interface DrawnPicture {
  file: OutFile & { key: string };
  alt: string;
}

/**
 * Draws a message's picture for an adapter. A picture that cannot be drawn does not stop the message: it goes
 * without it, its alt text added as a line so the question still says what the figure showed.
 */
export async function drawPicture(
  pictures: Pictures,
  message: OutMessage,
  log: Logger,
): Promise<{ message: OutMessage; picture?: DrawnPicture }> {
  const image = message.image;
  if (!image) return { message };
  try {
    return { message, picture: { file: await pictures.render(image), alt: image.alt } };
  } catch (error) {
    log.warn({ err: error, picture: image.name }, 'a picture could not be drawn: the message goes without it');
    return { message: { ...message, image: undefined, lines: [...message.lines, [], line(t(`🖼️ ${image.alt}`))] } };
  }
}

import { type OutMessage, privateReply, type Reply } from '../core/shared/messages.js';

/** A short private notice: a title and a line or two. */
export const notice = (title: string, ...lines: OutMessage['lines']): Reply => privateReply({ title, lines, tone: 'info' });

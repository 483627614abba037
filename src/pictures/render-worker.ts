import { parentPort } from 'node:worker_threads';
import type { PictureSource } from '../core/shared/messages.js';
import { drawPng } from './draw.js';

/** The picture worker: draws one picture per message, in order, and answers with its PNG or the error's text. */
export interface DrawRequest {
  id: number;
  source: PictureSource;
}
export type DrawResponse = { id: number; png: Uint8Array } | { id: number; error: string };

parentPort?.on('message', async ({ id, source }: DrawRequest) => {
  let response: DrawResponse;
  try {
    response = { id, png: await drawPng(source) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});

import { parentPort } from 'node:worker_threads';
import type { PictureSource } from '../core/shared/messages.js';
import { drawPng } from './draw.js';

// Loaded with the worker (draw.ts imports vega, vega-lite and resvg): a warm-up message only has to arrive.

/** The picture worker: draws one picture per message, in order, and answers with its PNG or the error's text. */
export interface DrawRequest {
  id: number;
  source: PictureSource;
}
/** Sent once at start-up: loads the drawing code (vega, resvg, the fonts) before the first picture is asked for. */
export interface WarmRequest {
  id: 0;
  warm: true;
}
export type DrawResponse = { id: number; png: Uint8Array } | { id: number; error: string };

parentPort?.on('message', async (request: DrawRequest | WarmRequest) => {
  if ('warm' in request) return;
  const { id, source } = request;
  let response: DrawResponse;
  try {
    response = { id, png: await drawPng(source) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});

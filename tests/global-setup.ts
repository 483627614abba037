import { buildDist } from './fakes/backprop-process.js';

/** The end-to-end suites run the compiled process, as `npm start` does: compile the current sources once. */
export default function setup(): void {
  buildDist();
}

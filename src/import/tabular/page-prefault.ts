// Large accumulator arrays have their memory pages first written by a short-lived worker thread, ahead of the reader.
//
// Memory first written costs the system a page fault per 4 KB page (zeroing it and mapping it); on a virtual machine
// that can be 10–15 µs a page, so the 30 MB a national file's accumulator holds cost more than reading its numbers.
// A second thread takes those faults while the main thread reads the file: the pages are then mapped when the reader
// gets there. The worker writes each page with an atomic add of zero, which leaves any value the main thread wrote
// before, during or after it as it is; it goes through the pages in the order the reader fills them (slot by slot,
// every column), and stops when told the arrays are no longer needed. Where the worker cannot start, or is late,
// the main thread simply takes the faults itself: the result never depends on it.
import { Worker } from 'node:worker_threads';

/** Arrays from this size are prefaulted (below, starting a thread costs more than the faults it saves). */
export const PREFAULT_FROM_BYTES = 8 << 20;

const PAGE_BYTES = 4096;

/**
 * One column-major array: `columns` runs of `capacity` elements of `bytesPerElement` bytes, in `buffer`; the first
 * `slots` elements of each run are to be filled.
 */
export interface PrefaultArray {
  buffer: SharedArrayBuffer;
  bytesPerElement: number;
  columns: number;
  capacity: number;
  slots: number;
}

const WORKER = `
const { workerData } = require('node:worker_threads');
const { arrays, stop, pageBytes } = workerData;
const stopped = new Int32Array(stop);
// Slots per step: one page of the array of widest elements, so every array advances a page or less per step.
const widest = Math.max(...arrays.map((a) => a.bytesPerElement));
const step = Math.max(1, Math.floor(pageBytes / widest));
const slots = Math.max(...arrays.map((a) => a.slots));
const words = arrays.map((a) => new Int32Array(a.buffer, 0, a.buffer.byteLength >> 2));
const last = arrays.map(() => -1);
for (let s = 0; s < slots && Atomics.load(stopped, 0) === 0; s += step) {
  for (let k = 0; k < arrays.length; k++) {
    const a = arrays[k];
    if (s >= a.slots) continue;
    const page = Math.floor((s * a.bytesPerElement) / pageBytes);
    if (page === last[k]) continue;
    last[k] = page;
    for (let j = 0; j < a.columns; j++) {
      const byte = (j * a.capacity + s) * a.bytesPerElement;
      Atomics.add(words[k], byte >> 2, 0);
    }
  }
}
`;

/** A SharedArrayBuffer of at least `bytes` bytes, zeroed, whose length is a multiple of 8 (for the worker's words). */
export const sharedBuffer = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.ceil(bytes / 8) * 8);

/**
 * Starts the worker on the arrays; returns the function that stops it (call it when the arrays are no longer filled).
 * A failure to start is not an error: the main thread then takes the faults.
 */
export const prefaultPages = (arrays: PrefaultArray[]): (() => void) => {
  const stop = new SharedArrayBuffer(4);
  try {
    const worker = new Worker(WORKER, { eval: true, workerData: { arrays, stop, pageBytes: PAGE_BYTES } });
    worker.unref();
    worker.on('error', () => undefined);
  } catch {
    // No thread: the reader takes the faults.
  }
  return () => Atomics.store(new Int32Array(stop), 0, 1);
};

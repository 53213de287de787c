// Worker thread entry: scans each batch of transcript files it is given, posts one result per
// file, then `null` to ask for the next batch (an empty batch ends it).
import {parentPort} from 'node:worker_threads';
import {scanFile, type ScanJob} from './fs-read.js';

parentPort!.on('message', (jobs: ScanJob[]) => {
  if (jobs.length === 0) {
    parentPort!.close();
    return;
  }
  for (const job of jobs) {
    const result = scanFile(job);
    parentPort!.postMessage(result, [result.copies.nums.buffer as ArrayBuffer]);
  }
  parentPort!.postMessage(null);
});

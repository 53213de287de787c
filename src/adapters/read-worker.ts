// Worker thread entry: scans the transcript files it is given and posts one result per file.
import {parentPort} from 'node:worker_threads';
import {scanFile, type ScanJob} from './fs-read.js';

parentPort!.on('message', (jobs: ScanJob[]) => {
  for (const job of jobs) {
    const result = scanFile(job);
    parentPort!.postMessage(result, [result.copies.nums.buffer as ArrayBuffer]);
  }
  parentPort!.postMessage(null);
});

// Loads aura's native addon (native/scan.c and native/index.c, built by `npm ci` when a C
// compiler is present) once, on first use. Not built, built for another node or platform, or
// switched off with AURA_NATIVE=0: null, and aura reads in JavaScript, with the same results.
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

/** One scanned file: see native/scan.c's resultOf. */
export type Parts = [head: Float64Array, nums: Float64Array, text: Buffer, ids: Uint32Array, names: Uint32Array];
type NativeScanFiles = (jobs: [path: string, offset: number, pendingNewline: boolean, needs: number][]) => Promise<(Parts | null)[] | null>;

// From src/adapters (tests) or dist/src/adapters (the build): the package root is two or three up.
const candidates = ['../../build/Release/aura_scan.node', '../../../build/Release/aura_scan.node'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/** What native/index.c's readIndex resolves to: [kind, value] (see there). */
export type NativeIndexRead = [kind: 0, bytes: Buffer] | [kind: 1, none: null] | [kind: 2, errno: number] | [kind: 3, none: null] | [kind: 4, message: string] | [kind: 5, none: null];

interface NativeModule {
  scanFiles: NativeScanFiles;
  /** Absent on Windows (as walkTree). */
  readIndex?: (path: string, version: number) => Promise<NativeIndexRead>;
  /** native/walk.c: null when the JavaScript walk must judge the tree; else NUL-ended paths and 5 numbers per path. */
  walkTree?: (roots: string[]) => Promise<[paths: Buffer, stats: Float64Array] | null>;
}

let loaded: NativeModule | null | undefined;

export function binding(env: NodeJS.ProcessEnv): NativeModule | null {
  if (env.AURA_NATIVE === '0') return null;
  if (loaded === undefined) {
    loaded = null;
    const path = candidates.find((p) => existsSync(p));
    if (path) {
      try {
        loaded = createRequire(import.meta.url)(path) as NativeModule;
      } catch {
        // Built for another node or platform: the JavaScript reader gives the same answers.
      }
    }
  }
  return loaded;
}

/** The native scanner is built here and not switched off. */
export const hasNativeScanner = (env: NodeJS.ProcessEnv = process.env): boolean => binding(env) !== null;

/** native/index.c's index read and check, or null where there is none (not built, Windows, AURA_NATIVE=0). */
export const nativeIndexReader = (env: NodeJS.ProcessEnv = process.env): NativeModule['readIndex'] | null => binding(env)?.readIndex ?? null;

/** native/walk.c's folder walk, or null where there is none. */
export const nativeWalker = (env: NodeJS.ProcessEnv = process.env): NativeModule['walkTree'] | null => binding(env)?.walkTree ?? null;

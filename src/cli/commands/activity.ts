import {UsageError} from '../args.js';

// Placeholder until the command is built.
export async function run(_argv: string[]): Promise<number> {
  throw new UsageError('this command is not available yet');
}

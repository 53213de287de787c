// `aura pair`: link this machine into a fleet. In a terminal with no subcommand, an interactive
// prompt; for scripts: `new` (prints the code), `join` (reads the code from stdin), `leave`,
// `status [--json]`, `token` (broker access token from stdin). The code and the secret never
// travel through argv: arguments end up in shell history and in every `ps` listing.
import {createElement} from 'react';
import {loadSecret} from '../../sync/identity.js';
import {PairingCodeError} from '../../sync/pairing-code.js';
import {createFleet, joinFleet, leaveFleet, pairStatus, type PairResult} from '../../sync/pairing.js';
import {brokerTokenSlot, storeDescription} from '../../sync/secret-store.js';
import {parseCommandArgs, UsageError} from '../args.js';

const USAGE = 'usage: aura pair [new [--rotate] | join | leave | status [--json] | token [--clear]]';
/** Longest stdin accepted for a code or token (a code is 64 chars with dashes). */
const STDIN_CAP = 4096;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > STDIN_CAP) throw new UsageError(`stdin holds more than ${STDIN_CAP} bytes; expected one pairing code`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const interactive = (): boolean => process.stdin.isTTY === true && process.stdout.isTTY === true;

async function prompt(start: 'menu' | 'join'): Promise<number> {
  const [{render}, {PairPrompt}] = await Promise.all([import('ink'), import('../../tui/pair/PairPrompt.js')]);
  let message: string | null = null;
  const app = render(
    createElement(PairPrompt, {
      actions: {status: () => pairStatus(), create: () => createFleet(), join: (c: string) => joinFleet(c), leave: () => leaveFleet()},
      start,
      onDone: (m: string | null) => (message = m),
    }),
  );
  await app.waitUntilExit();
  if (message) process.stdout.write(`${message}\n`);
  return 0;
}

function describePaired(r: PairResult): string {
  return `This machine is "${r.label}" (machine ${r.machineId}); the secret is in the ${r.storeText}.\n${r.configWarning ? `warning: ${r.configWarning}\n` : ''}`;
}

async function pairNew(rotate: boolean): Promise<number> {
  if (!rotate && (await loadSecret()) !== null) {
    process.stderr.write(
      'aura: this machine is already paired. `aura pair new --rotate` makes a new code (every other machine must join again); `aura pair leave` leaves the fleet.\n',
    );
    return 1;
  }
  const r = await createFleet();
  // The code alone on stdout (so `aura pair new > code.txt` works); the guidance on stderr.
  process.stdout.write(`${r.code}\n`);
  process.stderr.write(
    `Pairing code created. On the other machine run \`aura pair join\` and paste it (or: aura pair join < code.txt).\n` +
      `Anyone holding the code can read and send this fleet's heartbeats: move it privately and don't keep copies.\n${describePaired(r)}`,
  );
  return 0;
}

async function pairJoin(): Promise<number> {
  if (process.stdin.isTTY) return prompt('join');
  try {
    const r = await joinFleet(await readStdin());
    process.stdout.write(`Joined fleet.\n${describePaired(r)}`);
    return 0;
  } catch (err) {
    if (err instanceof PairingCodeError) {
      process.stderr.write(`aura: invalid code: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`aura: could not store secret: ${(err as Error).message}\n`);
    return 1;
  }
}

async function status(json: boolean): Promise<number> {
  const s = await pairStatus();
  // An unreadable store still gets its full report, and a failing exit for scripts.
  const code = s.error ? 1 : 0;
  if (json) {
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    return code;
  }
  const lines = [
    `paired:     ${s.paired ? 'yes' : 'no'}${s.paired && !s.enabled ? ' (but [fleet] enabled = false)' : ''}`,
    `machine id: ${s.machine_id ?? '(assigned when pairing)'}`,
    `label:      ${s.label}`,
    `broker:     ${s.broker}`,
    `secret in:  ${s.store_detail ?? '—'}`,
    `syncing:    ${s.syncing_pid !== null ? `yes (aura process ${s.syncing_pid})` : 'no (open the dashboard or run `aura fleet run`)'}`,
  ];
  if (s.error) lines.push(`error:      ${s.error}`);
  for (const w of s.warnings) lines.push(`warning:    ${w}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return code;
}

/**
 * Access token of a self-hosted ntfy: stdin, kept beside the secret (keychain or 0600 file).
 * Removal takes `--clear`: an empty or closed stdin (`aura pair token <&-`, a script whose input
 * went missing) must not silently delete a working token.
 */
async function token(clear: boolean): Promise<number> {
  const slot = brokerTokenSlot();
  if (clear) {
    await slot.delete();
    process.stdout.write('Broker token removed.\n');
    return 0;
  }
  if (process.stdin.isTTY) process.stderr.write('Paste the broker access token, then Ctrl+D (`aura pair token --clear` removes it):\n');
  const value = (await readStdin()).trim();
  if (value === '') throw new UsageError('no token on stdin; the stored token is kept (`aura pair token --clear` removes it)');
  if (/\s/.test(value)) throw new UsageError('a broker token is one word (e.g. tk_…)');
  process.stdout.write(`Broker token stored in the ${storeDescription(await slot.save(value), slot)}; it is used from the next sync start.\n`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // A damaged store (a file where the data folder should be, a folder for the secret): one line.
    process.stderr.write(`aura: ${(err as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const {values, positionals} = parseCommandArgs(argv, {json: {type: 'boolean'}, rotate: {type: 'boolean'}, clear: {type: 'boolean'}});
  const [sub, ...rest] = positionals;
  if (sub === 'join' && rest.length > 0) {
    throw new UsageError('the pairing code is read from stdin, never from the command line (arguments leak into shell history and `ps`): run `aura pair join` and paste it, or `aura pair join < code.txt`');
  }
  if (rest.length > 0) throw new UsageError(USAGE);
  if (values.rotate && sub !== 'new') throw new UsageError('--rotate goes with `aura pair new`');
  if (values.json && sub !== 'status') throw new UsageError('--json goes with `aura pair status`');
  if (values.clear && sub !== 'token') throw new UsageError('--clear goes with `aura pair token`');
  switch (sub) {
    case undefined:
      if (!interactive()) throw new UsageError(`\`aura pair\` alone is interactive and needs a terminal; ${USAGE}`);
      return prompt('menu');
    case 'new':
      return pairNew(values.rotate === true);
    case 'join':
      return pairJoin();
    case 'leave': {
      const r = await leaveFleet();
      process.stdout.write(`Left fleet. The secret is deleted from this machine.\n${r.configWarning ? `warning: ${r.configWarning}\n` : ''}`);
      return 0;
    }
    case 'status':
      return status(values.json === true);
    case 'token':
      return token(values.clear === true);
    default:
      throw new UsageError(`unknown pair command "${sub}"; ${USAGE}`);
  }
}

// `aura pair` in a terminal: create a fleet (the code is shown once), join one (the pasted code is
// never echoed), leave (confirmed), and the status. The actions are passed in, so the prompt
// only renders and routes keys.
import {useEffect, useState} from 'react';
import {Box, Text, useApp, useInput} from 'ink';
import type {PairResult, PairStatus} from '../../sync/pairing.js';
import {useTheme} from '../theme.js';

export interface PairActions {
  status(): Promise<PairStatus>;
  create(): Promise<PairResult & {code: string}>;
  join(code: string): Promise<PairResult>;
  leave(): Promise<{configWarning: string | null}>;
}

type Screen =
  | {kind: 'loading'}
  | {kind: 'menu'; note: string | null}
  | {kind: 'confirm-rotate'}
  | {kind: 'code'; code: string; result: PairResult}
  | {kind: 'join'; error: string | null}
  | {kind: 'confirm-leave'};

export interface PairPromptProps {
  actions: PairActions;
  /** Open straight on the join screen (`aura pair join` in a terminal). */
  start?: 'menu' | 'join';
  /** Called with the line to print after the prompt closes. */
  onDone: (message: string | null) => void;
}

const CODE_CHARS = /[a-z2-7\- ]/i;

const pairedText = (r: PairResult): string =>
  `This machine is "${r.label}" (machine ${r.machineId}); the secret is in the ${r.storeText}.${r.configWarning ? `\nWarning: ${r.configWarning}` : ''}`;

export function PairPrompt({actions, start = 'menu', onDone}: PairPromptProps) {
  const theme = useTheme();
  const {exit} = useApp();
  const [status, setStatus] = useState<PairStatus | null>(null);
  const [screen, setScreen] = useState<Screen>({kind: 'loading'});
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);

  // Closing renders an empty frame first, so the code never stays on the terminal after exit.
  const [closing, setClosing] = useState<{message: string | null} | null>(null);
  const finish = (message: string | null) => setClosing({message});
  useEffect(() => {
    if (!closing) return;
    onDone(closing.message);
    exit();
  }, [closing]);
  const act = (work: () => Promise<void>) => {
    setBusy(true);
    work()
      .catch((err: Error) => setScreen({kind: 'menu', note: `Could not store secret: ${err.message}`}))
      .finally(() => setBusy(false));
  };

  useEffect(() => {
    actions
      .status()
      .then((s) => {
        setStatus(s);
        setScreen(start === 'join' ? {kind: 'join', error: null} : {kind: 'menu', note: s.error});
      })
      .catch((err: Error) => finish(`aura: ${err.message}`));
    // Runs once, on mount.
  }, []);

  const create = () =>
    act(async () => {
      const r = await actions.create();
      setScreen({kind: 'code', code: r.code, result: r});
    });

  useInput(
    (input, key) => {
      if (screen.kind === 'menu') {
        if (input === 'q' || key.escape) finish(null);
        else if (input === 'n') {
          if (status?.paired) setScreen({kind: 'confirm-rotate'});
          else create();
        }
        else if (input === 'j') setScreen({kind: 'join', error: null});
        else if (input === 'l' && status?.paired) setScreen({kind: 'confirm-leave'});
      } else if (screen.kind === 'confirm-rotate') {
        if (input === 'y') create();
        else setScreen({kind: 'menu', note: null});
      } else if (screen.kind === 'confirm-leave') {
        if (input === 'y') {
          act(async () => {
            const r = await actions.leave();
            finish(`Left fleet. The secret is deleted from this machine.${r.configWarning ? `\nWarning: ${r.configWarning}` : ''}`);
          });
        } else setScreen({kind: 'menu', note: null});
      } else if (screen.kind === 'code') {
        // Leaving this screen is what hides the code: the final frame no longer holds it.
        if (key.return || key.escape || input === 'q') finish(`Code generated — enter it on the other machine with \`aura pair join\`.\n${pairedText(screen.result)}`);
      } else if (screen.kind === 'join') {
        if (key.escape) {
          setTyped('');
          if (start === 'join') finish(null);
          else setScreen({kind: 'menu', note: null});
        } else if (key.return) {
          const code = typed;
          setTyped('');
          act(async () => {
            try {
              const r = await actions.join(code);
              finish(`Joined fleet.\n${pairedText(r)}`);
            } catch (err) {
              setScreen({kind: 'join', error: `Invalid code: ${(err as Error).message}`});
            }
          });
        } else if (key.backspace || key.delete) setTyped((t) => t.slice(0, -1));
        else if (key.ctrl && input === 'u') setTyped('');
        else if (!key.ctrl && !key.meta) setTyped((t) => (t + [...input].filter((c) => CODE_CHARS.test(c)).join('')).slice(0, 200));
      }
    },
    {isActive: !busy && !closing && screen.kind !== 'loading'},
  );

  if (closing) return null;

  const dim = (s: string) => <Text color={theme.muted}>{s}</Text>;
  const head = (
    <Text bold color={theme.accent}>
      aura · fleet pairing
    </Text>
  );
  if (screen.kind === 'loading' || !status) return <Box flexDirection="column">{head}{dim('Reading the pairing status…')}</Box>;

  const body = (() => {
    switch (screen.kind) {
      case 'menu':
        return (
          <>
            <Text>
              {status.paired
                ? `Paired · "${status.label}" · secret in the ${status.store_detail} · broker ${status.broker}`
                : `Not paired · this machine will show as "${status.label}" · broker ${status.broker}`}
            </Text>
            {[status.error, ...status.warnings].map((w) =>
              w ? (
                <Text key={w} color={theme.warn}>
                  {w}
                </Text>
              ) : null,
            )}
            {screen.note ? <Text color={theme.warn}>{screen.note}</Text> : null}
            <Text> </Text>
            <Text>
              <Text bold>n</Text> {status.paired ? 'pair a machine (new code: every other machine joins again)' : 'create a fleet (shows a code for your other machines)'}
            </Text>
            <Text>
              <Text bold>j</Text> join a fleet with a code from another machine
            </Text>
            {status.paired ? (
              <Text>
                <Text bold>l</Text> leave the fleet
              </Text>
            ) : null}
            <Text>
              <Text bold>q</Text> quit
            </Text>
          </>
        );
      case 'confirm-rotate':
        return <Text color={theme.warn}>This replaces the fleet secret: every other machine must join again with the new code. Continue? (y/n)</Text>;
      case 'confirm-leave':
        return <Text color={theme.warn}>Leave the fleet? The secret is deleted from this machine and syncing stops. (y/n)</Text>;
      case 'code':
        return (
          <>
            <Text>Pairing code (paste on the other machine):</Text>
            <Box borderStyle="round" borderColor={theme.accent} paddingX={1} alignSelf="flex-start">
              <Text bold>{screen.code}</Text>
            </Box>
            <Text>On the other machine run `aura pair join` (or `aura pair`, then j) and paste it.</Text>
            <Text>Anyone with this code can read and send your fleet&apos;s heartbeats: share it only with yourself.</Text>
            {dim('Shown once: press Enter when it is copied, and it leaves the screen.')}
          </>
        );
      case 'join':
        return (
          <>
            <Text>Paste the pairing code, then press Enter (the input is hidden):</Text>
            <Text>
              {'› '}
              {typed.length > 0 ? `${'•'.repeat(Math.min(typed.replace(/[\s-]/g, '').length, 52))} (${typed.replace(/[\s-]/g, '').length} of 52 characters)` : dim('waiting for the code')}
            </Text>
            {screen.error ? <Text color={theme.bad}>{screen.error}</Text> : null}
            {dim('Esc cancels · Ctrl+U clears')}
          </>
        );
    }
  })();
  return (
    <Box flexDirection="column">
      {head}
      {body}
      {busy ? dim('Working…') : null}
    </Box>
  );
}

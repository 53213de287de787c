// The fleet in the dashboard. useFleet: what the Fleet tab shows, from the state file written by
// whichever aura process runs the sync loop (maybe this one), re-read once a second while the tab
// is mounted so the "updated Ns ago" ages tick too; demo mode shows a fixed fleet.
// useFleetService: runs the loop for as long as the dashboard is open.
import {useEffect, useRef, useState} from 'react';
import {readConfigFile} from '../../core/config/load.js';
import type {AuraConfig} from '../../core/config/schema.js';
import {demoFleetState} from '../../core/fleet/demo.js';
import {fleetView, type FleetView} from '../../core/fleet/view.js';
import type {UsageRecord} from '../../core/types.js';
import {startFleetService} from '../../sync/service.js';
import {readState, stateIsLive} from '../../sync/state-file.js';

const REFRESH_MS = 1000;

export interface UseFleetOptions {
  enabled: boolean;
  demo: boolean;
  now: () => number;
  env?: Record<string, string | undefined>;
  /** The dashboard's records: the demo fleet's own machine counts its tokens from them. */
  records?: readonly UsageRecord[] | null;
}

/**
 * `aura pair leave` (or `aura config set fleet.enabled false`) while the dashboard is open turns
 * the fleet off in the file; the config the dashboard started with still says on.
 */
function turnedOffOnDisk(env: UseFleetOptions['env']): boolean {
  try {
    const file = readConfigFile(env);
    return file.text !== null && !file.config.fleet.enabled;
  } catch {
    return false; // unreadable: keep what the dashboard started with
  }
}

function read({enabled: startedOn, demo, now, env, records}: UseFleetOptions): FleetView {
  const at = now();
  if (demo) return fleetView({paired: true, state: demoFleetState(at, records), syncing: true, now: at});
  const enabled = startedOn && !turnedOffOnDisk(env);
  const state = enabled ? readState(env) : null;
  // Without a state file yet the pairing is unknown: the loop writes `paired` on its first step.
  return fleetView({paired: enabled, state, syncing: stateIsLive(state, at), now: at});
}

export function useFleet(opts: UseFleetOptions): FleetView {
  const [view, setView] = useState<FleetView>(() => read(opts));
  const {enabled, demo, now, env, records} = opts;
  useEffect(() => {
    const update = () => setView(read({enabled, demo, now, env, records}));
    update(); // new data or options: don't wait for the next second
    const timer = setInterval(update, REFRESH_MS);
    return () => clearInterval(timer);
  }, [enabled, demo, now, env, records]);
  return view;
}

/**
 * Runs the fleet sync loop while the dashboard is open (whatever tab is shown), when the fleet is
 * on. Only the process holding the publisher lock publishes; another dashboard just stands by.
 * `records` gives the dashboard's own dataset, so no second usage index is kept.
 */
export function useFleetService(opts: {config: AuraConfig; demo: boolean; records: () => readonly UsageRecord[] | null}): void {
  const records = useRef(opts.records);
  records.current = opts.records;
  const {config, demo} = opts;
  const on = config.fleet.enabled && !demo;
  useEffect(() => {
    if (!on) return;
    const service = startFleetService({config, records: () => records.current()});
    return () => void service.stop();
  }, [on, config]);
}

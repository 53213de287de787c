// The fleet as the Fleet tab shows it: the state file written by whichever aura process runs the
// sync loop (maybe this one), re-read once a second while the tab is mounted, so the "updated Ns
// ago" ages tick too. Demo mode shows a fixed fleet.
import {useEffect, useState} from 'react';
import {demoFleetState} from '../../core/fleet/demo.js';
import {fleetView, type FleetView} from '../../core/fleet/view.js';
import {readState, stateIsLive} from '../../sync/state-file.js';

const REFRESH_MS = 1000;

export interface UseFleetOptions {
  enabled: boolean;
  demo: boolean;
  now: () => number;
  env?: Record<string, string | undefined>;
}

function read({enabled, demo, now, env}: UseFleetOptions): FleetView {
  const at = now();
  if (demo) return fleetView({paired: true, state: demoFleetState(at), syncing: true, now: at});
  const state = enabled ? readState(env) : null;
  // Without a state file yet the pairing is unknown: the loop writes `paired` on its first step.
  return fleetView({paired: enabled, state, syncing: stateIsLive(state), now: at});
}

export function useFleet(opts: UseFleetOptions): FleetView {
  const [view, setView] = useState<FleetView>(() => read(opts));
  const {enabled, demo, now, env} = opts;
  useEffect(() => {
    const timer = setInterval(() => setView(read({enabled, demo, now, env})), REFRESH_MS);
    return () => clearInterval(timer);
  }, [enabled, demo, now, env]);
  return view;
}

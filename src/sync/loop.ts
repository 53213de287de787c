// One step of the sync loop (aura-seed-spec §6.5): publish our heartbeat when due, poll the
// topic, ingest, prune. Everything slow or random is injected, so tests drive it step by step.
import {encodeHeartbeat, decodeHeartbeat} from '../core/fleet/heartbeat.js';
import {judgeHeartbeat, prunePeers} from '../core/fleet/ingest.js';
import {MAX_WIRE_CHARS, type FleetSettings} from '../core/fleet/settings.js';
import {emptyDropCounts, type DropCounts, type DropReason, type FleetState, type OwnHeartbeat, type PeerEntry, type SelfEntry} from '../core/fleet/types.js';
import {deriveKey, deriveTopic, open, seal} from './crypto.js';
import type {BrokerClient} from './ntfy.js';

export const BACKOFF_START_MS = 2_000;
export const BACKOFF_MAX_MS = 60_000;
/** Message ids remembered for dedupe (the broker re-sends everything when our cursor fell out of its cache). */
const SEEN_IDS = 2048;

export interface LoopIdentity {
  secret: Uint8Array;
  machineId: string;
  label: string;
  brokerUrl: string;
  settings: FleetSettings;
}

export interface LoopDeps {
  client: BrokerClient;
  /** Our heartbeat as of now (quota snapshot + local tokens). */
  buildHeartbeat: () => Promise<OwnHeartbeat>;
  now: () => number;
  /** U(0, 1), for the ±25 % back-off jitter. */
  random: () => number;
}

export class FleetLoop {
  private readonly topic: string;
  private readonly key: Uint8Array;
  private cursor: string | null = null;
  private readonly seen = new Set<string>();
  private nextPublishAt = 0;
  private backoffMs = BACKOFF_START_MS;
  private self: SelfEntry | null = null;
  private peers = new Map<string, PeerEntry>();
  private readonly drops: DropCounts = emptyDropCounts();
  private broker: FleetState['broker'] = {status: 'starting', error: null, retryAt: null, lastOkAt: null};

  constructor(
    private readonly id: LoopIdentity,
    private readonly deps: LoopDeps,
  ) {
    this.topic = deriveTopic(id.secret);
    this.key = deriveKey(id.secret);
  }

  /** Run one iteration; returns how long to wait before the next (ms). Never throws for broker trouble. */
  async step(signal?: AbortSignal): Promise<number> {
    const {client, now} = this.deps;
    const intervalMs = this.id.settings.intervalSecs * 1000;
    try {
      if (now() >= this.nextPublishAt) {
        const {quotaKnown, ...hb} = await this.deps.buildHeartbeat();
        await client.publish(this.topic, seal(this.key, encodeHeartbeat(hb)), signal);
        this.self = {heartbeat: hb, publishedAt: now(), ...(quotaKnown === undefined ? {} : {quotaKnown})};
        this.nextPublishAt = now() + intervalMs;
      }
      const since = this.cursor ?? `${Math.ceil(this.id.settings.replayWindowSecs)}s`; // ntfy wants whole units
      for (const msg of await client.poll(this.topic, since, signal)) {
        if (msg.id !== '') {
          this.cursor = msg.id;
          if (this.seen.has(msg.id)) continue;
          this.remember(msg.id);
        }
        // A line too long to read is skipped (the cursor moves past it), counted like a long body.
        if (msg.oversized) this.drops.oversized++;
        else this.ingest(msg.message);
      }
    } catch (err) {
      if (signal?.aborted) return 0;
      const delay = Math.round(this.backoffMs * (0.75 + 0.5 * this.deps.random()));
      this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
      this.broker = {...this.broker, status: 'unreachable', error: (err as Error).message, retryAt: now() + delay};
      this.prune();
      return delay;
    }
    this.backoffMs = BACKOFF_START_MS;
    this.broker = {status: 'ok', error: null, retryAt: null, lastOkAt: now()};
    this.prune();
    return Math.max(0, this.nextPublishAt - now());
  }

  /** Decrypt, decode and judge one message body; counts what it drops. */
  ingest(body: string): DropReason | null {
    const reason = this.judge(body);
    if (reason) this.drops[reason]++;
    return reason;
  }

  private judge(body: string): DropReason | null {
    if (body.length > MAX_WIRE_CHARS) return 'oversized';
    const opened = open(this.key, body);
    if (!opened.ok) return opened.reason;
    const decoded = decodeHeartbeat(opened.plaintext);
    if (!decoded.ok) return decoded.reason;
    const {heartbeat, tsMs} = decoded;
    const now = this.deps.now();
    const previous = this.peers.get(heartbeat.machine_id);
    const reason = judgeHeartbeat(heartbeat, tsMs, previous, {selfId: this.id.machineId, now, settings: this.id.settings});
    if (reason === null) this.peers.set(heartbeat.machine_id, {heartbeat, receivedAt: now});
    return reason;
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS) this.seen.delete(this.seen.values().next().value!);
  }

  private prune(): void {
    const kept = prunePeers([...this.peers.values()], this.deps.now(), this.id.settings);
    this.peers = new Map(kept.map((p) => [p.heartbeat.machine_id, p]));
  }

  /** Everything the state file holds. */
  state(pid: number): FleetState {
    return {
      v: 1,
      pid,
      writtenAt: this.deps.now(),
      paired: true,
      machineId: this.id.machineId,
      label: this.id.label,
      brokerUrl: this.id.brokerUrl,
      intervalSecs: this.id.settings.intervalSecs,
      staleSecs: this.id.settings.staleSecs,
      self: this.self,
      peers: [...this.peers.values()],
      drops: {...this.drops},
      broker: {...this.broker},
    };
  }
}

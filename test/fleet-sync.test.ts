// The ntfy transport and the sync loop over real HTTP on loopback, against the test broker:
// publish / poll semantics, errors and back-off, two loops seeing each other, and every kind
// of hostile message on the topic ignored and counted.
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {encodeHeartbeat} from '../src/core/fleet/heartbeat.js';
import {fleetSettings, MAX_WIRE_CHARS} from '../src/core/fleet/settings.js';
import {accountLine} from '../src/core/fleet/share.js';
import type {Heartbeat} from '../src/core/fleet/types.js';
import {deriveKey, deriveTopic, newSecret, seal} from '../src/sync/crypto.js';
import {BACKOFF_MAX_MS, FleetLoop} from '../src/sync/loop.js';
import {BrokerError, ntfyClient} from '../src/sync/ntfy.js';
import {NtfyBroker} from './helpers/ntfy-broker.js';

let broker: NtfyBroker;
beforeEach(async () => {
  broker = await NtfyBroker.start();
});
afterEach(async () => {
  await broker.close();
});

const hb = (id: string, label: string, tokens: number, ts = Date.now()): Heartbeat => ({
  v: 1,
  machine_id: id,
  label,
  session_pct: 30,
  weekly_pct: 60,
  session_tokens: tokens,
  weekly_tokens: tokens * 10,
  ts: new Date(ts).toISOString(),
});

describe('test broker', () => {
  it('poll since = all / none / latest / id (exclusive) / duration / unix time; unknown id falls back to all', async () => {
    const t = 'aura-brokertest';
    const now = Math.floor(Date.now() / 1000);
    const old = broker.store(t, 'old', now - 3600);
    const a = broker.store(t, 'a');
    const b = broker.store(t, 'b');
    const client = ntfyClient({brokerUrl: broker.url});
    const texts = async (since: string) => (await client.poll(t, since)).map((m) => m.message);
    expect(await texts('all')).toEqual(['old', 'a', 'b']);
    expect(await texts('none')).toEqual([]);
    expect(await texts('latest')).toEqual(['b']);
    expect(await texts(a.id)).toEqual(['b']);
    expect(await texts(old.id)).toEqual(['a', 'b']);
    expect(await texts('90s')).toEqual(['a', 'b']);
    expect(await texts('2h')).toEqual(['old', 'a', 'b']);
    expect(await texts(String(now - 10))).toEqual(['a', 'b']);
    expect(await texts('GoneGoneGone')).toEqual(['old', 'a', 'b']);
    expect(b.id).toMatch(/^[A-Za-z0-9]{12}$/);
    await expect(client.poll(t, 'bad since!')).rejects.toThrow('broker answered 400 invalid since parameter');
  });

  it('refuses a body over 4096 bytes (attachments off) and keeps "X-Cache: no" messages out of polls', async () => {
    const client = ntfyClient({brokerUrl: broker.url});
    await expect(client.publish('aura-big', 'x'.repeat(4097))).rejects.toMatchObject({status: 400});
    await client.publish('aura-big', 'x'.repeat(4096));
    const res = await fetch(`${broker.url}/aura-big`, {method: 'POST', headers: {'X-Cache': 'no'}, body: 'uncached'});
    expect(res.status).toBe(200);
    expect((await client.poll('aura-big', 'all')).map((m) => m.message.length)).toEqual([4096]);
  });
});

describe('ntfy client', () => {
  it('publishes with Priority: min, text/plain and caching left on; bearer token when set', async () => {
    const tokenBroker = await NtfyBroker.start({token: 'tk_abcdefghijklmnopqrstuvwxyz012'});
    try {
      await expect(ntfyClient({brokerUrl: tokenBroker.url}).publish('aura-x', 'body')).rejects.toMatchObject({status: 401});
      const client = ntfyClient({brokerUrl: `${tokenBroker.url}/`, token: 'tk_abcdefghijklmnopqrstuvwxyz012'});
      await client.publish('aura-x', 'body');
      const post = tokenBroker.requests.at(-1)!;
      expect(post.method).toBe('POST');
      expect(post.path).toBe('/aura-x');
      expect(post.headers.priority).toBe('min');
      expect(post.headers['content-type']).toBe('text/plain');
      expect(post.headers['x-cache']).toBeUndefined();
      expect(post.headers.cache).toBeUndefined();
      expect(await client.poll('aura-x', '30s')).toEqual([expect.objectContaining({message: 'body'})]);
      expect(tokenBroker.requests.at(-1)!.path).toBe('/aura-x/json?poll=1&since=30s');
    } finally {
      await tokenBroker.close();
    }
  });

  it('uses only event "message" lines with an id and a message; junk lines are skipped', async () => {
    const lines = [
      '{"id":"o1","time":1,"event":"open","topic":"t"}',
      '{"id":"k1","time":1,"event":"keepalive","topic":"t"}',
      '{"id":"p1","time":1,"event":"poll_request","topic":"t","message":"x"}',
      'not json at all',
      '{"id":"m1","time":5,"event":"message","topic":"t","message":"hello"}',
      '{"id":7,"event":"message","message":"bad id"}',
      '{"id":"m2","event":"message"}',
      '{"id":"m3","time":6,"event":"message","topic":"t","message":"world"}',
    ];
    const server = createServer((_req, res) => res.end(`${lines.join('\n')}\n`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await ntfyClient({brokerUrl: url}).poll('aura-t', 'all')).toEqual([
        {id: 'm1', time: 5, message: 'hello'},
        {id: 'm3', time: 6, message: 'world'},
      ]);
    } finally {
      server.close();
    }
  });

  it('caps the read size and drops the cut line', async () => {
    const t = 'aura-lines';
    for (let i = 0; i < 40; i++) broker.store(t, `m${i}`.padEnd(100, '.'));
    const capped = await ntfyClient({brokerUrl: broker.url, maxReadBytes: 1000}).poll(t, 'all');
    expect(capped.length).toBeGreaterThan(0);
    expect(capped.length).toBeLessThan(10);
    expect(capped.map((m) => m.message.slice(0, 3))).toEqual(capped.map((_, i) => `m${i}.`.slice(0, 3)));
  });

  it('turns 429 and a dropped connection into one-line BrokerErrors without the topic', async () => {
    const client = ntfyClient({brokerUrl: broker.url});
    broker.mode = '429';
    const e429 = await client.poll('aura-secret-topic', 'all').catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(BrokerError);
    expect((e429 as BrokerError).message).toBe('broker answered 429 limit reached: too many requests');
    broker.mode = 'down';
    const down = await client.publish('aura-secret-topic', 'x').catch((e: unknown) => e);
    expect((down as Error).message).toMatch(/^cannot reach broker: /);
    for (const e of [e429, down]) expect((e as Error).message).not.toContain('aura-secret-topic');
  });
});

describe('sync loop', () => {
  const settings = fleetSettings({heartbeat_secs: 45, stale_secs: 120});

  function makeLoop(secret: Uint8Array, id: string, label: string, tokens: number, opts: {random?: () => number; now?: () => number} = {}) {
    const now = opts.now ?? Date.now;
    return new FleetLoop(
      {secret, machineId: id, label, brokerUrl: broker.url, settings},
      {client: ntfyClient({brokerUrl: broker.url}), buildHeartbeat: async () => hb(id, label, tokens, now()), now, random: opts.random ?? (() => 0.5)},
    );
  }

  it('two machines on one secret see each other; the first poll asks for 2 x interval, then by id', async () => {
    const secret = newSecret();
    const a = makeLoop(secret, 'id-a', 'alpha', 100);
    const b = makeLoop(secret, 'id-b', 'bravo', 300);
    expect(await a.step()).toBeGreaterThan(40_000);
    await b.step();
    await a.step();
    const polls = broker.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(polls[0]).toBe(`/${deriveTopic(secret)}/json?poll=1&since=90s`);
    // a's cursor is the last message it saw: its own first heartbeat
    expect(polls[2]).toMatch(new RegExp(`since=${broker.messages(deriveTopic(secret))[0]!.id}$`));
    const sa = a.state(1);
    const sb = b.state(2);
    expect(sa.peers.map((p) => p.heartbeat.label)).toEqual(['bravo']);
    expect(sb.peers.map((p) => p.heartbeat.label)).toEqual(['alpha']);
    expect(sa.self?.heartbeat.session_tokens).toBe(100);
    expect(sa.broker.status).toBe('ok');
    expect(sa.drops.own_machine).toBe(1);
    // The topic holds only ciphertext.
    for (const m of broker.messages(deriveTopic(secret))) expect(m.message).not.toContain('alpha');
  });

  it('a machine without a quota reading sends 0 % and the account line takes the peer\'s reading', async () => {
    const secret = newSecret();
    const blind = new FleetLoop(
      {secret, machineId: 'id-blind', label: 'blind', brokerUrl: broker.url, settings},
      {
        client: ntfyClient({brokerUrl: broker.url}),
        buildHeartbeat: async () => ({...hb('id-blind', 'blind', 5), session_pct: 0, weekly_pct: 0, quotaKnown: false}),
        now: Date.now,
        random: () => 0.5,
      },
    );
    const seeing = makeLoop(secret, 'id-seeing', 'seeing', 7);
    await seeing.step();
    await blind.step();
    await seeing.step();
    const state = blind.state(1);
    expect(state.self).toMatchObject({quotaKnown: false, heartbeat: {session_pct: 0, weekly_pct: 0}});
    expect(state.self?.heartbeat).not.toHaveProperty('quotaKnown');
    expect(accountLine(state.self, state.peers)).toEqual({sessionPct: 30, weeklyPct: 60, from: 'seeing'});
    // On the wire: the protocol's 0.0 for unknown, and no local flag.
    const fromBlind = seeing.state(2).peers.find((p) => p.heartbeat.machine_id === 'id-blind')!.heartbeat;
    expect(fromBlind).toMatchObject({session_pct: 0, weekly_pct: 0});
    expect(fromBlind).not.toHaveProperty('quotaKnown');
  });

  it('ignores and counts every kind of hostile message without crashing', async () => {
    const secret = newSecret();
    const topic = deriveTopic(secret);
    const key = deriveKey(secret);
    const now = Date.now();
    const victim = makeLoop(secret, 'id-me', 'me', 1);
    await victim.step(); // first step: publish + poll (own echo dropped)
    const good = seal(key, encodeHeartbeat(hb('id-peer', 'peer', 5, now - 1000)));
    const tampered = Buffer.from(good, 'base64');
    tampered[30]! ^= 0x80;
    const hostile = [
      tampered.toString('base64'), // tampered ciphertext
      seal(deriveKey(newSecret()), encodeHeartbeat(hb('id-x', 'x', 1))), // wrong key
      seal(key, encodeHeartbeat(hb('id-old', 'old', 1, now - 10 * 60_000))), // replayed old heartbeat
      seal(key, encodeHeartbeat(hb('id-fut', 'future', 1, now + 3600_000))), // future timestamp
      '%%% not base64 %%%', // non-base64
      'You received a file: big.bin', // what ntfy shows for an attachment
      seal(key, 'x'.repeat(MAX_WIRE_CHARS)), // oversized
      seal(key, '{"v":1,"machine_id":"id-shape","label":"s"}'), // valid JSON, wrong shape
      seal(key, '[1,2,3]'),
      seal(key, 'plain text, not JSON'),
      seal(key, encodeHeartbeat(hb('id-me', 'impostor', 1))), // our own machine id
      '',
      Buffer.from([0xff, 0xfe]).toString('latin1'),
    ];
    for (const body of hostile) broker.store(topic, body);
    broker.store(topic, good);
    broker.store(topic, good); // the same heartbeat again: out of order
    await victim.step();
    const s = victim.state(1);
    expect(s.peers.map((p) => p.heartbeat.label)).toEqual(['peer']);
    expect(s.drops).toEqual({
      own_machine: 2,
      not_base64: 3,
      oversized: 1,
      decrypt_failed: 3, // tampered, wrong key, and the empty body (too short for nonce + tag)
      not_json: 1,
      wrong_shape: 2,
      future_timestamp: 1,
      too_old: 1,
      out_of_order: 1,
    });
  });

  it('backs off from 2 s doubling to 60 s with ±25 % jitter, then recovers', async () => {
    const secret = newSecret();
    let r = 0;
    const jitter = [0, 1, 0.5];
    const loop = makeLoop(secret, 'id', 'l', 1, {random: () => jitter[r++ % jitter.length]!});
    broker.mode = '429';
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) delays.push(await loop.step());
    expect(delays).toEqual([1500, 5000, 8000, 12000, 40000, 60000, 45000, 75000]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.25);
    expect(loop.state(1).broker).toMatchObject({status: 'unreachable', error: 'broker answered 429 limit reached: too many requests'});
    broker.mode = 'down';
    await loop.step();
    expect(loop.state(1).broker.error).toMatch(/^cannot reach broker/);
    broker.mode = 'ok';
    expect(await loop.step()).toBeGreaterThan(40_000);
    expect(loop.state(1).broker.status).toBe('ok');
    broker.mode = '429';
    expect(await loop.step()).toBe(1500); // back-off restarted at 2 s
  });

  it('peers go stale by received time and are pruned after 4 x stale', async () => {
    const secret = newSecret();
    let clock = Date.now();
    const a = makeLoop(secret, 'id-a', 'alpha', 1, {now: () => clock});
    const b = makeLoop(secret, 'id-b', 'bravo', 1);
    await b.step();
    await a.step();
    expect(a.state(1).peers).toHaveLength(1);
    clock += 481_000;
    broker.mode = 'down';
    await a.step();
    expect(a.state(1).peers).toHaveLength(0);
  });
});

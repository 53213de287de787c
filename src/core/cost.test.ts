import {describe, expect, it} from 'vitest';
import {record} from '../../test/helpers/usage-records.js';
import {cacheReadSavings, recordCost, resolvePrice} from './cost.js';

describe('resolvePrice', () => {
  it.each([
    ['claude-opus-4-6', 'claude-opus-4-6', 'exact'],
    ['claude-opus-4-7[1m]', 'claude-opus-4-7', 'normalized'],
    ['claude-opus-4-5-20251101', 'claude-opus-4-5', 'normalized'],
    ['claude-opus-4-20250514', 'claude-opus-4', 'normalized'],
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5', 'normalized'],
    ['anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5', 'normalized'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5', 'normalized'],
    ['global.anthropic.claude-opus-4-6-v1', 'claude-opus-4-6', 'normalized'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5', 'normalized'],
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku', 'normalized'],
    ['claude-opus-4-9', 'claude-opus-4-8', 'family'],
    ['claude-haiku-4-7-20270101', 'claude-haiku-4-5', 'family'],
    ['claude-sonnet-4-8', 'claude-sonnet-4-6', 'family'],
    ['claude-opus-5-5', 'claude-opus-5', 'family'],
    ['claude-opus-4-6-thinking', 'claude-opus-4-6', 'family'],
  ])('%s -> %s (%s)', (model, id, via) => {
    expect(resolvePrice(model)).toMatchObject({id, via});
  });

  it('prices Opus 4.5+ at 5/25, older Opus at 15/75', () => {
    expect(resolvePrice('claude-opus-4-9')!.price).toMatchObject({input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5});
    expect(resolvePrice('claude-opus-4-1-20250805')!.price).toMatchObject({input: 15, output: 75, cacheRead: 1.5});
  });

  it.each(['claude-mystery-9', '<synthetic>', '', 'gpt-5', 'opus'])('unknown %j -> null', (model) => {
    expect(resolvePrice(model)).toBeNull();
  });
});

describe('recordCost', () => {
  const at = '2026-06-03T10:00:00Z';

  it('prices the four kinds (case B12: three Opus variants = $0.24, the unknown model unpriced)', () => {
    const t = {inputTokens: 1000, outputTokens: 1000, cacheReadTokens: 100_000};
    const costs = ['claude-opus-4-7', 'claude-opus-4-7[1m]', 'claude-opus-4-5-20251101'].map((model) => recordCost(record({at, model, t}))!);
    expect(costs.reduce((a, b) => a + b, 0)).toBeCloseTo(0.24, 9);
    expect(recordCost(record({at, model: 'claude-mystery-9', t}))).toBeNull();
  });

  it('prices 1-hour writes at 2x input and unsplit writes at 5-minute (case B10: $16.25)', () => {
    const oneHour = recordCost(record({at, t: {cacheCreation1hTokens: 1_000_000}}))!;
    const unsplit = recordCost(record({at, t: {cacheCreationTokens: 1_000_000}}))!;
    expect(oneHour).toBeCloseTo(10, 9);
    expect(unsplit).toBeCloseTo(6.25, 9);
    const mixed = recordCost(record({at, model: 'claude-haiku-4-5-20251001', t: {cacheCreation5mTokens: 400_000, cacheCreation1hTokens: 600_000}}))!;
    expect(mixed).toBeCloseTo(0.4 * 1.25 + 0.6 * 2, 9);
  });

  it('never prices more 1-hour writes than writes were made', () => {
    const r = record({at, t: {cacheCreationTokens: 1000}});
    r.tokens.cacheCreation1hTokens = 5000;
    expect(recordCost(r)).toBeCloseTo(1000 * 10e-6, 12);
  });

  it('bills a whole Sonnet 4.5 request at long-context rates once its prompt exceeds 200K', () => {
    const model = 'claude-sonnet-4-5-20250929';
    const atLimit = recordCost(record({at, model, t: {inputTokens: 150_000, cacheReadTokens: 50_000, outputTokens: 1000}}))!;
    expect(atLimit).toBeCloseTo((150_000 * 3 + 50_000 * 0.3 + 1000 * 15) / 1e6, 9);
    const above = recordCost(record({at, model, t: {inputTokens: 150_001, cacheReadTokens: 50_000, outputTokens: 1000}}))!;
    expect(above).toBeCloseTo((150_001 * 6 + 50_000 * 0.6 + 1000 * 22.5) / 1e6, 9);
    // Cache writes count toward the prompt too.
    const viaWrites = recordCost(record({at, model: 'claude-sonnet-4-20250514', t: {inputTokens: 1, cacheCreationTokens: 200_000}}))!;
    expect(viaWrites).toBeCloseTo((1 * 6 + 200_000 * 7.5) / 1e6, 9);
  });

  it('has no long-context premium for models priced flat (Sonnet 4.6, Opus 4.6)', () => {
    expect(recordCost(record({at, model: 'claude-sonnet-4-6', t: {inputTokens: 300_000}}))).toBeCloseTo(0.9, 9);
    expect(recordCost(record({at, model: 'claude-opus-4-6', t: {inputTokens: 300_000}}))).toBeCloseTo(1.5, 9);
  });

  it('multiplies fast-mode requests by the model factor', () => {
    const t = {inputTokens: 1000, outputTokens: 1000};
    const base = 1000 * 5e-6 + 1000 * 25e-6;
    expect(recordCost(record({at, model: 'claude-opus-4-6', speed: 'fast', t}))).toBeCloseTo(6 * base, 9);
    expect(recordCost(record({at, model: 'claude-opus-4-8', speed: 'fast', t}))).toBeCloseTo(2 * base, 9);
    expect(recordCost(record({at, model: 'claude-opus-4-8', speed: 'standard', t}))).toBeCloseTo(base, 9);
    expect(recordCost(record({at, model: 'claude-haiku-4-5', speed: 'fast', t}))).toBeCloseTo(1000 * 1e-6 + 1000 * 5e-6, 9);
  });
});

describe('cacheReadSavings', () => {
  it('is reads x (input rate - read rate), null when unpriced', () => {
    expect(cacheReadSavings('claude-opus-4-6', 1_000_000)).toBeCloseTo(4.5, 9);
    expect(cacheReadSavings('claude-fable-5-1', 1_000_000)).toBeCloseTo(9.75, 9);
    expect(cacheReadSavings('claude-mystery-9', 1_000_000)).toBeNull();
  });
});

describe('model ids named like Object.prototype members', () => {
  it.each(['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'anthropic/constructor', 'constructor-20250101'])('%j is unpriced, not a prototype member', (model) => {
    expect(resolvePrice(model)).toBeNull();
    expect(recordCost(record({at: '2026-06-03T10:00:00Z', model, t: {inputTokens: 1000, outputTokens: 1000}}))).toBeNull();
    expect(cacheReadSavings(model, 1000)).toBeNull();
  });
});

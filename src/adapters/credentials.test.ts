import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {isExpired, keychainService, NOT_SIGNED_IN, parseCredentialsJson, readCredentials} from './credentials.js';

const tmp = mkdtempSync(join(tmpdir(), 'aura-creds-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

function dirWith(name: string, content: unknown): string {
  const d = join(tmp, name);
  mkdirSync(d, {recursive: true});
  writeFileSync(join(d, '.credentials.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return d;
}

describe('credentials', () => {
  it('reads claudeAiOauth: token, expiresAt (ms) and subscription type; nothing else counts as signed in', () => {
    const c = parseCredentialsJson(JSON.stringify({claudeAiOauth: {accessToken: 'sk-ant-oat01-a', expiresAt: 1775123456789, subscriptionType: 'max'}, mcpOAuth: {}}), 'f');
    expect(c).toEqual({accessToken: 'sk-ant-oat01-a', expiresAt: 1775123456789, subscriptionType: 'max', source: 'f'});
    expect(parseCredentialsJson(JSON.stringify({mcpOAuth: {x: 1}}), 'f')).toBeNull();
    expect(parseCredentialsJson('{not json', 'f')).toBeNull();
    expect(parseCredentialsJson(JSON.stringify({claudeAiOauth: {accessToken: ''}}), 'f')).toBeNull();
    expect(parseCredentialsJson(JSON.stringify({claudeAiOauth: {accessToken: 't'}}), 'f')).toMatchObject({expiresAt: null, subscriptionType: null});
    expect(isExpired({accessToken: 't', expiresAt: 1000, subscriptionType: null, source: 'f'}, 1000)).toBe(true);
    expect(isExpired({accessToken: 't', expiresAt: null, subscriptionType: null, source: 'env'}, 1000)).toBe(false);
  });

  it('the first config dir with a usable file wins; the env token comes last', async () => {
    const only = dirWith('mcp-only', {mcpOAuth: {}});
    const good = dirWith('good', {claudeAiOauth: {accessToken: 'from-file', expiresAt: 5}});
    const r = await readCredentials([join(tmp, 'missing'), only, good], {CLAUDE_CODE_OAUTH_TOKEN: 'from-env'}, 'linux');
    expect(r).toEqual({ok: true, credentials: {accessToken: 'from-file', expiresAt: 5, subscriptionType: null, source: join(good, '.credentials.json')}});
    const env = await readCredentials([only], {CLAUDE_CODE_OAUTH_TOKEN: 'from-env'}, 'linux');
    expect(env).toMatchObject({ok: true, credentials: {accessToken: 'from-env', source: 'CLAUDE_CODE_OAUTH_TOKEN'}});
    expect(await readCredentials([only], {}, 'linux')).toEqual({ok: false, reason: NOT_SIGNED_IN});
  });

  it('Keychain service name: suffixed with the config dir hash only when CLAUDE_CONFIG_DIR is set', () => {
    expect(keychainService({})).toBe('Claude Code-credentials');
    expect(keychainService({CLAUDE_CONFIG_DIR: '/Users/dev/.claude-work'})).toMatch(/^Claude Code-credentials-[0-9a-f]{8}$/);
    expect(keychainService({CLAUDE_CONFIG_DIR: '/a'})).not.toBe(keychainService({CLAUDE_CONFIG_DIR: '/b'}));
  });
});

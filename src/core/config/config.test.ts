import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {lineOfKey, parseConfigText, renderConfigText} from './document.js';
import {loadConfig, setConfigValue} from './load.js';
import {CONFIG_KEYS, defaultConfig} from './schema.js';
import {checkValue, ConfigError, parseValue, requireKey, suggestKey} from './values.js';

const spec = (k: string) => requireKey(k);

describe('parseValue', () => {
  it('accepts the boolean words', () => {
    for (const w of ['true', 'YES', 'on', '1']) expect(parseValue(spec('insights.enabled'), w)).toBe(true);
    for (const w of ['false', 'No', 'off', '0']) expect(parseValue(spec('insights.enabled'), w)).toBe(false);
    expect(() => parseValue(spec('insights.enabled'), 'maybe')).toThrow(ConfigError);
  });
  it('checks integer ranges', () => {
    expect(parseValue(spec('quota.refresh_secs'), '600')).toBe(600);
    expect(() => parseValue(spec('quota.refresh_secs'), '59')).toThrow('at least 60');
    expect(() => parseValue(spec('quota.refresh_secs'), '1e3')).toThrow('whole number');
    expect(() => parseValue(spec('insights.top_n'), '26')).toThrow('at most 25');
  });
  it('normalises enums case-insensitively and rejects others', () => {
    expect(parseValue(spec('ui.default_tab'), 'Models')).toBe('models');
    expect(() => parseValue(spec('ui.default_period'), '90d')).toThrow('one of all, 7d, 30d');
  });
  it('splits lists on commas and checks URLs and time zones', () => {
    expect(parseValue(spec('data.claude_dirs'), ' ~/a , /b ,')).toEqual(['~/a', '/b']);
    expect(parseValue(spec('data.claude_dirs'), '')).toEqual([]);
    expect(parseValue(spec('fleet.broker_url'), 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(() => parseValue(spec('fleet.broker_url'), 'ftp://x')).toThrow('https:// URL');
    expect(parseValue(spec('data.timezone'), 'Europe/Paris')).toBe('Europe/Paris');
    expect(() => parseValue(spec('data.timezone'), 'Mars/Base')).toThrow('unknown time zone');
  });
  it('caps fleet.machine_label at 64 characters (code points), in `set` and in the file', () => {
    expect(parseValue(spec('fleet.machine_label'), 'é'.repeat(64))).toBe('é'.repeat(64));
    expect(() => parseValue(spec('fleet.machine_label'), 'x'.repeat(65))).toThrow('fleet.machine_label must be at most 64 characters, got 65');
    expect(() => checkValue(spec('fleet.machine_label'), 'x'.repeat(70))).toThrow('at most 64 characters');
  });
});

describe('values that could leak a token or reach the terminal', () => {
  it('requires https:// except to loopback hosts', () => {
    for (const key of ['quota.usage_url', 'fleet.broker_url']) {
      for (const ok of ['https://example.com/x', 'http://127.0.0.1:9/u', 'http://127.5.6.7/', 'http://localhost:8080', 'http://[::1]:3000/u']) {
        expect(parseValue(spec(key), ok)).toBe(ok);
      }
      for (const bad of ['http://example.com/usage', 'http://10.0.0.1/', 'http://127.0.0.1.example.com/', 'http://localhost.evil.test/']) {
        expect(() => parseValue(spec(key), bad)).toThrow(`${key} must be an https:// URL (plain http:// only to localhost, 127.0.0.0/8 or [::1])`);
      }
    }
    const r = parseConfigText('[quota]\nusage_url = "http://api.example.com/usage"\n');
    expect(r.config.quota.usage_url).toBe('https://api.anthropic.com/api/oauth/usage');
    expect(r.problems[0]).toMatchObject({line: 2, key: 'quota.usage_url'});
  });

  it('rejects newlines, ESC and other control characters in strings, lists and URLs', () => {
    const msg = 'must not contain control characters';
    expect(() => parseValue(spec('fleet.machine_label'), 'a\nb')).toThrow(`fleet.machine_label ${msg}`);
    expect(() => parseValue(spec('fleet.machine_label'), 'a\u001b[2Jb')).toThrow(msg);
    expect(() => parseValue(spec('fleet.machine_label'), 'a\u202eb')).toThrow(msg);
    expect(() => parseValue(spec('data.claude_dirs'), '/a,/b\u0007c')).toThrow(`data.claude_dirs ${msg}`);
    expect(() => parseValue(spec('quota.usage_url'), 'https://x.test/\u001b]0;t\u0007')).toThrow(msg);
    const r = parseConfigText('[fleet]\nmachine_label = "evil\\u001b[2J"\n[data]\nclaude_dirs = ["/ok", "/b\\nc"]\n');
    expect(r.config.fleet.machine_label).toBe('');
    expect(r.config.data.claude_dirs).toEqual([]);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [2, `fleet.machine_label ${msg} (newline, tab, ESC, …)`],
      [4, `data.claude_dirs ${msg} (newline, tab, ESC, …)`],
    ]);
    expect(parseValue(spec('fleet.machine_label'), 'büro Mac')).toBe('büro Mac');
  });

  it('never echoes control characters of what the user typed in an error', () => {
    expect(() => parseValue(spec('ui.theme'), 'x\u001b[31m')).toThrow('got "x\ufffd[31m"');
    expect(parseConfigText('"k\\u001b[2J" = 1\n').problems[0]!.message).toBe('"k\ufffd[2J" is not a config section');
  });
});

describe('keys', () => {
  it('suggests the closest key for a typo', () => {
    expect(suggestKey('ui.default_tb')).toBe('ui.default_tab');
    expect(suggestKey('refresh_sec')).toMatch(/refresh_secs$/);
    expect(suggestKey('completely.unrelated.thing')).toBeUndefined();
    expect(() => requireKey('ui.theem')).toThrow('did you mean "ui.theme"');
  });
});

describe('config text', () => {
  it('renders every key with its description, and reads back the same config', () => {
    const cfg = defaultConfig();
    cfg.ui.default_tab = 'models';
    cfg.data.claude_dirs = ['/x', '~/y'];
    cfg.quota.refresh_secs = 900;
    const text = renderConfigText(cfg);
    for (const s of CONFIG_KEYS) expect(text).toContain(`# ${s.description}`);
    const back = parseConfigText(text);
    expect(back.problems).toEqual([]);
    expect(back.config).toEqual(cfg);
  });

  it('reports a syntax error with its line and falls back to defaults', () => {
    const r = parseConfigText('[ui]\ndefault_tab = "models"\ntheme = \n');
    expect(r.syntaxOk).toBe(false);
    expect(r.problems[0]!.line).toBe(3);
    expect(r.config).toEqual(defaultConfig());
  });

  it('keeps valid keys and reports bad values and unknown keys with their lines', () => {
    const r = parseConfigText('[ui]\ndefault_tab = "models"\n\n[quota]\nrefresh_secs = 5\nenabeld = true\n');
    expect(r.config.ui.default_tab).toBe('models');
    expect(r.config.quota.refresh_secs).toBe(180);
    expect(r.problems).toEqual([
      {message: 'quota.refresh_secs must be at least 60, got 5', line: 5, key: 'quota.refresh_secs'},
      {message: 'unknown key "quota.enabeld" (did you mean "quota.enabled"?)', line: 6, key: 'quota.enabeld'},
    ]);
  });

  it('finds the line of a key without turning the key into a pattern', () => {
    const text = '# c++ = 0\n"c++" = 1\n[x(]\n\n[ui]\n"x(" = 2\n  \'(a+)+$\' = 3\n' + 'a'.repeat(40) + ' = 4\n';
    expect(lineOfKey(text, '', 'c++')).toBe(2);
    expect(lineOfKey(text, 'ui', 'x(')).toBe(6);
    expect(lineOfKey(text, 'ui', '(a+)+$')).toBe(7);
    expect(lineOfKey(text, 'ui', 'a'.repeat(40))).toBe(8);
    expect(lineOfKey(text, 'ui', 'missing')).toBeUndefined();
    expect(lineOfKey('ui.theme = "mono"\n', 'ui', 'theme')).toBe(1);
    expect(lineOfKey('[ "ui" ]\n# x\n"da.ta" = "\\"="\n', 'ui', 'da.ta')).toBe(3);
  });

  it('reports keys that are not valid patterns, and a catastrophic-backtracking key, with their lines', () => {
    expect(parseConfigText('"c++" = 1\n[ui]\n"x(" = 1\n').problems).toEqual([
      {message: '"c++" is not a config section', line: 1, key: 'c++'},
      {message: 'unknown key "ui.x("', line: 3, key: 'ui.x('},
    ]);
    const redos = parseConfigText(`"(a+)+$" = 1\n${'a'.repeat(32)} = 1\n`);
    expect(redos.problems.map((p) => [p.line, p.key])).toEqual([[1, '(a+)+$'], [2, 'a'.repeat(32)]]);
  });

  it('rejects wrong TOML types', () => {
    const r = parseConfigText('[data]\nclaude_dirs = "/one"\n[ui]\ntheme = 3\n');
    expect(r.problems.map((p) => p.line)).toEqual([2, 4]);
    expect(r.problems[0]!.message).toContain('list of strings');
  });
});

describe('loadConfig and setConfigValue (real files)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, {recursive: true, force: true}));
  const env = () => ({HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg')});

  it('creates the commented default file on first run', () => {
    dir = mkdtempSync(join(tmpdir(), 'aura-cfg-'));
    const r = loadConfig(env());
    expect(r.path).toBe(join(dir, 'cfg', 'aura', 'config.toml'));
    expect(r.error).toBeUndefined();
    expect(r.config).toEqual(defaultConfig());
    const text = readFileSync(r.path, 'utf8');
    expect(text).toContain('[fleet]');
    expect(text).toContain('# Tab shown when the dashboard opens.');
  });

  it('never throws on a broken file: defaults plus the line', () => {
    dir = mkdtempSync(join(tmpdir(), 'aura-cfg-'));
    mkdirSync(join(dir, 'cfg', 'aura'), {recursive: true});
    writeFileSync(join(dir, 'cfg', 'aura', 'config.toml'), '# ok\n[ui\n');
    const r = loadConfig(env());
    expect(r.config).toEqual(defaultConfig());
    expect(r.error?.line).toBe(2);
    expect(r.error?.message).toMatch(/^invalid TOML/);
  });

  it('sets one key, keeps the others and the comments, leaves no temp file', () => {
    dir = mkdtempSync(join(tmpdir(), 'aura-cfg-'));
    loadConfig(env());
    setConfigValue('ui.default_period', '7d', env());
    setConfigValue('insights.top_n', '12', env());
    const r = loadConfig(env());
    expect(r.config.ui.default_period).toBe('7d');
    expect(r.config.insights.top_n).toBe(12);
    expect(readFileSync(r.path, 'utf8')).toContain('# Rows in the top projects');
    expect(readdirSync(join(dir, 'cfg', 'aura'))).toEqual(['config.toml']);
  });

  it('refuses to rewrite a file with problems elsewhere, but may fix the bad key itself', () => {
    dir = mkdtempSync(join(tmpdir(), 'aura-cfg-'));
    mkdirSync(join(dir, 'cfg', 'aura'), {recursive: true});
    const path = join(dir, 'cfg', 'aura', 'config.toml');
    writeFileSync(path, '[quota]\nrefresh_secs = 5\n');
    expect(() => setConfigValue('ui.theme', 'mono', env())).toThrow(/config\.toml:2: quota\.refresh_secs/);
    expect(readFileSync(path, 'utf8')).toBe('[quota]\nrefresh_secs = 5\n');
    setConfigValue('quota.refresh_secs', '300', env());
    expect(loadConfig(env()).config.quota.refresh_secs).toBe(300);
  });
});

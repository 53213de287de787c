// The declarative list of every config key: type, default, bounds, help text.
// `aura config describe`, validation, the commented default file and the typed
// AuraConfig below all come from this one table.

export type ConfigValueType = 'bool' | 'int' | 'string' | 'enum' | 'list' | 'url';

export interface ConfigKeySpec {
  key: string; // "section.name"
  type: ConfigValueType;
  default: boolean | number | string | string[];
  min?: number;
  max?: number;
  values?: readonly string[]; // for enum
  maxLength?: number; // for string: characters (code points)
  env?: string; // environment variable that, when set and non-empty, overrides the value
  description: string;
}

/** Longest `fleet.machine_label` (characters); a longer host name is cut to it when published. */
export const MAX_LABEL_CHARS = 64;

export const TAB_IDS = ['quota', 'forecast', 'summary', 'models', 'insights', 'fleet', 'activity'] as const;
export type TabId = (typeof TAB_IDS)[number];

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  {key: 'ui.default_tab', type: 'enum', default: 'quota', values: TAB_IDS, description: 'Tab shown when the dashboard opens.'},
  {key: 'ui.default_period', type: 'enum', default: 'all', values: ['all', '7d', '30d'], description: 'Period selected on start (All time, Last 7 days, Last 30 days).'},
  {key: 'ui.theme', type: 'enum', default: 'default', values: ['default', 'mono'], description: 'Colour theme; "mono" uses no colours (NO_COLOR does the same).'},
  {key: 'data.claude_dirs', type: 'list', default: [], description: 'Claude config dirs (or their projects/ folders) to read; empty = CLAUDE_CONFIG_DIR or the defaults.'},
  {key: 'data.timezone', type: 'string', default: '', description: 'IANA time zone for days and hours; empty = the system zone.'},
  {key: 'quota.enabled', type: 'bool', default: true, description: 'Show the Quota and Forecast tabs and poll the usage API.'},
  {key: 'quota.refresh_secs', type: 'int', default: 180, min: 60, max: 86_400, description: 'Poll the usage API at most this often (seconds, shared by all aura processes).'},
  {key: 'quota.usage_url', type: 'url', default: 'https://api.anthropic.com/api/oauth/usage', env: 'AURA_USAGE_URL', description: 'Usage API endpoint (env AURA_USAGE_URL overrides); https:// required, plain http:// only to localhost, 127.0.0.0/8 or [::1].'},
  {key: 'pacing.enabled', type: 'bool', default: true, description: 'Compute the session budget on the Forecast tab.'},
  {key: 'pacing.active_session_min_tokens', type: 'int', default: 50_000, min: 1, max: 1_000_000_000, description: 'Tokens a 5-hour window needs to count as active.'},
  {key: 'pacing.history_days', type: 'int', default: 14, min: 1, max: 90, description: 'Days of history used to learn how many windows a day you use.'},
  {key: 'insights.enabled', type: 'bool', default: true, description: 'Show the Insights tab.'},
  // max: INSIGHTS_CAP (core/insights.ts), the rows the lists keep.
  {key: 'insights.top_n', type: 'int', default: 5, min: 0, max: 25, description: 'Rows in the top projects / sessions lists (0 = all, at most 25).'},
  {key: 'fleet.enabled', type: 'bool', default: false, description: 'Share this machine\'s usage with the paired fleet (turned on by `aura pair`).'},
  {key: 'fleet.broker_url', type: 'url', default: 'https://ntfy.sh', description: 'ntfy broker that relays the encrypted heartbeats; https:// required, plain http:// only to localhost, 127.0.0.0/8 or [::1].'},
  {key: 'fleet.machine_label', type: 'string', default: '', maxLength: MAX_LABEL_CHARS, description: 'Name shown for this machine; empty = the host name.'},
  {key: 'fleet.heartbeat_secs', type: 'int', default: 45, min: 20, max: 3600, description: 'Seconds between heartbeats (floor 20: each cadence makes two broker requests).'},
  {key: 'fleet.stale_secs', type: 'int', default: 120, min: 30, max: 86_400, description: 'A machine not heard from for this long is shown as stale.'},
  {key: 'activity.enabled', type: 'bool', default: true, description: 'Show the Activity tab (live Claude Code processes).'},
  {key: 'activity.refresh_secs', type: 'int', default: 3, min: 1, max: 3600, description: 'Seconds between process samples while the Activity tab is on screen.'},
];

export interface AuraConfig {
  ui: {default_tab: TabId; default_period: 'all' | '7d' | '30d'; theme: 'default' | 'mono'};
  data: {claude_dirs: string[]; timezone: string};
  quota: {enabled: boolean; refresh_secs: number; usage_url: string};
  pacing: {enabled: boolean; active_session_min_tokens: number; history_days: number};
  insights: {enabled: boolean; top_n: number};
  fleet: {enabled: boolean; broker_url: string; machine_label: string; heartbeat_secs: number; stale_secs: number};
  activity: {enabled: boolean; refresh_secs: number};
}

/** A fresh config holding every default. */
export function defaultConfig(): AuraConfig {
  const out: Record<string, Record<string, unknown>> = {};
  for (const spec of CONFIG_KEYS) {
    const [section, name] = spec.key.split('.') as [string, string];
    out[section] ??= {};
    out[section][name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  return out as unknown as AuraConfig;
}

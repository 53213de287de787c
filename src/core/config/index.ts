// Public face of the config module: the schema, loading, and editing.
export * from './schema.js';
export {loadConfig, configPath, setConfigValue, readConfigFile, type LoadedConfig} from './load.js';
export {parseConfigText, renderConfigText, getValue, type ConfigProblem} from './document.js';
export {ConfigError, parseValue, checkValue, requireKey, suggestKey, formatValue, type ConfigValue} from './values.js';

// Every tab of the dashboard, in TAB_IDS order. Each tab file exports one TabDefinition;
// add it to TABS below (the order in this list does not matter).
import {TAB_IDS, type AuraConfig} from '../../core/config/schema.js';
import {activityTab} from './ActivityTab.js';
import {fleetTab} from './FleetTab.js';
import {forecastTab} from './ForecastTab.js';
import {insightsTab} from './InsightsTab.js';
import {modelsTab} from './ModelsTab.js';
import {quotaTab} from './QuotaTab.js';
import {summaryTab} from './SummaryTab.js';
import type {TabDefinition} from './types.js';

const TABS: TabDefinition[] = [summaryTab, modelsTab, fleetTab, quotaTab, forecastTab, insightsTab, activityTab];

/** All registered tabs, ordered as TAB_IDS. */
export const ALL_TABS: readonly TabDefinition[] = [...TABS].sort((a, b) => TAB_IDS.indexOf(a.id) - TAB_IDS.indexOf(b.id));

/** The tabs shown for a config (a tab turned off in config is hidden). */
export function visibleTabs(config: AuraConfig, tabs: readonly TabDefinition[] = ALL_TABS): TabDefinition[] {
  return tabs.filter((t) => t.enabled(config));
}

/** Index of the tab to open first: `[ui] default_tab` when visible, else the first tab. */
export function defaultTabIndex(config: AuraConfig, tabs: readonly TabDefinition[]): number {
  return Math.max(0, tabs.findIndex((t) => t.id === config.ui.default_tab));
}

// Counterfactual replay: action items applied to the scenario, the session re-run side by side.
export { CounterfactualItemSchema, AlertRuleInput, COUNTERFACTUAL_ITEM_TYPES, parseCounterfactualItems, type CounterfactualItem, type CounterfactualItemInput, type AlertRuleSpec, type ItemsParse } from './items.ts';
export { applyItems, productionEnvs, type AppliedItem, type ApplyResult } from './apply.ts';
export {
  counterfactual,
  outcomeOf,
  COUNTERFACTUAL_FORMAT,
  type CounterfactualResult,
  type CounterfactualOutcome,
  type CounterfactualRun,
  type RunOutcome,
  type Comparison,
  type SloComparison,
} from './replay.ts';

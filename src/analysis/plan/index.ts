export { planFromRates, type RatePlan, type RatePlanInput } from './plan-from-rates.js';
export {
  planFromRun,
  planFromTable,
  type PilotGraderPlan,
  type PilotPlan,
  type PilotPlanOptions,
} from './plan-from-run.js';

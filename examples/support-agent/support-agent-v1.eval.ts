import { supportAgentEval } from './support-agent-eval.js';

export default supportAgentEval('v1');

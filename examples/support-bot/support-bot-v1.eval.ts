import { supportBotEval } from './support-bot-eval.js';
import supportBot from './v1.js';

export default supportBotEval('1', supportBot);

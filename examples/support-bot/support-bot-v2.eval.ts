import { supportBotEval } from './support-bot-eval.js';
import supportBot from './v2.js';

export default supportBotEval('2', supportBot);

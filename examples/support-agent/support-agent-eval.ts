// The support-agent eval, shared by both releases: the same conversations, tools and graders.
import { defineEval, functionTarget } from '../../src/index.js';
import { agent, releases } from './agent.js';

const order = { type: 'string', pattern: '^A-\\d{4}$' };

export function supportAgentEval(release: 'v1' | 'v2') {
  return defineEval({
    name: 'support-agent',
    dataset: './cases.jsonl',
    target: functionTarget(agent(releases[release]), { name: `support-agent-${release}` }),
    tools: [
      {
        name: 'lookup_order',
        description: 'Find an order by id: status, total, item, days since delivery.',
        parameters: { type: 'object', properties: { id: order }, required: ['id'] },
        result: { module: './tools.ts', export: 'lookupOrder' },
      },
      {
        name: 'refund',
        description: 'Refund a delivered order in full.',
        parameters: {
          type: 'object',
          properties: { orderId: order, reason: { type: 'string' } },
          required: ['orderId'],
        },
        result: { module: './tools.ts', export: 'refund' },
      },
      {
        name: 'escalate',
        description: 'Hand the conversation to a person.',
        parameters: {
          type: 'object',
          properties: { reason: { type: 'string' }, orderId: order },
          required: ['reason'],
        },
        result: { module: './tools.ts', export: 'escalate' },
      },
    ],
    maxSteps: 6,
    graders: [
      // Each turn with an `expected` is checked (reply@turnN), and the conversation as all of them.
      { type: 'includes', name: 'reply', ignoreCase: true },
      // What the customer reads last, against the case's `expected`.
      { type: 'final-answer', name: 'answer', grader: { type: 'includes', ignoreCase: true } },
      { type: 'max-steps', name: 'steps', max: 6 },
    ],
  });
}

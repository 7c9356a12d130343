import { dirname } from 'node:path';
import { canonicalJson } from '../core/hash.js';
import type { Case } from '../core/types.js';
import type { AgentSetup } from '../targets/agent-setup.js';
import type { ChatModel } from '../targets/chat-model.js';
import type { ChatModelSpec } from '../targets/create-chat-model.js';
import { loadTools, parseMaxSteps } from '../targets/tools/load-tools.js';
import type { EvalDefinition } from './eval-definition.js';
import type { Grader } from '../graders/grader.js';
import { createGrader } from '../graders/registry.js';
import { AssayError as Problem, isAssayError, type Issue } from '../core/errors.js';

/**
 * The agent side of an eval: its tools (loaded once), `maxSteps`, the dataset's folder for
 * image files, and the simulated-user model. A case with a `simulatedUser` but no model to
 * play it is refused here, before the first call.
 */
export async function resolveAgentSetup(
  def: EvalDefinition,
  dataset: { readonly path?: string },
  /** The cases that are conversations (scripted turns or a simulated user). */
  cases: readonly Case[],
  context: { readonly baseDir: string; readonly env: NodeJS.ProcessEnv },
): Promise<AgentSetup> {
  const tools = await loadTools(def.tools, { baseDir: context.baseDir });
  const maxSteps = parseMaxSteps(def.maxSteps);
  const base = {
    ...(tools && { tools }),
    maxSteps,
    datasetDir: dataset.path ? dirname(dataset.path) : context.baseDir,
  };
  // The chat models (their dialects and the HTTP transport) are loaded only for simulated users.
  if (def.userModel === undefined && !cases.some((c) => c.simulatedUser !== undefined)) return Object.freeze(base);
  const { createChatModel } = await import('../targets/create-chat-model.js');
  const models = new Map<string, ChatModel>();
  const createUserModel = (spec: unknown): ChatModel => {
    const key = canonicalJson(spec);
    let model = models.get(key);
    if (!model) {
      model = createChatModel(spec as ChatModelSpec, { env: context.env, baseDir: context.baseDir });
      models.set(key, model);
    }
    return model;
  };
  const userModel = def.userModel === undefined ? undefined : createUserModel(def.userModel);
  for (const c of cases) {
    if (c.simulatedUser === undefined) continue;
    if (c.simulatedUser.model !== undefined) createUserModel(c.simulatedUser.model);
    else if (!userModel) {
      throw new Problem('NO_USER_MODEL', `Case '${c.id}' has a simulatedUser but no model to play it.`, {
        hint: 'Set userModel: { provider, model, baseUrl? } in the eval file, or simulatedUser.model in the case.',
      });
    }
  }
  return Object.freeze({ ...base, ...(userModel && { userModel }), createUserModel });
}

/**
 * Builds the graders that conversation turns name (`turns[i].graders`), once per distinct
 * spec, reporting every misconfigured one with its case before the first call.
 */
export async function buildTurnGraders(
  cases: readonly Case[],
  context: { readonly baseDir: string; readonly env: NodeJS.ProcessEnv },
): Promise<ReadonlyMap<string, Grader> | undefined> {
  const graders = new Map<string, Grader>();
  const issues: Issue[] = [];
  for (const c of cases) {
    for (const [i, turn] of (c.turns ?? []).entries()) {
      for (const [j, spec] of (turn.graders ?? []).entries()) {
        const key = canonicalJson(spec);
        if (graders.has(key)) continue;
        try {
          graders.set(key, await createGrader(spec, context));
        } catch (error) {
          if (!isAssayError(error)) throw error;
          const where = `case ${c.id}: turns[${i}].graders[${j}]`;
          issues.push(
            ...(error.issues.length > 0
              ? error.issues
              : [{ code: 'invalid_value' as const, path: '', message: error.message }]
            ).map((issue) => ({ ...issue, path: `${where}${issue.path ? `: ${issue.path}` : ''}` })),
          );
        }
      }
    }
  }
  if (issues.length > 0) {
    throw new Problem('GRADER_CONFIG_INVALID', `The graders of conversation turns have ${issues.length} problem(s).`, {
      issues,
      hint: 'A turn grader is written like an eval grader: { type, name?, …options }.',
    });
  }
  return graders.size > 0 ? graders : undefined;
}

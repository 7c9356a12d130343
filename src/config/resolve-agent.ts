import { dirname } from 'node:path';
import { AssayError } from '../core/errors.js';
import { canonicalJson } from '../core/hash.js';
import type { Case } from '../core/types.js';
import type { Dataset } from '../datasets/dataset.js';
import type { AgentSetup } from '../targets/agent-setup.js';
import type { ChatModel } from '../targets/chat-model.js';
import { createChatModel, type ChatModelSpec } from '../targets/create-chat-model.js';
import { loadTools, parseMaxSteps } from '../targets/tools/load-tools.js';
import type { EvalDefinition } from './eval-definition.js';

/**
 * The agent side of an eval: its tools (loaded once), `maxSteps`, the dataset's folder for
 * image files, and the simulated-user model. A case with a `simulatedUser` but no model to
 * play it is refused here, before the first call.
 */
export async function resolveAgentSetup(
  def: EvalDefinition,
  dataset: Dataset,
  cases: readonly Case[],
  context: { readonly baseDir: string; readonly env: NodeJS.ProcessEnv },
): Promise<AgentSetup> {
  const tools = await loadTools(def.tools, { baseDir: context.baseDir });
  const maxSteps = parseMaxSteps(def.maxSteps);
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
      throw new AssayError('NO_USER_MODEL', `Case '${c.id}' has a simulatedUser but no model to play it.`, {
        hint: 'Set userModel: { provider, model, baseUrl? } in the eval file, or simulatedUser.model in the case.',
      });
    }
  }
  return Object.freeze({
    ...(tools && { tools }),
    maxSteps,
    datasetDir: dataset.path ? dirname(dataset.path) : context.baseDir,
    ...(userModel && { userModel }),
    createUserModel,
  });
}

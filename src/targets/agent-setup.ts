import type { ChatModel } from './chat-model.js';
import type { Toolbox } from './tools/toolbox.js';

/**
 * What an eval gives its target beyond the case: the tools, the step limit of a tool-calling
 * loop, where image files live, and the model that plays simulated users.
 */
export interface AgentSetup {
  readonly tools?: Toolbox;
  /** Model calls per turn (default 10). */
  readonly maxSteps: number;
  /** Folder that image paths resolve against (the dataset file's folder). */
  readonly datasetDir: string;
  /** Plays a case's `simulatedUser` when the case names no model of its own. */
  readonly userModel?: ChatModel;
  /** Builds the model a case's `simulatedUser.model` names (cached per spec). */
  readonly createUserModel?: (spec: unknown) => ChatModel;
}

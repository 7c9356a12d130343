import { AssayError } from '../../core/errors.js';

/**
 * Reads the API key from the environment. A missing key is an error naming the variable,
 * except for servers on this machine (127.0.0.1, localhost), which often need none — unless
 * the config named the variable itself (`explicit`): then the user expects a key and a
 * missing one is a mistake worth stopping for.
 *
 * @example
 * resolveApiKey({ provider: 'openai', apiKeyEnv: 'OPENAI_API_KEY', baseUrl, env: process.env })
 */
export function resolveApiKey(input: {
  provider: string;
  apiKeyEnv: string | null;
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  explicit?: boolean;
}): string | undefined {
  // Why null: a provider that needs no key by default (Ollama) only reads one when told which variable to use.
  if (input.apiKeyEnv === null) return undefined;
  const key = input.env[input.apiKeyEnv]?.trim();
  if (key) return key;
  if (isLocalUrl(input.baseUrl) && !input.explicit) return undefined;
  throw new AssayError(
    'TARGET_API_KEY_MISSING',
    `The ${input.provider} target needs an API key in the environment variable ${input.apiKeyEnv}, which is not set.`,
    {
      hint: `Set it before running, e.g. \`export ${input.apiKeyEnv}=…\` (or add it to your CI secrets), or name another variable with \`apiKeyEnv\`.`,
    },
  );
}

/** True for URLs pointing at this machine. */
export function isLocalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return (
      host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1' || host.endsWith('.localhost')
    );
  } catch {
    return false;
  }
}

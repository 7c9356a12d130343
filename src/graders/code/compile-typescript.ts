/** TypeScript compiled to CommonJS JavaScript, or the compiler's first error as a fail reason. */
export interface CompiledProgram {
  readonly code: string;
  readonly error?: string;
}

/**
 * Strips the types on the host with esbuild (a pure transform that runs none of the code),
 * so the sandbox needs only Node. A type error is not a fail; a syntax error is.
 */
export async function compileTypeScript(source: string): Promise<CompiledProgram> {
  const { transform } = await import('esbuild');
  try {
    const out = await transform(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: 'main.ts' });
    return { code: out.code };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; lineText: string } }[] }).errors?.[0];
    if (first === undefined) return { code: '', error: `TypeScript compile error: ${(error as Error).message}` };
    const at = first.location ? ` at line ${first.location.line}: ${first.location.lineText.trim()}` : '';
    return { code: '', error: `SyntaxError${at}: ${first.text}` };
  }
}

// Reads the Dockerfile the way a builder would, without a container engine: its stages, their instructions,
// and where each file of a stage comes from (the build context or another stage), so that a test can lay
// out the runtime stage's /app in a temp dir and run what the image runs.
import { findRepoRoot } from '@switchboard/testing';
import { DockerfileParser, type Copy, type From, type Instruction, type JSONInstruction, type ModifiableInstruction, type Property } from 'dockerfile-ast';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = findRepoRoot(__dirname);
export const DOCKERFILE = path.join(ROOT, 'Dockerfile');

export interface Stage {
  name: string | null;
  from: From;
  /** The instructions after this stage's FROM. */
  instructions: Instruction[];
}

export function readStages(content = readFileSync(DOCKERFILE, 'utf8')): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      stages.push({ name: from.getBuildStage(), from, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    } else {
      throw new Error(`${instruction.getKeyword()} before the first FROM`);
    }
  }
  return stages;
}

export const ofKind = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword);

/** An instruction's `--name=value` flags. */
export const flagsOf = (instruction: Instruction): Record<string, string> =>
  Object.fromEntries(((instruction as ModifiableInstruction).getFlags?.() ?? []).map((f) => [f.getName(), f.getValue() ?? '']));

/** The exec-form (JSON) arguments of CMD or ENTRYPOINT; throws on the shell form. */
export function execForm(instruction: Instruction): string[] {
  const strings = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
  if (strings.length === 0) throw new Error(`${instruction.getKeyword()} is not in exec (JSON) form`);
  return strings.map((s) => s.getJSONValue());
}

/** HEALTHCHECK's flags and its exec-form command. */
export function healthcheck(instruction: Instruction): { flags: Record<string, string>; command: string[] } {
  const content = instruction.getArgumentsContent() ?? '';
  if (!content.startsWith('CMD ')) throw new Error(`HEALTHCHECK must be "CMD [...]" (got ${content.slice(0, 40)})`);
  const command: unknown = JSON.parse(content.slice(4));
  if (!Array.isArray(command) || !command.every((a) => typeof a === 'string')) throw new Error('HEALTHCHECK CMD must be a JSON array of strings');
  return { flags: flagsOf(instruction), command };
}

/** A double-quoted Dockerfile value without its quotes. */
const unquote = (value: string) => (/^"(.*)"$/s.test(value) ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value);

/** ENV, ARG or LABEL name/value pairs of a stage. */
export function properties(stage: Stage, keyword: 'ENV' | 'ARG' | 'LABEL'): Array<{ name: string; value: string }> {
  return ofKind(stage, keyword).flatMap((i) =>
    ((i as unknown as { getProperties(): Property[] }).getProperties() ?? []).map((p) => ({ name: p.getName(), value: unquote(p.getUnescapedValue() ?? '') })),
  );
}

/** The `&&`-separated commands of a RUN (shell form). */
export function runCommands(instruction: Instruction): string[] {
  return (instruction.getArgumentsContent() ?? '')
    .split('&&')
    .map((c) => c.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** One file or directory of a stage's file system and where its content comes from on this machine. */
export interface Placement {
  /** Absolute path in the image. */
  image: string;
  /** Absolute path in the worktree (the build context, or the worktree after the build for the build stage). */
  source: string;
}

/**
 * Where every file a stage copies comes from. A stage named in `builtFromContext` is taken to be the build
 * context after its RUN steps (the build stage copies the whole context and builds it in place, which the
 * tests check), so `COPY --from=<it> /app/x` is the worktree's built `x`.
 */
export function placements(stages: Stage[], stage: Stage, builtFromContext: Record<string, string>): Placement[] {
  const byName = new Map(stages.filter((s) => s.name).map((s) => [s.name as string, s]));
  const baseStage = byName.get(stage.from.getImage() ?? '');
  const placed: Placement[] = baseStage ? placements(stages, baseStage, builtFromContext) : [];
  let workdir = baseStage ? lastWorkdir(baseStage) : '/';
  for (const instruction of stage.instructions) {
    if (instruction.getKeyword() === 'WORKDIR') workdir = path.posix.resolve(workdir, instruction.getArgumentsContent() ?? '');
    if (instruction.getKeyword() !== 'COPY') continue;
    const copy = instruction as Copy;
    const args = copy.getArguments().map((a) => a.getValue());
    const flags = copy.getFlags();
    if (flags.some((f) => f.getName() !== 'from')) throw new Error(`unsupported COPY flag in: COPY ${copy.getArgumentsContent()}`);
    const dest = path.posix.resolve(workdir, args[args.length - 1]);
    const destIsDir = args[args.length - 1].endsWith('/') || args[args.length - 1] === '.' || args.length > 2;
    const fromStage = copy.getFromFlag()?.getValue() ?? null;
    for (const src of args.slice(0, -1)) {
      if (/[*?[]/.test(src)) throw new Error(`wildcards are not modelled: COPY ${copy.getArgumentsContent()}`);
      if (fromStage === null) {
        const source = path.resolve(ROOT, src);
        placed.push({ image: destIsDir && src !== '.' ? path.posix.join(dest, path.basename(src)) : dest, source });
      } else if (builtFromContext[fromStage] !== undefined) {
        const contextRoot = builtFromContext[fromStage];
        const rel = path.posix.relative(contextRoot, src);
        if (rel.startsWith('..')) throw new Error(`COPY --from=${fromStage} ${src}: outside ${contextRoot}`);
        placed.push({ image: dest, source: path.resolve(ROOT, rel) });
      } else {
        const other = byName.get(fromStage);
        if (!other) throw new Error(`COPY --from=${fromStage}: no such stage`);
        for (const p of placements(stages, other, builtFromContext)) {
          if (p.image === src || p.image.startsWith(`${src}/`)) placed.push({ image: path.posix.join(dest, path.posix.relative(src, p.image)), source: p.source });
          else if (src.startsWith(`${p.image}/`)) placed.push({ image: dest, source: path.join(p.source, path.posix.relative(p.image, src)) });
        }
      }
    }
  }
  return placed;
}

export function lastWorkdir(stage: Stage): string {
  const workdirs = ofKind(stage, 'WORKDIR');
  return workdirs.length ? (workdirs[workdirs.length - 1].getArgumentsContent() ?? '/') : '/';
}

/** `.dockerignore` as Docker reads it: a path is excluded when it or one of its parent directories matches. */
export function dockerignore(content = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')): (file: string) => boolean {
  const rules = content
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = path.posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''));
      const source = pattern
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) =>
          part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
        )
        .join('');
      return { negate, regex: new RegExp(`^${source}$`) };
    });
  return (file) => {
    const parts = file.split('/');
    let excluded = false;
    for (const { negate, regex } of rules) {
      for (let i = 1; i <= parts.length; i++) {
        if (regex.test(parts.slice(0, i).join('/'))) {
          excluded = !negate;
          break;
        }
      }
    }
    return excluded;
  };
}

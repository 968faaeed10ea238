import type { TFunction } from 'i18next';
import type { StartProblem } from '../chat/chat-store';

const WORDED = ['required', 'invalid_email', 'invalid_choice', 'too_long'] as const;
type Worded = (typeof WORDED)[number];
const isWorded = (code: string | null): code is Worded => WORDED.includes(code as Worded);

/** A refused answer in the reader's language (section 9's problem codes; any other one gets a general request). */
export function problemText(t: TFunction, problem: StartProblem, label: string): string {
  return t(`prechat.problem.${isWorded(problem.code) ? problem.code : 'other'}`, { label });
}

/** The first problem at `field` (`fields.<key>`, `teamId`), if any. */
export const problemAt = (problems: readonly StartProblem[], field: string) =>
  problems.find((problem) => problem.field === field) ?? null;

/** The attributes that tie a control to its inline error (read out with it, and marked invalid). */
export function invalidProps(errorId: string, error: string | null) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};
}

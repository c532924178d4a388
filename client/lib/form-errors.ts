import { ApiError } from './api';
import type { FormProblem } from '../ui/error-summary';

type Issue = { path: string[]; message: string };

// The Worker turns zod failures into a 400 whose `details` are the issues (each with a `path`)
// and whose message reads "field.0: problem; other: problem". Either is enough to put each
// problem beside its field; anything unrecognised stays a form-level problem.
function issuesOf(error: ApiError): Issue[] {
  if (Array.isArray(error.details)) {
    const issues = error.details.flatMap((entry: unknown): Issue[] => {
      if (typeof entry !== 'object' || entry === null) return [];
      const { path, message } = entry as { path?: unknown; message?: unknown };
      if (typeof message !== 'string') return [];
      return [{ path: Array.isArray(path) ? path.map(String) : [], message }];
    });
    if (issues.length > 0) return issues;
  }
  return error.message.split('; ').map((part) => {
    const match = /^([A-Za-z][\w.]*): (.+)$/.exec(part);
    return match ? { path: match[1]!.split('.'), message: match[2]! } : { path: [], message: part };
  });
}

/**
 * Problems for an ErrorSummary from a failed submit. `fields` maps the API's field names to
 * the ids of the controls that edit them, e.g. `{ email: 'invite-email' }`.
 */
export function problemsFrom(error: unknown, fields: Record<string, string>): FormProblem[] {
  if (!(error instanceof ApiError)) {
    console.error(error);
    return [{ message: 'Something went wrong. Please try again.' }];
  }
  if (error.status !== 400) return [{ message: error.message }];
  return issuesOf(error).map((issue) => {
    const fieldId = issue.path[0] === undefined ? undefined : fields[issue.path[0]];
    return { message: issue.message, fieldId };
  });
}

/** The first problem reported for one control, for the message under it. */
export function problemFor(problems: FormProblem[], fieldId: string): string | null {
  return problems.find((p) => p.fieldId === fieldId)?.message ?? null;
}

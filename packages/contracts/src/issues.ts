import type { ValidationIssue } from './generated/types';
import type { RawValidationError } from './raw-validator';

/** Patterns longer than this are not quoted in messages: a 600-character regex helps nobody. */
const MAX_QUOTED_PATTERN = 60;

/**
 * Turns Ajv's errors into issues people can act on: each names the exact JSON Pointer of the
 * problem (a missing or unexpected property is pointed at, not its parent), duplicates are
 * dropped and the order is stable (by path, then message).
 */
export function toIssues(errors: readonly RawValidationError[]): ValidationIssue[] {
  const issues = new Map<string, ValidationIssue>();
  for (const error of collapseChoices(errors.filter((e) => e.keyword !== 'if'))) {
    const issue = toIssue(error);
    issues.set(`${issue.path}\u0000${issue.message}`, issue);
  }
  return [...issues.values()].sort(byPathThenMessage);
}

/**
 * A failed `oneOf`/`anyOf` of constants (how a schema documents each allowed value) reports one
 * error per constant; merge them into a single "must be one of" listing the allowed values.
 */
function collapseChoices(errors: readonly RawValidationError[]): RawValidationError[] {
  const replaced = new Set<RawValidationError>();
  const merged = new Map<RawValidationError, RawValidationError>();
  for (const choice of errors) {
    if (choice.keyword !== 'oneOf' && choice.keyword !== 'anyOf') continue;
    const prefix = `${choice.schemaPath}/`;
    const branches = errors.filter((e) => e.schemaPath.startsWith(prefix));
    if (branches.length === 0 || !branches.every((e) => e.keyword === 'const')) continue;
    for (const branch of branches) replaced.add(branch);
    const allowedValues = branches.map((e) => e.params.allowedValue);
    merged.set(choice, { ...choice, keyword: 'enum', params: { allowedValues } });
  }
  return errors.filter((e) => !replaced.has(e)).map((e) => merged.get(e) ?? e);
}

function toIssue(error: RawValidationError): ValidationIssue {
  const { instancePath: path, keyword, params } = error;
  switch (keyword) {
    case 'required':
      return { path: child(path, params.missingProperty), message: 'is required' };
    case 'additionalProperties':
      return { path: child(path, params.additionalProperty), message: 'is not allowed' };
    case 'false schema':
      return { path, message: 'is not allowed here' };
    case 'const':
      return { path, message: `must be ${show(params.allowedValue)}` };
    case 'enum':
      return { path, message: `must be one of ${list(params.allowedValues)}` };
    case 'type':
      return { path, message: `must be of type ${typeList(params.type)}` };
    case 'pattern':
      return { path, message: patternMessage(params.pattern) };
    case 'minLength':
      return { path, message: params.limit === 1 ? 'must not be empty' : `must be at least ${show(params.limit)} characters long` };
    case 'maxLength':
      return { path, message: `must be at most ${show(params.limit)} characters long` };
    case 'minItems':
      return { path, message: `must have at least ${show(params.limit)} items` };
    case 'maxItems':
      return { path, message: params.limit === 0 ? 'must be empty' : `must have at most ${show(params.limit)} items` };
    default:
      return { path, message: error.message ?? `fails the "${keyword}" rule` };
  }
}

function child(path: string, name: unknown): string {
  const segment = String(name).replaceAll('~', '~0').replaceAll('/', '~1');
  return `${path}/${segment}`;
}

/** Values in Ajv's params come from schemas, so they are JSON (or absent). */
function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function list(values: unknown): string {
  return Array.isArray(values) ? values.map(show).join(', ') : show(values);
}

function typeList(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  const last = types.pop() ?? '';
  return types.length === 0 ? last : `${types.join(', ')} or ${last}`;
}

function patternMessage(pattern: unknown): string {
  const text = String(pattern);
  return text.length <= MAX_QUOTED_PATTERN
    ? `must match the pattern ${text}`
    : 'contains characters or a form this field does not allow';
}

function byPathThenMessage(a: ValidationIssue, b: ValidationIssue): number {
  return compare(a.path, b.path) || compare(a.message, b.message);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

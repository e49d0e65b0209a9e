// Evaluates CRD x-kubernetes-validations (CEL) rules against a value, the way the API server does:
// `self` is the value at the node the rule is attached to; `oldSelf` is absent (we only see creates).
// Compiled rules are cached; a rule we cannot compile is reported as unsupported, never thrown.
import { Environment } from '@marcbachmann/cel-js';
import { KubernetesUrl, kubernetesCelFunctions } from './kubernetesCelLibrary';
import { celGoWording } from './celErrorWording';

export type CelRuleOutcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'fail'; readonly message?: string }
  /** Evaluation raised an error on this value (the API server rejects the object then, too). */
  | { readonly kind: 'error'; readonly error: string }
  /** The rule does not compile here (syntax or a function we lack): skipped, not reported. */
  | { readonly kind: 'unsupported'; readonly reason: string };

type Program = (context: Record<string, unknown>) => unknown;
type Compiled = { readonly program: Program } | { readonly unsupported: string };

function buildEnvironment(): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false }).registerType('URL', KubernetesUrl).registerVariable('self', 'dyn');
  for (const entry of kubernetesCelFunctions) env.registerFunction(entry.signature, entry.handler as (...args: unknown[]) => unknown);
  return env;
}

let environment: Environment | undefined;
const compiled = new Map<string, Compiled>();

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
}

/** Parses and type-checks an expression once; the result is cached by its text. */
export function compileCel(expression: string): Compiled {
  const hit = compiled.get(expression);
  if (hit) return hit;
  let result: Compiled;
  try {
    environment ??= buildEnvironment();
    const checked = environment.check(expression);
    if (!checked.valid) result = { unsupported: errorText(checked.error) };
    else result = { program: environment.parse(expression) as unknown as Program };
  } catch (error) {
    result = { unsupported: errorText(error) };
  }
  compiled.set(expression, result);
  return result;
}

/**
 * Converts a plain YAML/JSON value to the CEL data model: integral numbers become `int` (BigInt),
 * other numbers `double`; maps and lists recursively. Evaluation only reads the value, so a map or list
 * holding no integer anywhere below is used as it is: only the way down to an integer is copied (most rules
 * sit on specs of strings, and a copy of each document's spec per rule was most of their cost).
 */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const converted = toCelValue(item);
      if (converted !== item) (copy ??= value.slice())[i] = converted;
    }
    return copy ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    // A `__proto__` key would be assigned as the prototype below: such a map is copied entry by entry.
    if (Object.hasOwn(value, '__proto__')) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, toCelValue(child)]));
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      const converted = toCelValue(child);
      if (converted !== child) (copy ??= { ...value })[key] = converted;
    }
    return copy ?? value;
  }
  return value;
}

/** Evaluates one rule with `self` bound to `self` (a plain value; converted here). */
export function evaluateCelRule(rule: { readonly rule: string; readonly messageExpression?: string }, self: unknown): CelRuleOutcome {
  const program = compileCel(rule.rule);
  if ('unsupported' in program) return { kind: 'unsupported', reason: program.unsupported };
  const context = { self: toCelValue(self) };
  let result: unknown;
  try {
    result = program.program(context);
  } catch (error) {
    return { kind: 'error', error: celGoWording(errorText(error)) };
  }
  if (result === true) return { kind: 'pass' };
  if (result !== false) return { kind: 'unsupported', reason: `rule returned ${typeof result}, not a bool` };
  return { kind: 'fail', message: rule.messageExpression ? evaluateMessageExpression(rule.messageExpression, context) : undefined };
}

function evaluateMessageExpression(expression: string, context: Record<string, unknown>): string | undefined {
  const program = compileCel(expression);
  if ('unsupported' in program) return undefined;
  try {
    const message = program.program(context);
    // The API server falls back to the static message when messageExpression yields an empty string.
    return typeof message === 'string' && message.trim() !== '' ? message : undefined;
  } catch {
    return undefined;
  }
}

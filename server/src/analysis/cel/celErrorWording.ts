// Rewords @marcbachmann/cel-js evaluation errors the way cel-go (which the API server runs) words
// them, so a meshlens message contains the text users see from kubectl. One row per error shape.

interface ErrorWording {
  readonly celJs: RegExp;
  readonly celGo: string;
  readonly upstream: string;
}

const CEL_GO = 'google/cel-go common/types (error values returned by conversions and lookups)';

export const celErrorWordings: readonly ErrorWording[] = [
  { celJs: /^(int|uint|double)\(\) type error: cannot convert to (\w+)$/, celGo: "type conversion error from 'string' to '$2'", upstream: CEL_GO },
  { celJs: /^No such key: index out of bounds, (.*)$/, celGo: 'index out of bounds: $1', upstream: CEL_GO },
  { celJs: /^No such key: (.*)$/, celGo: 'no such key: $1', upstream: CEL_GO },
  { celJs: /^found no matching overload for '(.*)'$/, celGo: "no such overload: '$1'", upstream: CEL_GO },
];

/** The cel-go wording of a cel-js error message (unchanged when no row matches). */
export function celGoWording(message: string): string {
  const row = celErrorWordings.find((entry) => entry.celJs.test(message));
  return row ? message.replace(row.celJs, row.celGo) : message;
}

// The YAML (and JSON) manifests under a folder of the corpus or the examples, recursively, in a stable order, so
// tests that walk them report the same file first on every machine.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function yamlFilesUnder(dir: string, pattern: RegExp = /\.(ya?ml|json)$/): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return yamlFilesUnder(full, pattern);
      return pattern.test(entry) ? [full] : [];
    });
}

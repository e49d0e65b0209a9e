// The per-document schema passes take shortcuts: the walk skips subtrees whose schema has nothing for the visitor
// (no CEL rule, no list type below), CEL sees defaults only where rules read them, the YAML 1.1 boolean check reads
// the value only when the text holds such a word, and a value without null fields is not copied. Over seeded
// mutations of every corpus policy and companion document (nulls, YAML 1.1 words, dropped fields that have
// defaults, duplicated list items, wrong types), each shortcut gives what the plain computation gives.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { parseYamlDocuments, spanAt, type YamlDocument } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { bundledSchemaSet } from '../../../server/src/analysis/schema/schemaSet';
import { schemaTypes, type JsonSchemaNode } from '../../../server/src/analysis/schema/schemaCatalog';
import { walkSchemaValue, type SchemaFacts } from '../../../server/src/analysis/schema/walkSchemaValue';
import { withSchemaDefaults, withSchemaDefaultsForRules } from '../../../server/src/analysis/schema/schemaDefaults';
import { celValidationFindings } from '../../../server/src/analysis/schema/celValidationFindings';
import { yaml11BooleanFindings } from '../../../server/src/analysis/schema/yaml11BooleanFindings';
import { withoutNullFields } from '../../../server/src/analysis/schema/validateAgainstSchema';
import { seededRandom } from '../../support/seededRandom';
import { yamlFilesUnder } from '../../support/yamlFilesUnder';

const corpus = path.resolve(__dirname, '../../../../shared/corpus');

interface Sample {
  readonly value: Record<string, unknown>;
  readonly schema: JsonSchemaNode;
}

function corpusSamples(): Sample[] {
  const out: Sample[] = [];
  for (const file of [...yamlFilesUnder(path.join(corpus, 'valid')), ...yamlFilesUnder(path.join(corpus, 'invalid'))]) {
    for (const d of analyzeText(readFileSync(file, 'utf8')).documents) {
      const typed = d.policy ?? d.companion;
      if (!typed) continue;
      const schema = bundledSchemaSet.entry(typed.kind.group, typed.kind.kind, typed.version)?.schema;
      if (schema) out.push({ value: typed.value, schema });
    }
  }
  return out;
}

const REPLACEMENTS: readonly unknown[] = [null, 'yes', 'NO', 'on', 'Off', 'OFF', 'Yes', 'y', 'N', 'x', 1, 2.5, true, {}, [], { a: 'on' }, ['n', 'n']];

/** A copy of the value with a few random changes at random places. */
function mutate(value: unknown, random: () => number): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const changes = 1 + Math.floor(random() * 4);
  for (let c = 0; c < changes; c++) {
    let node: unknown = copy;
    for (let depth = 0; depth < 8; depth++) {
      const keys = Array.isArray(node) ? node.map((_, i) => i) : typeof node === 'object' && node !== null ? Object.keys(node) : [];
      if (keys.length === 0) break;
      const key = keys[Math.floor(random() * keys.length)];
      const container = node as Record<string | number, unknown>;
      const child = container[key];
      const r = random();
      if (r < 0.25 || typeof child !== 'object' || child === null) {
        if (r < 0.08 && !Array.isArray(container)) delete container[key];
        else if (r < 0.14 && Array.isArray(container)) container.push(structuredClone(child));
        else container[key] = structuredClone(REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]);
        break;
      }
      node = child;
    }
  }
  return copy;
}

/** The plain walk: every node, a fresh path per node. */
function plainVisits(schema: JsonSchemaNode, value: unknown, keep: (node: JsonSchemaNode) => boolean): string[] {
  const out: string[] = [];
  walkSchemaValue(schema, value, (node, v, p) => {
    if (keep(node)) out.push(JSON.stringify([...p]));
  });
  return out;
}

function dropNullFieldsPlainly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNullFieldsPlainly);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== null && child !== undefined) out[key] = dropNullFieldsPlainly(child);
  return out;
}

const YAML11_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** Spans of the plain YAML 1.1 words in string (not boolean) fields, found by walking every node. */
function yaml11SpansPlainly(doc: YamlDocument, schema: JsonSchemaNode, value: unknown): string[] {
  const out: string[] = [];
  walkSchemaValue(schema, value, (node, v, p) => {
    const types = schemaTypes(node);
    if (typeof v !== 'string' || !YAML11_WORDS.has(v) || !types.includes('string') || types.includes('boolean')) return;
    const span = spanAt(doc, [...p], 'value');
    if (doc.text.slice(span.start - doc.start, span.end - doc.start) === v) out.push(`${span.start}-${span.end}`);
  });
  return out;
}

describe('schema pass shortcuts equal the plain computation', () => {
  const samples = corpusSamples();
  const random = seededRandom(1205);
  const mutants = samples.flatMap((s) => Array.from({ length: 4 }, () => ({ schema: s.schema, text: stringify(mutate(s.value, random)) })));

  it('has documents with CEL rules, list types, YAML 1.1 words and null fields to compare', () => {
    expect(samples.length).toBeGreaterThan(100);
    const facts = (s: { schema: JsonSchemaNode }, pick: (f: SchemaFacts) => boolean) => {
      let seen = false;
      walkSchemaValue(s.schema, {}, () => undefined, (f) => ((seen ||= pick(f)), false));
      return seen;
    };
    expect(samples.filter((s) => facts(s, (f) => f.rulesBelow)).length).toBeGreaterThan(20);
    expect(samples.filter((s) => facts(s, (f) => f.listTypeBelow)).length).toBeGreaterThan(5);
  });

  it('walks with a subtree filter visit exactly the nodes with rules / list types that a plain walk visits', () => {
    for (const { schema, text } of mutants) {
      const value = withoutNullFields(parseYamlDocuments(text)[0].value);
      const hasRules = (n: JsonSchemaNode) => (n['x-kubernetes-validations']?.length ?? 0) > 0;
      const hasListType = (n: JsonSchemaNode) => n['x-kubernetes-list-type'] === 'set' || n['x-kubernetes-list-type'] === 'map';
      const filtered = (keep: (n: JsonSchemaNode) => boolean, enters: (f: SchemaFacts) => boolean) => {
        const out: string[] = [];
        walkSchemaValue(schema, value, (node, v, p) => {
          if (keep(node)) out.push(JSON.stringify([...p]));
        }, enters);
        return out;
      };
      expect(filtered(hasRules, (f) => f.rulesBelow)).toEqual(plainVisits(schema, value, hasRules));
      expect(filtered(hasListType, (f) => f.listTypeBelow)).toEqual(plainVisits(schema, value, hasListType));
    }
  });

  it('CEL findings on the value defaulted where rules read it equal those on the fully defaulted value', () => {
    let findings = 0;
    for (const { schema, text } of mutants) {
      const [doc] = parseYamlDocuments(text);
      const value = withoutNullFields(doc.value);
      const full = celValidationFindings(doc, schema, withSchemaDefaults(schema, value));
      findings += full.length;
      expect(celValidationFindings(doc, schema, withSchemaDefaultsForRules(schema, value)), text).toEqual(full);
    }
    expect(findings).toBeGreaterThan(0);
  });

  it('YAML 1.1 boolean findings equal a walk over every node, text prefilter or not', () => {
    let findings = 0;
    for (const { schema, text } of mutants) {
      const [doc] = parseYamlDocuments(text);
      const value = withoutNullFields(doc.value);
      const spans = yaml11BooleanFindings(doc, schema, value).map((f) => `${f.span.start}-${f.span.end}`);
      findings += spans.length;
      expect(spans, text).toEqual(yaml11SpansPlainly(doc, schema, value));
    }
    expect(findings).toBeGreaterThan(20);
  });

  it('withoutNullFields equals a plain copy, and is the value itself when there is nothing to drop', () => {
    let same = 0;
    for (const { text } of mutants) {
      const value = parseYamlDocuments(text)[0].value;
      const dropped = withoutNullFields(value);
      expect(dropped).toEqual(dropNullFieldsPlainly(value));
      if (dropped === value) same++;
    }
    expect(same).toBeGreaterThan(0);
    expect(same).toBeLessThan(mutants.length);
  });
});

/**
 * A small OpenAPI 3.0 schema validator for LINE's Messaging API spec.
 *
 * Generic JSON-Schema validators ignore `discriminator.mapping`; LINE's spec
 * models polymorphism as a base schema with a discriminator whose concrete
 * schemas refer back to the base through `allOf`. Here the base dispatches on
 * the discriminator value to the concrete schema, and the base reached again
 * through the concrete schema's `allOf` only contributes its own properties.
 *
 * Web-standard only, except `loadMessagingApiSpec`, which reads the YAML
 * file on Node through dynamic imports.
 */

export interface ValidationIssue {
  /** Path in LINE's `details[].property` style: `messages[0].contents.body.contents[1].text`. */
  property: string;
  message: string;
}

export interface OpenApiValidator {
  /** Validates `value` against `#/components/schemas/<schemaName>`; issue paths start at `basePath`. */
  validate(schemaName: string, value: unknown, basePath?: string): ValidationIssue[];
  hasSchema(schemaName: string): boolean;
}

interface Discriminator {
  propertyName: string;
  mapping?: Record<string, string>;
}

interface SchemaObject {
  $ref?: string;
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  nullable?: boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  allOf?: SchemaObject[];
  discriminator?: Discriminator;
  items?: SchemaObject;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
}

interface Resolved {
  schema: SchemaObject;
  name?: string;
}

interface WalkContext {
  /** Name of the component schema being validated, when reached through a `$ref`. */
  name?: string | undefined;
  /** True inside an `allOf` member: no discriminator dispatch, no unknown-property check. */
  asBase: boolean;
}

const REF_PREFIX = "#/components/schemas/";

export function lengthMessage(min: number, max: number): string {
  return `Length must be between ${min} and ${max}`;
}

export function sizeMessage(min: number, max: number): string {
  return `Size must be between ${min} and ${max}`;
}

export const REQUIRED_MESSAGE = "must be specified";

export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return base === "" ? key : `${base}.${key}`;
}

let segmenter: Intl.Segmenter | undefined;

/** Number of grapheme clusters: how LINE counts labels and most text fields. */
export function graphemeLength(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Removes issues repeated with the same property and message, keeping the first occurrence. */
export function uniqueIssues(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.property}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isAbsoluteUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

function typeMatches(type: NonNullable<SchemaObject["type"]>, value: unknown): boolean {
  switch (type) {
    case "object":
      return isPlainObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
  }
}

export function createOpenApiValidator(spec: unknown): OpenApiValidator {
  const schemas = readSchemas(spec);
  const declaredCache = new WeakMap<SchemaObject, Set<string>>();
  const patternCache = new Map<string, RegExp>();
  const refCache = new Map<string, Resolved>();
  const tagCache = new WeakMap<SchemaObject, Map<string, string[]>>();

  function resolveRef(ref: string): Resolved {
    const cached = refCache.get(ref);
    if (cached) return cached;
    if (!ref.startsWith(REF_PREFIX)) throw new Error(`Unsupported $ref: ${ref}`);
    const name = ref.slice(REF_PREFIX.length);
    const schema = schemas[name];
    if (!schema) throw new Error(`Unknown schema in $ref: ${ref}`);
    const resolved = { schema, name };
    refCache.set(ref, resolved);
    return resolved;
  }

  /** Discriminator values of `base` that map to the schema named `concreteName`. */
  function tagsFor(base: SchemaObject, mapping: Record<string, string>, concreteName: string): string[] {
    const byName = tagCache.get(base) ?? new Map<string, string[]>();
    tagCache.set(base, byName);
    let tags = byName.get(concreteName);
    if (!tags) {
      tags = Object.entries(mapping)
        .filter(([, ref]) => ref === REF_PREFIX + concreteName)
        .map(([key]) => key);
      byName.set(concreteName, tags);
    }
    return tags;
  }

  function resolve(schema: SchemaObject): Resolved {
    let current: Resolved = { schema };
    for (let hops = 0; current.schema.$ref !== undefined; hops++) {
      if (hops > 32) throw new Error(`$ref cycle at ${current.schema.$ref}`);
      current = resolveRef(current.schema.$ref);
    }
    return current;
  }

  /** Property names declared by a schema and every schema in its allOf chain. */
  function declaredProperties(schema: SchemaObject): Set<string> {
    const cached = declaredCache.get(schema);
    if (cached) return cached;
    const names = new Set<string>(Object.keys(schema.properties ?? {}));
    declaredCache.set(schema, names);
    for (const member of schema.allOf ?? []) {
      for (const name of declaredProperties(resolve(member).schema)) names.add(name);
    }
    return names;
  }

  function regex(pattern: string): RegExp {
    let compiled = patternCache.get(pattern);
    if (!compiled) {
      compiled = new RegExp(pattern, "u");
      patternCache.set(pattern, compiled);
    }
    return compiled;
  }

  function walk(
    schemaIn: SchemaObject,
    value: unknown,
    path: string,
    issues: ValidationIssue[],
    ctx: WalkContext,
  ): void {
    const resolved = schemaIn.$ref === undefined ? { schema: schemaIn, name: ctx.name } : resolve(schemaIn);
    const schema = resolved.schema;
    const name = resolved.name;

    if (value === null) {
      if (!schema.nullable && (schema.type !== undefined || schema.properties !== undefined)) {
        issues.push({ property: path, message: "must not be null" });
      }
      return;
    }

    if (schema.discriminator && !ctx.asBase && isPlainObject(value)) {
      if (dispatch(schema, schema.discriminator, value, path, issues)) return;
    }

    if (schema.type !== undefined && !typeMatches(schema.type, value)) {
      issues.push({ property: path, message: `must be of type ${schema.type}` });
      return;
    }

    if (schema.enum && !schema.enum.includes(value)) {
      issues.push({ property: path, message: `must be one of: ${schema.enum.join(", ")}` });
    }

    if (typeof value === "string") checkString(schema, value, path, issues);
    if (typeof value === "number") checkNumber(schema, value, path, issues);
    if (Array.isArray(value)) checkArray(schema, value, path, issues);

    for (const member of schema.allOf ?? []) {
      if (!ctx.asBase && name !== undefined && isPlainObject(value)) {
        checkBaseDiscriminator(member, name, value, path, issues);
      }
      walk(member, value, path, issues, { asBase: true });
    }

    if (isPlainObject(value)) checkObject(schema, value, path, issues, ctx.asBase);
  }

  /** Returns true when validation continued in the concrete schema (or failed on the discriminator). */
  function dispatch(
    schema: SchemaObject,
    discriminator: Discriminator,
    value: Record<string, unknown>,
    path: string,
    issues: ValidationIssue[],
  ): boolean {
    const key = discriminator.propertyName;
    const tag = value[key];
    const propertyPath = joinPath(path, key);
    if (tag === undefined) {
      if (!schema.required?.includes(key)) issues.push({ property: propertyPath, message: REQUIRED_MESSAGE });
      return false;
    }
    if (typeof tag !== "string") {
      issues.push({ property: propertyPath, message: "must be of type string" });
      return true;
    }
    const mapping = discriminator.mapping ?? {};
    const target = Object.hasOwn(mapping, tag) ? mapping[tag] : undefined;
    if (target === undefined) {
      issues.push({
        property: propertyPath,
        message: `unknown ${key} "${tag}"; must be one of: ${Object.keys(mapping).join(", ")}`,
      });
      return true;
    }
    const concrete = resolveRef(target);
    if (concrete.schema === schema) return false;
    walk(concrete.schema, value, path, issues, { name: concrete.name, asBase: false });
    return true;
  }

  /** A concrete schema used directly (e.g. FlexCarousel items → FlexBubble) must carry its own tag. */
  function checkBaseDiscriminator(
    member: SchemaObject,
    concreteName: string,
    value: Record<string, unknown>,
    path: string,
    issues: ValidationIssue[],
  ): void {
    const base = resolve(member).schema;
    const discriminator = base.discriminator;
    if (!discriminator?.mapping) return;
    const tag = value[discriminator.propertyName];
    if (typeof tag !== "string") return;
    const allowed = tagsFor(base, discriminator.mapping, concreteName);
    if (allowed.length > 0 && !allowed.includes(tag)) {
      issues.push({
        property: joinPath(path, discriminator.propertyName),
        message: `must be one of: ${allowed.join(", ")}`,
      });
    }
  }

  function checkString(schema: SchemaObject, value: string, path: string, issues: ValidationIssue[]): void {
    const { minLength, maxLength } = schema;
    if (minLength !== undefined || maxLength !== undefined) {
      // Grapheme count <= UTF-16 length, so short strings skip segmentation.
      const mayBeLong = maxLength !== undefined && value.length > maxLength;
      const mayBeShort = minLength !== undefined && (value.length < minLength || minLength > 1);
      if (mayBeLong || mayBeShort) {
        const length = graphemeLength(value);
        if (
          (maxLength !== undefined && length > maxLength) ||
          (minLength !== undefined && length < minLength)
        ) {
          issues.push({
            property: path,
            message: lengthMessage(minLength ?? 0, maxLength ?? Number.MAX_SAFE_INTEGER),
          });
        }
      }
    }
    if (schema.pattern !== undefined && !regex(schema.pattern).test(value)) {
      issues.push({ property: path, message: `must match pattern ${schema.pattern}` });
    }
    if (schema.format === "uri" && !isAbsoluteUrl(value)) {
      issues.push({ property: path, message: "must be an absolute URL" });
    }
  }

  function checkNumber(schema: SchemaObject, value: number, path: string, issues: ValidationIssue[]): void {
    if (schema.minimum !== undefined && value < schema.minimum) {
      issues.push({ property: path, message: `must be greater than or equal to ${schema.minimum}` });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      issues.push({ property: path, message: `must be less than or equal to ${schema.maximum}` });
    }
  }

  function checkArray(schema: SchemaObject, value: unknown[], path: string, issues: ValidationIssue[]): void {
    const { minItems, maxItems } = schema;
    if (
      (minItems !== undefined && value.length < minItems) ||
      (maxItems !== undefined && value.length > maxItems)
    ) {
      issues.push({
        property: path,
        message: sizeMessage(minItems ?? 0, maxItems ?? Number.MAX_SAFE_INTEGER),
      });
    }
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        walk(schema.items, value[i], joinPath(path, i), issues, { asBase: false });
      }
    }
  }

  function checkObject(
    schema: SchemaObject,
    value: Record<string, unknown>,
    path: string,
    issues: ValidationIssue[],
    asBase: boolean,
  ): void {
    for (const key of schema.required ?? []) {
      if (value[key] === undefined) issues.push({ property: joinPath(path, key), message: REQUIRED_MESSAGE });
    }
    const properties = schema.properties ?? {};
    const extra = schema.additionalProperties;
    const declared = asBase || extra !== undefined ? undefined : declaredProperties(schema);
    // Iterate the value's keys (few) rather than the schema's properties (FlexBox declares ~35).
    for (const key of Object.keys(value)) {
      const propertyValue = value[key];
      if (Object.hasOwn(properties, key)) {
        const propertySchema = properties[key];
        if (propertySchema && propertyValue !== undefined) {
          walk(propertySchema, propertyValue, joinPath(path, key), issues, { asBase: false });
        }
      } else if (typeof extra === "object") {
        walk(extra, propertyValue, joinPath(path, key), issues, { asBase: false });
      } else if (declared !== undefined && declared.size > 0 && !declared.has(key)) {
        issues.push({ property: joinPath(path, key), message: "unknown property" });
      }
    }
  }

  return {
    validate(schemaName, value, basePath = "") {
      const schema = schemas[schemaName];
      if (!schema) throw new Error(`Unknown schema: ${schemaName}`);
      const issues: ValidationIssue[] = [];
      walk(schema, value, basePath, issues, { name: schemaName, asBase: false });
      return uniqueIssues(issues);
    },
    hasSchema(schemaName) {
      return Object.hasOwn(schemas, schemaName);
    },
  };
}

function readSchemas(spec: unknown): Record<string, SchemaObject> {
  if (isPlainObject(spec) && isPlainObject(spec.components) && isPlainObject(spec.components.schemas)) {
    return spec.components.schemas as Record<string, SchemaObject>;
  }
  throw new Error("Not an OpenAPI document: components.schemas is missing");
}

/** Reads LINE's Messaging API spec shipped beside this module (Node only). */
export async function loadMessagingApiSpec(): Promise<object> {
  const [{ readFile }, { parse }] = await Promise.all([import("node:fs/promises"), import("yaml")]);
  const text = await readFile(new URL("./openapi/messaging-api.yml", import.meta.url), "utf8");
  const spec: unknown = parse(text);
  if (!isPlainObject(spec)) throw new Error("messaging-api.yml did not parse to an object");
  return spec;
}

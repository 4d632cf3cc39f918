/**
 * The subset of JSON Schema (draft-07) that SLO Lens's schemas use, plus the annotation keywords they carry for
 * messages, hover and completion. Annotations never change what is valid; Ajv treats them as plain annotations.
 */
export type JsonSchemaOrBool = JsonSchema | boolean;

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $comment?: string;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchemaOrBool>;
  patternProperties?: Record<string, JsonSchemaOrBool>;
  additionalProperties?: JsonSchemaOrBool;
  propertyNames?: JsonSchemaOrBool;
  required?: string[];
  items?: JsonSchemaOrBool | JsonSchemaOrBool[];
  additionalItems?: JsonSchemaOrBool;
  contains?: JsonSchemaOrBool;
  allOf?: JsonSchemaOrBool[];
  anyOf?: JsonSchemaOrBool[];
  oneOf?: JsonSchemaOrBool[];
  not?: JsonSchemaOrBool;
  if?: JsonSchemaOrBool;
  then?: JsonSchemaOrBool;
  else?: JsonSchemaOrBool;
  definitions?: Record<string, JsonSchemaOrBool>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  /** One description per `enum` value (the VS Code JSON convention), for completion items. */
  enumDescriptions?: string[];
  /** What a valid value looks like, in words: used when a pattern or type check fails ("a Prometheus duration such as `5m`"). */
  'x-expected'?: string;
  /** Why the `required` keys of this (conditional) subschema are needed, appended to "missing `x`". */
  'x-because'?: string;
  /** The message for `false`/`not` failures inside this subschema; `{key}` stands for the offending key. */
  'x-message'?: string;
  /** A noun for the object chosen by the key it has, e.g. `{alert: "an alerting rule"}`. */
  'x-title-by-key'?: Record<string, string>;
  /** Old key names and their current names, for "that is the v1 name; write `x`" messages. */
  'x-renamed'?: Record<string, string>;
  /** What the old names are, e.g. "the slo-generator v1 name". */
  'x-renamed-note'?: string;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** Annotation keywords registered with Ajv so strict mode accepts them. */
export const ANNOTATION_KEYWORDS = ['enumDescriptions', 'x-expected', 'x-because', 'x-message', 'x-title-by-key', 'x-renamed', 'x-renamed-note'] as const;

// What an image says about where it came from, built from a save's metadata with
// secrets scrubbed: only these fields are ever written into a file.
import { redactSecrets } from '@forge/image-gen';

import { normaliseParents, type ProvenanceParent } from './provenance-lineage.ts';

export interface Provenance {
  prompt?: string;
  revisedPrompt?: string;
  model?: string;
  /** ISO 8601, UTC. */
  createdAt?: string;
  source?: string;
  generator?: string;
  width?: number;
  height?: number;
  kind?: string;
  /** The attribution a part of the picture needs, e.g. an icon's author and licence (CC BY). */
  credit?: string;
  /** The files it was made from: the image it refines and the references shown (path and SHA-256 each). */
  derivedFrom?: ProvenanceParent[];
}

export const provenanceTextFields = ['prompt', 'revisedPrompt', 'model', 'createdAt', 'source', 'generator', 'kind', 'credit'] as const;
export const provenanceNumberFields = ['width', 'height'] as const;

export const generatorName = 'Forge (@forge/asset-store)';

/** Long enough for any image prompt (gpt-image takes up to 32,000 characters). */
const maxFieldLength = 32_000;

/** Half of a surrogate pair on its own: UTF-8 cannot carry it, so the file would read back U+FFFD. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A value as the file will carry it, so what save() returns is exactly what reading the file gives. */
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // XML 1.0 cannot carry most control characters; keep tab, newline and carriage return.
  // eslint-disable-next-line no-control-regex
  const text = redactSecrets(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  // Cut first: a cut can split a pair.
  return (text.length > maxFieldLength ? text.slice(0, maxFieldLength) : text).replace(loneSurrogate, '\uFFFD');
}

export interface ProvenanceInput {
  prompt?: string | undefined;
  revisedPrompt?: string | undefined;
  model?: string | undefined;
  source?: string | undefined;
  kind?: string | undefined;
  credit?: string | undefined;
  derivedFrom?: readonly ProvenanceParent[] | undefined;
  createdAt: Date;
  width: number;
  height: number;
}

/** The provenance written into a newly saved image. */
export function buildProvenance(input: ProvenanceInput): Provenance {
  const provenance: Provenance = {};
  const prompt = clean(input.prompt);
  const revisedPrompt = clean(input.revisedPrompt);
  const model = clean(input.model);
  const source = clean(input.source);
  if (prompt !== undefined) provenance.prompt = prompt;
  if (revisedPrompt !== undefined) provenance.revisedPrompt = revisedPrompt;
  if (model !== undefined) provenance.model = model;
  provenance.createdAt = input.createdAt.toISOString();
  if (source !== undefined) provenance.source = source;
  provenance.generator = generatorName;
  // The order reading a file gives (provenanceTextFields, then the sizes).
  if (input.kind !== undefined) provenance.kind = input.kind;
  const credit = clean(input.credit);
  if (credit !== undefined) provenance.credit = credit;
  const parents = input.derivedFrom === undefined ? [] : normaliseParents(input.derivedFrom);
  if (parents.length > 0) provenance.derivedFrom = parents;
  provenance.width = input.width;
  provenance.height = input.height;
  return provenance;
}

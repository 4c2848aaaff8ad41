// An image's lineage: the files it was made from (the image it refines, the references the
// request showed), each named by its path and the SHA-256 of its bytes when it was used, so a
// copy can be checked against its parent long after either moved. Written into the file as
// one line per parent (`parent sha256:<hex> <relativePath>`), which any metadata viewer shows
// as plain text; read back strictly: a line that is not exactly that is dropped.

/** One file a new image was made from. */
export interface ProvenanceParent {
  /** As the store names it: relative to the project (`.forge/generated/x.png`) or the scratchpad (`generated/x.png`). */
  relativePath: string;
  /** SHA-256 of the file's bytes when it was used, lower-case hex. */
  sha256: string;
  /** `parent`: the image this one refines; `reference`: an image the request was shown. */
  role: 'parent' | 'reference';
}

/** More than any request sends (OpenAI takes 16 input images); a longer list is refused. */
export const maxParents = 16;
// 16 of these fit in one JPEG metadata segment (~64 KiB) with room to spare.
const maxPathLength = 1024;
const hashPattern = /^[0-9a-f]{64}$/;
const linePattern = /^(parent|reference) sha256:([0-9a-f]{64}) (.+)$/;
// eslint-disable-next-line no-control-regex -- control characters (a line break above all) are what a path must not hold
const controlCharacter = /[\u0000-\u001f\u007f]/;

function invalid(message: string): TypeError {
  return new TypeError(`save() needs derivedFrom ${message}`);
}

/** Why `relativePath` cannot name a parent, or undefined when it can. */
function pathProblem(relativePath: string): string | undefined {
  if (relativePath === '' || relativePath.length > maxPathLength) return `paths of 1–${maxPathLength} characters`;
  if (controlCharacter.test(relativePath)) return 'paths without control characters';
  if (/^(?:[/\\]|[A-Za-z]:)/.test(relativePath) || relativePath.split(/[/\\]/).includes('..')) return 'paths relative to the project, without ..';
  return undefined;
}

/**
 * The parents as the file will carry them (hashes lower-cased, duplicates dropped), or a
 * TypeError naming what is wrong: lineage that cannot be read back is never written.
 */
export function normaliseParents(parents: readonly ProvenanceParent[]): ProvenanceParent[] {
  if (!Array.isArray(parents)) throw invalid('to be a list of { relativePath, sha256, role }.');
  if (parents.length > maxParents) throw invalid(`to name at most ${maxParents} files (got ${parents.length}).`);
  const result: ProvenanceParent[] = [];
  for (const parent of parents) {
    const { relativePath, sha256, role } = (parent ?? {}) as Partial<ProvenanceParent>;
    if (typeof relativePath !== 'string' || typeof sha256 !== 'string') throw invalid('entries to have a relativePath and a sha256.');
    const problem = pathProblem(relativePath);
    if (problem !== undefined) throw invalid(`${problem} (got ${JSON.stringify(relativePath.slice(0, 200))}).`);
    const hash = sha256.toLowerCase();
    if (!hashPattern.test(hash)) throw invalid(`hashes of 64 hex digits (got ${JSON.stringify(sha256.slice(0, 80))}).`);
    if (role !== 'parent' && role !== 'reference') throw invalid(`roles "parent" or "reference" (got ${JSON.stringify(role)}).`);
    if (result.some((kept) => kept.relativePath === relativePath && kept.sha256 === hash && kept.role === role)) continue;
    result.push({ relativePath, sha256: hash, role });
  }
  return result;
}

/** The text a file carries: one `role sha256:hex path` line per parent. */
export function encodeParents(parents: readonly ProvenanceParent[]): string {
  return parents.map((parent) => `${parent.role} sha256:${parent.sha256} ${parent.relativePath}`).join('\n');
}

/** The parents a file's text names; lines that are not exactly the encoded form are dropped. */
export function decodeParents(text: string): ProvenanceParent[] {
  const parents: ProvenanceParent[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    const match = linePattern.exec(line);
    const [, role, sha256, relativePath] = match ?? [];
    if (relativePath === undefined || sha256 === undefined || pathProblem(relativePath) !== undefined) continue;
    if (parents.length === maxParents) break;
    parents.push({ relativePath, sha256, role: role === 'parent' ? 'parent' : 'reference' });
  }
  return parents;
}

/** A caller's own copy, so editing it never changes what a listing remembers. */
export function copyParents(parents: readonly ProvenanceParent[]): ProvenanceParent[] {
  return parents.map((parent) => ({ ...parent }));
}

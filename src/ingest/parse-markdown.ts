/**
 * Ingest stage (pure): reads an article file — Markdown with YAML front matter holding SPEC's article fields,
 * the body being the text — into a raw value for `validateArticle`.
 */
import { parse as parseYaml } from 'yaml';

export class MarkdownArticleError extends Error {
  readonly code = 'bad_article_file';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/**
 * Split front matter from body and return the fields with `text` set to the body.
 * YAML dates (`published: 2024-12-05`) are kept as the strings the author wrote.
 */
export function parseMarkdownArticle(content: string, file: string): Record<string, unknown> {
  const src = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)([\s\S]*)$/.exec(src);
  if (!m) throw new MarkdownArticleError(file, 'has no YAML front matter (a block between two --- lines at the top)');
  let fields: unknown;
  try {
    // Schema "failsafe" keeps every scalar a string: no surprises from YAML's date or number coercion.
    fields = parseYaml(m[1], { schema: 'failsafe' });
  } catch (e) {
    throw new MarkdownArticleError(file, `front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new MarkdownArticleError(file, 'front matter must be a mapping of field: value');
  }
  const body = m[2].trim();
  return { ...(fields as Record<string, unknown>), ...(body ? { text: body } : {}) };
}

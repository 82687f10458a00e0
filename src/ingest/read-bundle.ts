/**
 * Ingest stage (pure): the article files bundled into the Worker at build time (articles/*.md) →
 * valid inputs, plus a clear error for each bad file (a bad file never stops the others).
 */
import type { ArticleInput } from '../model';
import { hashJson } from '../core/hash';
import { parseMarkdownArticle } from './parse-markdown';
import { validateArticle } from './validate-article';

export interface BundleFile {
  file: string;
  content: string;
}

export interface BundleRead {
  inputs: ArticleInput[];
  errors: string[];
  /** Changes exactly when a file is added, removed or edited. */
  hash: string;
}

export function readBundle(files: readonly BundleFile[]): BundleRead {
  const inputs: ArticleInput[] = [];
  const errors: string[] = [];
  for (const f of files) {
    try {
      const r = validateArticle(parseMarkdownArticle(f.content, f.file));
      if ('errors' in r) errors.push(`${f.file}: ${r.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
      else inputs.push(r.input);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return { inputs, errors, hash: bundleHash(files) };
}

/** The bundle's identity, without parsing it. */
export function bundleHash(files: readonly BundleFile[]): string {
  return hashJson(files);
}

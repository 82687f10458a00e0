/**
 * Command line (edge): `npm run digest -- [--in PATH ...] [--format F] [--window HOURS|all] [--out FILE]`.
 * Builds an edition offline from article files with the same core as the Worker: no network, no KV.
 * Input: a folder of .md (YAML front matter + body), a .json array, a .jsonl file (one article a line), or a .md file.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { loadConfig } from '../config';
import type { ArticleInput } from '../model';
import { parseMarkdownArticle } from '../ingest/parse-markdown';
import { validateArticle } from '../ingest/validate-article';
import { planUpsert } from '../ingest/plan-upsert';
import { buildStories } from '../pipeline/stories';
import { FORMATS, renderFormat, selectEdition, type Format } from '../pipeline/edition';

export class UsageError extends Error {}

export interface DigestArgs {
  inputs: string[];
  format: Format;
  window: number | null;
  out: string | null;
}

const USAGE = `usage: npm run digest -- [--in PATH ...] [--format ${Object.keys(FORMATS).join('|')}] [--window HOURS|all] [--out FILE]`;

export function parseArgs(argv: string[], defaultWindow: number | null): DigestArgs {
  const a: DigestArgs = { inputs: [], format: 'html', window: defaultWindow, out: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value\n${USAGE}`);
      i++;
      return value;
    };
    if (flag === '--in') a.inputs.push(need());
    else if (flag === '--format') {
      const f = need();
      if (!(f in FORMATS)) throw new UsageError(`unknown format ${JSON.stringify(f)}; one of ${Object.keys(FORMATS).join(', ')}`);
      a.format = f as Format;
    } else if (flag === '--window') {
      const w = need();
      if (w === 'all') a.window = null;
      else if (/^\d+$/.test(w) && Number(w) > 0) a.window = Number(w);
      else throw new UsageError(`--window takes a number of hours or "all" (got ${JSON.stringify(w)})`);
    } else if (flag === '--out') a.out = need();
    else if (flag === '--help' || flag === '-h') throw new UsageError(USAGE);
    else throw new UsageError(`unknown argument ${JSON.stringify(flag)}\n${USAGE}`);
  }
  if (a.inputs.length === 0) a.inputs.push('articles');
  return a;
}

/** Read article values from one path; each bad entry is reported with its file (and line), never dropped silently. */
export function readInputs(path: string): { values: { where: string; value: unknown }[]; errors: string[] } {
  const values: { where: string; value: unknown }[] = [];
  const errors: string[] = [];
  let st;
  try {
    st = statSync(path);
  } catch {
    return { values, errors: [`${path}: no such file or folder`] };
  }
  const files = st.isDirectory()
    ? readdirSync(path)
        .filter((f) => ['.md', '.json', '.jsonl'].includes(extname(f)))
        .sort()
        .map((f) => join(path, f))
    : [path];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    try {
      switch (extname(file)) {
        case '.md':
          values.push({ where: file, value: parseMarkdownArticle(text, file) });
          break;
        case '.json': {
          const v = JSON.parse(text);
          (Array.isArray(v) ? v : [v]).forEach((x, i) => values.push({ where: `${file}[${i}]`, value: x }));
          break;
        }
        case '.jsonl':
          text.split('\n').forEach((line, i) => {
            if (!line.trim()) return;
            try {
              values.push({ where: `${file}:${i + 1}`, value: JSON.parse(line) });
            } catch (e) {
              errors.push(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
            }
          });
          break;
        default:
          errors.push(`${file}: not .md, .json or .jsonl`);
      }
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
    }
  }
  return { values, errors };
}

/** Build the edition and return the rendered output plus any problems with the input. */
export function digest(args: DigestArgs, now: Date, env: Record<string, string | undefined> = {}): { output: string; errors: string[] } {
  const config = loadConfig({ MERGEWIRE_KV: undefined as never, ...env });
  const inputs: ArticleInput[] = [];
  const errors: string[] = [];
  for (const p of args.inputs) {
    const r = readInputs(p);
    errors.push(...r.errors);
    for (const { where, value } of r.values) {
      const v = validateArticle(value);
      if ('errors' in v) errors.push(`${where}: ${v.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
      else inputs.push(v.input);
    }
  }
  const { articles } = planUpsert(inputs, { articles: {} }, now);
  const { stories } = buildStories(articles);
  const edition = selectEdition(stories, { windowHours: args.window, maxStories: args.window === null ? Number.MAX_SAFE_INTEGER : config.maxStories, now, articleCount: articles.length });
  return { output: renderFormat(args.format, edition, config.site), errors };
}

function main(): void {
  try {
    const env = { SITE_URL: process.env.SITE_URL, SITE_TITLE: process.env.SITE_TITLE, DIGEST_WINDOW_HOURS: process.env.DIGEST_WINDOW_HOURS, MAX_STORIES: process.env.MAX_STORIES };
    const config = loadConfig({ MERGEWIRE_KV: undefined as never, ...env });
    const args = parseArgs(process.argv.slice(2), config.windowHours);
    const { output, errors } = digest(args, new Date(), env);
    for (const e of errors) console.error(`digest: skipped ${e}`);
    if (args.out) writeFileSync(args.out, output);
    else process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  } catch (e) {
    console.error(e instanceof UsageError ? e.message : `digest: ${(e as Error).message}`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}

if (process.argv[1] && /digest\.ts$/.test(process.argv[1])) main();

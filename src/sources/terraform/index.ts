/**
 * Terraform source: turns `.tf` modules into Stores with retention and jurisdiction evidence.
 *
 * Each folder with `.tf` files is a module. Folders that no other folder calls are root modules;
 * local modules (`source = "./modules/x"`) are evaluated once per call with its inputs. Values come
 * from variables (defaults, terraform.tfvars, *.auto.tfvars, other *.tfvars when they agree, module
 * inputs), locals, module outputs and other resources' arguments; what cannot be known is Unknown
 * with its reason. Which resource types keep data is the catalogue in rules/resources/.
 */
import path from 'node:path';
import type { Source, SourceContext, SourceResult } from '../../core/types.js';
import { catalogueWith } from './catalogue.js';
import { cmp } from '../../core/compare.js';
import { installedModules } from './installed.js';
import { readTerraformFiles } from './read.js';
import type { ParseThreadsOptions } from '../typescript/pool.js';
import { asBodies, entries, isLocalSource, isTfvars, moduleDir } from './helpers.js';
import { MAX_INSTANCES, type ModuleDir, Scan } from './scan.js';
import { Instance } from './instance.js';

export { goDuration, moduleDir, toDuration } from './helpers.js';

export const terraformSource: Source = {
  kind: 'terraform',
  scan: scanTerraform,
};

export async function scanTerraform(ctx: SourceContext, opts: ParseThreadsOptions = {}): Promise<SourceResult> {
  const result: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
  // .terraform/ holds modules `terraform init` downloaded: not the repository's own code.
  // (those `terraform init` recorded in .terraform/modules/modules.json are read for the calls they serve)
  const fetched = await installedModules(ctx, moduleDir);
  const installed = fetched.dirs;
  const installedDirs = [...installed.values()];
  const listed = ctx.files.filter((f) => (f.endsWith('.tf') || f.endsWith('.tf.json') || isTfvars(f)) && (!/(^|\/)\.terraform\//.test(f) || installedDirs.some((d) => f.startsWith(`${d}/`))));
  const tfFiles = [...new Set([...listed, ...fetched.files])];
  if (tfFiles.length === 0) return result;

  const { catalogue, problems } = catalogueWith(ctx.extraResources);
  for (const p of problems) result.diagnostics.push({ code: 'configuration', message: `resources: ${p}`, location: { file: 'policyproof.yaml', line: 1, column: 1 } });

  const dirs = new Map<string, ModuleDir>();
  let parsedFiles = 0;
  const read = await readTerraformFiles(ctx, tfFiles, result.diagnostics, opts);
  for (const parsed of read.parsed) {
    const file = parsed.file;
    parsedFiles++;
    const dir = path.posix.dirname(file);
    let mod = dirs.get(dir);
    if (!mod) dirs.set(dir, (mod = { dir, files: [], tfvars: [] }));
    (isTfvars(file) ? mod.tfvars : mod.files).push(parsed);
  }

  ctx.log(`terraform: ${tfFiles.length} files, ${parsedFiles} parsed${read.threads ? ` (on this and ${read.threads} worker thread${read.threads > 1 ? 's' : ''})` : ''}`);
  const scan = new Scan(catalogue, dirs, result, installed, ctx.terraformRegions ?? {});
  const called = new Set<string>();
  for (const mod of dirs.values()) {
    for (const f of mod.files) {
      for (const [, bodies] of entries(f.json.module)) {
        for (const body of asBodies(bodies)) {
          const source = body.source;
          if (typeof source === 'string' && isLocalSource(source)) {
            const target = moduleDir(mod.dir, source);
            if (target !== mod.dir) called.add(target);
          }
        }
      }
    }
  }
  for (const mod of [...dirs.values()].sort((a, b) => cmp(a.dir, b.dir))) {
    if (called.has(mod.dir) || mod.files.length === 0 || installedDirs.some((d) => mod.dir === d || mod.dir.startsWith(`${d}/`))) continue;
    const prefix = mod.dir === '.' ? '' : `${mod.dir}/`;
    const root = new Instance(scan, mod, prefix, '', new Map(), new Map(), [], [mod.dir]);
    root.providers = root.ownProviders(new Map());
    scan.run(root);
  }
  for (const [source, location] of [...scan.unreadSources].sort(([a], [b]) => cmp(a, b))) {
    scan.diagnostic({
      code: 'module-not-read',
      message: `module source "${source}" is a registry or remote module that \`terraform init\` has not fetched here (no .terraform/modules/modules.json entry); policyproof does not fetch modules, so what it stores is not seen`,
      location,
    });
  }
  scan.attach();
  for (const d of result.diagnostics) if (scan.categorisedDirs.has(path.posix.dirname(d.location.file))) d.tagged = true;
  if (scan.exhausted) {
    result.diagnostics.push({
      code: 'unresolved',
      message: `count/for_each make more than ${MAX_INSTANCES} resource and module instances; the rest are read once each, without their count or key`,
      location: { file: scan.exhausted, line: 1, column: 1 },
    });
  }
  result.stores.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || cmp(a.id, b.id));
  result.diagnostics.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || cmp(a.message, b.message));
  result.suppressions.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line);
  result.references.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || cmp(a.id, b.id));
  return result;
}

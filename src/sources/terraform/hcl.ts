/**
 * hcl2json in this thread: one Terraform file's text → its JSON, or why not. The Terraform source
 * calls it in the main thread and its worker threads (hcl-worker.ts) the same way, so a file's result
 * does not depend on the thread that parsed it.
 */
export type Json = Record<string, unknown>;
type Parse = (filename: string, text: string) => Promise<Json>;

export interface HclItem {
  file: string;
  /** the text to parse (long lines, oversized and deep blocks already blanked) */
  text: string;
}

/** The JSON, or the parser's message (`overflow`: it ran out of stack on an expression). */
export type HclResult = { json: Json; error?: undefined } | { error: string; overflow: boolean; json?: undefined };

let loaded: Promise<Parse> | undefined;

async function load(): Promise<Parse> {
  const hcl = (await import('@cdktf/hcl2json')) as unknown as { parse: Parse; default?: { parse: Parse } };
  return hcl.parse ?? hcl.default!.parse;
}

export async function parseHcl(items: HclItem[]): Promise<HclResult[]> {
  const parse = await (loaded ??= load());
  const out: HclResult[] = [];
  for (const { file, text } of items) {
    try {
      out.push({ json: await parse(file, text) });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      out.push({ error, overflow: e instanceof RangeError && /call stack/i.test(error) });
    }
  }
  return out;
}

/**
 * Jurisdiction: which countries a cloud region keeps data in, and which countries a named
 * jurisdiction of the policy (`EU`, `EEA`, or an ISO country code) allows. The knowledge is the
 * table `rules/regions.yaml`; this module only reads it.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { rulesDataPath } from './data-file.js';

export interface RegionTable {
  jurisdictions: Record<string, string[]>;
  /** provider → normalised region name → countries */
  providers: Record<string, Map<string, string[]>>;
}

let cached: RegionTable | undefined;

/** Provider names as written in Terraform or configs, mapped to the table's provider ids. */
const PROVIDER_ALIASES: Record<string, string> = {
  aws: 'aws', amazon: 'aws',
  gcp: 'gcp', google: 'gcp', 'google-beta': 'gcp',
  azure: 'azure', azurerm: 'azure', azapi: 'azure',
  hetzner: 'hetzner', hcloud: 'hetzner',
};

export function providerId(name: string): string {
  return PROVIDER_ALIASES[name.toLowerCase()] ?? name.toLowerCase();
}

export function loadRegionTable(): RegionTable {
  if (cached) return cached;
  const raw = parse(fs.readFileSync(rulesDataPath('regions.yaml'), 'utf8')) as {
    jurisdictions: Record<string, string[]>;
    providers: Record<string, Record<string, string | string[]>>;
  };
  const jurisdictions: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(raw.jurisdictions)) jurisdictions[name.toUpperCase()] = [...list].sort();
  const providers: Record<string, Map<string, string[]>> = {};
  for (const [provider, regions] of Object.entries(raw.providers)) {
    const map = new Map<string, string[]>();
    for (const [region, value] of Object.entries(regions)) {
      const list = Array.isArray(value) ? value : [value];
      const countries = list.flatMap((c) => (c.startsWith('@') ? jurisdictions[c.slice(1).toUpperCase()] ?? [] : [c]));
      map.set(normalize(provider, region), [...new Set(countries)].sort());
    }
    providers[provider] = map;
  }
  cached = { jurisdictions, providers };
  return cached;
}

function normalize(provider: string, region: string): string {
  const r = region.trim().toLowerCase();
  // Azure accepts display names: "West Europe" = westeurope.
  return provider === 'azure' ? r.replace(/[\s_-]+/g, '') : r;
}

/**
 * The countries a region keeps data in, or undefined when the region is not in the table.
 * Zones and data centres resolve through their region: eu-north-1a, europe-west1-b, fsn1-dc14.
 */
export function resolveRegion(provider: string, region: string): { countries: string[] } | undefined {
  const id = providerId(provider);
  const map = loadRegionTable().providers[id];
  if (!map || typeof region !== 'string' || region.trim() === '') return undefined;
  const key = normalize(id, region);
  const direct = map.get(key);
  if (direct) return { countries: [...direct] };
  for (const candidate of parentsOf(id, key)) {
    const hit = map.get(candidate);
    if (hit) return { countries: [...hit] };
  }
  return undefined;
}

function parentsOf(provider: string, key: string): string[] {
  switch (provider) {
    case 'aws': {
      // availability zone eu-north-1a; local zone us-east-1-bos-1a
      const m = /^([a-z]{2}(?:-[a-z]+)+-\d+)(?:[a-z]|-.+)$/.exec(key);
      return m ? [m[1]] : [];
    }
    case 'gcp': {
      const m = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(key);
      return m ? [m[1]] : [];
    }
    case 'hetzner': {
      const m = /^([a-z]+\d*)-dc\d+$/.exec(key);
      return m ? [m[1]] : [];
    }
    default:
      return [];
  }
}

/** The countries a named jurisdiction allows: `EU` (27 member states), `EEA`, or an ISO country code. */
export function jurisdictionCountries(name: string): string[] | undefined {
  const key = name.trim().toUpperCase();
  const named = loadRegionTable().jurisdictions[key];
  if (named) return [...named];
  if (/^[A-Z]{2}$/.test(key)) return [key];
  return undefined;
}

/** Every region of a provider as written in the table (for tests and the inventory). */
export function knownRegions(provider: string): string[] {
  return [...(loadRegionTable().providers[providerId(provider)]?.keys() ?? [])].sort();
}

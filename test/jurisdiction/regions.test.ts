import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jurisdictionCountries, knownRegions, resolveRegion } from '../../src/jurisdiction/index.js';

/**
 * An independent statement of where every region in rules/regions.yaml keeps data, written by
 * country (the table itself is written by region). Each entry of the table must agree with it,
 * and every region listed here must be in the table.
 */
const EXPECTED: Record<string, Record<string, string[]>> = {
  aws: {
    US: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'us-gov-east-1', 'us-gov-west-1', 'us-iso-east-1', 'us-iso-west-1', 'us-isob-east-1'],
    ZA: ['af-south-1'], HK: ['ap-east-1'], TW: ['ap-east-2'], IN: ['ap-south-1', 'ap-south-2'], SG: ['ap-southeast-1'],
    AU: ['ap-southeast-2', 'ap-southeast-4'], ID: ['ap-southeast-3'], MY: ['ap-southeast-5'], NZ: ['ap-southeast-6'], TH: ['ap-southeast-7'],
    JP: ['ap-northeast-1', 'ap-northeast-3'], KR: ['ap-northeast-2'], CA: ['ca-central-1', 'ca-west-1'], CN: ['cn-north-1', 'cn-northwest-1'],
    DE: ['eu-central-1', 'eusc-de-east-1'], CH: ['eu-central-2'], IE: ['eu-west-1'], GB: ['eu-west-2'], FR: ['eu-west-3'], IT: ['eu-south-1'],
    ES: ['eu-south-2'], SE: ['eu-north-1'], IL: ['il-central-1'], BH: ['me-south-1'], AE: ['me-central-1'], MX: ['mx-central-1'], BR: ['sa-east-1'],
  },
  gcp: {
    ZA: ['africa-south1'], TW: ['asia-east1'], HK: ['asia-east2'], JP: ['asia-northeast1', 'asia-northeast2', 'asia1'], KR: ['asia-northeast3'],
    IN: ['asia-south1', 'asia-south2'], SG: ['asia-southeast1'], ID: ['asia-southeast2'], TH: ['asia-southeast3'],
    AU: ['australia-southeast1', 'australia-southeast2'], PL: ['europe-central2'], FI: ['europe-north1'], SE: ['europe-north2'],
    ES: ['europe-southwest1'], BE: ['europe-west1'], GB: ['europe-west2'], DE: ['europe-west3', 'europe-west10'], NL: ['europe-west4'],
    CH: ['europe-west6'], IT: ['europe-west8', 'europe-west12'], FR: ['europe-west9'], QA: ['me-central1'], SA: ['me-central2'], IL: ['me-west1'],
    CA: ['northamerica-northeast1', 'northamerica-northeast2'], MX: ['northamerica-south1'], BR: ['southamerica-east1'], CL: ['southamerica-west1'],
    US: ['us-central1', 'us-east1', 'us-east4', 'us-east5', 'us-south1', 'us-west1', 'us-west2', 'us-west3', 'us-west4', 'us', 'nam4'],
  },
  azure: {
    US: ['eastus', 'eastus2', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus', 'westus', 'westus2', 'westus3', 'usgovvirginia', 'usgovarizona', 'usgovtexas', 'usdodeast', 'usdodcentral', 'eastus2euap', 'centraluseuap'],
    CA: ['canadacentral', 'canadaeast'], BR: ['brazilsouth', 'brazilsoutheast'], MX: ['mexicocentral'], CL: ['chilecentral'],
    IE: ['northeurope'], NL: ['westeurope'], GB: ['uksouth', 'ukwest'], FR: ['francecentral', 'francesouth'], DE: ['germanywestcentral', 'germanynorth'],
    NO: ['norwayeast', 'norwaywest'], CH: ['switzerlandnorth', 'switzerlandwest'], SE: ['swedencentral', 'swedensouth'], PL: ['polandcentral'],
    IT: ['italynorth'], ES: ['spaincentral'], AT: ['austriaeast'], BE: ['belgiumcentral'], DK: ['denmarkeast'],
    HK: ['eastasia'], SG: ['southeastasia'], JP: ['japaneast', 'japanwest'], KR: ['koreacentral', 'koreasouth'],
    IN: ['centralindia', 'southindia', 'westindia', 'jioindiacentral', 'jioindiawest'],
    AU: ['australiaeast', 'australiasoutheast', 'australiacentral', 'australiacentral2'], NZ: ['newzealandnorth'], ID: ['indonesiacentral'], MY: ['malaysiawest'],
    AE: ['uaenorth', 'uaecentral'], QA: ['qatarcentral'], IL: ['israelcentral'], ZA: ['southafricanorth', 'southafricawest'],
    CN: ['chinaeast', 'chinaeast2', 'chinaeast3', 'chinanorth', 'chinanorth2', 'chinanorth3'],
  },
  hetzner: { DE: ['fsn1', 'nbg1'], FI: ['hel1'], US: ['ash', 'hil', 'us-east', 'us-west'], SG: ['sin', 'ap-southeast'] },
};

/** Regions whose data may sit in several countries. */
const MULTI: Record<string, Record<string, string[]>> = {
  gcp: {
    eu: ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
    asia: ['HK', 'ID', 'IN', 'JP', 'KR', 'SG', 'TW'],
    eur4: ['FI', 'NL'], eur5: ['BE', 'GB'], eur7: ['DE', 'GB'], eur8: ['CH', 'DE'],
  },
  hetzner: { 'eu-central': ['DE', 'FI'] },
};

const EU27 = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'].sort();

function expectedFor(provider: string, region: string): string[] | undefined {
  const multi = MULTI[provider]?.[region];
  if (multi) return [...multi].sort();
  const hit = Object.entries(EXPECTED[provider] ?? {}).find(([, regions]) => regions.includes(region));
  return hit ? [hit[0]] : undefined;
}

describe('rules/regions.yaml', () => {
  for (const provider of ['aws', 'gcp', 'azure', 'hetzner']) {
    describe(provider, () => {
      const regions = knownRegions(provider);
      it('has regions', () => expect(regions.length).toBeGreaterThan(3));
      for (const region of regions) {
        it(`${region} → ${expectedFor(provider, region)?.join(', ') ?? '?'}`, () => {
          expect(resolveRegion(provider, region)?.countries).toEqual(expectedFor(provider, region));
        });
      }
      it('lists every region of the independent table', () => {
        const listed = [...Object.values(EXPECTED[provider]).flat(), ...Object.keys(MULTI[provider] ?? {})].sort();
        expect(regions).toEqual([...new Set(listed)].sort());
      });
    });
  }

  it('uses only ISO 3166-1 alpha-2 codes in upper case', () => {
    const raw = parse(fs.readFileSync('rules/regions.yaml', 'utf8')) as { providers: Record<string, Record<string, string | string[]>> };
    for (const regions of Object.values(raw.providers)) {
      for (const value of Object.values(regions)) for (const c of [value].flat()) expect(c).toMatch(/^([A-Z]{2}|@[A-Z]+)$/);
    }
  });
});

describe('jurisdictionCountries', () => {
  it('EU is exactly the 27 member states', () => {
    expect(jurisdictionCountries('EU')).toEqual(EU27);
    expect(jurisdictionCountries('eu')).toEqual(EU27);
  });
  it('EU is not the EEA, the UK, Switzerland or Norway', () => {
    const eu = jurisdictionCountries('EU')!;
    for (const c of ['GB', 'CH', 'NO', 'IS', 'LI']) expect(eu).not.toContain(c);
    expect(jurisdictionCountries('EEA')).toEqual([...EU27, 'IS', 'LI', 'NO'].sort());
  });
  it('a country code is its own jurisdiction; an unknown name is undefined', () => {
    expect(jurisdictionCountries('SE')).toEqual(['SE']);
    expect(jurisdictionCountries('Nordics')).toBeUndefined();
  });
});

describe('resolveRegion', () => {
  it.each([
    ['aws', 'eu-north-1a', ['SE']],
    ['aws', 'us-east-1-bos-1a', ['US']],
    ['aws', 'EU-NORTH-1', ['SE']],
    ['gcp', 'europe-west1-b', ['BE']],
    ['google', 'EU', EU27],
    ['azure', 'West Europe', ['NL']],
    ['azurerm', 'Sweden Central', ['SE']],
    ['hcloud', 'fsn1-dc14', ['DE']],
    ['hetzner', 'hel1-dc2', ['FI']],
  ])('%s %s', (provider, region, countries) => {
    expect(resolveRegion(provider, region)?.countries).toEqual([...countries].sort());
  });
  it.each([
    ['aws', 'eu-north-9'],
    ['aws', 'mars-1'],
    ['gcp', 'global'],
    ['azure', ''],
    ['digitalocean', 'fra1'],
  ])('%s %s is not resolved', (provider, region) => {
    expect(resolveRegion(provider, region)).toBeUndefined();
  });
  it('"eu-" in a name is not enough', () => {
    expect(resolveRegion('aws', 'eu-west-2')?.countries).toEqual(['GB']);
    expect(resolveRegion('aws', 'eu-central-2')?.countries).toEqual(['CH']);
  });
});

import { describe, expect, it } from 'vitest';
import { keptForSites, siteFileProps, sitesFileServes, type SitesFileSpec } from './sites-file.ts';

const cfg = { candidate_statuses: ['idle', 'used_not_full'] as const, candidate_grades: ['D'] as const };
const ranking = { candidate_statuses: [...cfg.candidate_statuses], candidate_grades: [...cfg.candidate_grades] };
const chainFirms = new Set(['E-chain']);

describe('keptForSites', () => {
  it('keeps candidates by status or grade and the parcels of chain firms, nothing else', () => {
    expect(keptForSites({ status: 'idle', grade: null, enterprise_id: null }, chainFirms, ranking)).toBe(true);
    expect(keptForSites({ status: 'used_not_full', grade: 'A', enterprise_id: 'E-other' }, chainFirms, ranking)).toBe(true);
    expect(keptForSites({ status: 'in_use', grade: 'D', enterprise_id: 'E-other' }, chainFirms, ranking)).toBe(true);
    expect(keptForSites({ status: 'in_use', grade: 'B', enterprise_id: 'E-chain' }, chainFirms, ranking)).toBe(true);
    expect(keptForSites({ status: 'in_use', grade: 'C', enterprise_id: 'E-other' }, chainFirms, ranking)).toBe(false);
    expect(keptForSites({ status: 'in_use' }, chainFirms, ranking)).toBe(false);
    // A grade list naming none, a grade absent: only the status counts.
    expect(keptForSites({ status: 'in_use', grade: 'D' }, chainFirms, { candidate_statuses: ['idle'], candidate_grades: [] })).toBe(false);
  });
});

describe('siteFileProps', () => {
  it('keeps the ranking and overlay fields, drops every other (firm figures, scores, names of firms)', () => {
    const props = {
      id: 'P1',
      name: '地块一',
      area_mu_planar: 12.5,
      status: 'idle',
      grade: 'D',
      enterprise_id: 'E1',
      enterprise_name: '示例公司',
      control_line: 1,
      zone: 'none',
      far_max: null,
      park: '园区',
      tax_10k: 300,
      score: 71.2,
      floor_area_m2: 9000,
    };
    expect(siteFileProps(props)).toEqual({
      id: 'P1',
      name: '地块一',
      area_mu_planar: 12.5,
      status: 'idle',
      grade: 'D',
      enterprise_id: 'E1',
      control_line: 1,
      zone: 'none',
      far_max: null,
      park: '园区',
    });
    expect(siteFileProps({ id: 'P2', status: 'idle' })).toEqual({ id: 'P2', status: 'idle' });
  });
});

describe('sitesFileServes', () => {
  const spec: SitesFileSpec = { file: 'sites.fgb', count: 10, candidate_statuses: ['idle', 'used_not_full', 'built_not_operating'], candidate_grades: ['C', 'D'] };
  it('serves a ranking whose candidate statuses and grades the file was written with (or a narrower one)', () => {
    expect(sitesFileServes(spec, ranking)).toBe(true);
    expect(sitesFileServes(spec, { candidate_statuses: ['idle'], candidate_grades: [] })).toBe(true);
  });
  it('does not serve one that would keep a parcel the file left out, nor a build without the file', () => {
    expect(sitesFileServes(spec, { candidate_statuses: ['idle', 'for_transfer'], candidate_grades: ['D'] })).toBe(false);
    expect(sitesFileServes(spec, { candidate_statuses: ['idle'], candidate_grades: ['B'] })).toBe(false);
    expect(sitesFileServes(undefined, ranking)).toBe(false);
  });
});

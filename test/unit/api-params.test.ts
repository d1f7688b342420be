import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_FILTERS, filterSql, WORKFLOW_FILTERS } from '../../collector/analysis/filter-sql.js';
import { parseQuery } from '../../collector/api/params.js';
import { PerceptError } from '../../collector/errors.js';

const NOW = Date.parse('2026-11-10T15:00:00Z');
const spec = { filters: WORKFLOW_FILTERS, params: z.object({ metric: z.enum(['LCP', 'INP']).default('LCP') }) };

const problemsOf = (run: () => unknown): { field: string; message: string }[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PerceptError);
    expect((error as PerceptError).code).toBe('bad_filter');
    return (error as PerceptError).problems as unknown as { field: string; message: string }[];
  }
  throw new Error('expected a bad_filter error');
};

describe('parseQuery', () => {
  it('defaults to the last 7 UTC days ending today', () => {
    const { filters, params, format } = parseQuery({ app: 'shop' }, {}, spec, NOW);
    expect(filters).toEqual({ app: 'shop', from: '2026-11-04', to: '2026-11-10' });
    expect(params).toEqual({ metric: 'LCP' });
    expect(format).toBe('json');
  });

  it('maps every filter and attrs.* onto Filters', () => {
    const { filters } = parseQuery(
      {
        app: 'shop',
        from: '2026-11-01',
        to: '2026-11-02',
        env: 'prod',
        release: '4.2',
        route: '/a/:id',
        device_class: 'mobile',
        browser: 'Chrome',
        os: 'iOS',
        connection: '4g',
        'attrs.plan': 'pro',
        format: 'csv',
      },
      {},
      spec,
      NOW,
    );
    expect(filters).toEqual({
      app: 'shop',
      from: '2026-11-01',
      to: '2026-11-02',
      env: 'prod',
      release: '4.2',
      route: '/a/:id',
      deviceClass: 'mobile',
      browser: 'Chrome',
      os: 'iOS',
      connection: '4g',
      attrs: { plan: 'pro' },
    });
  });

  it('names every bad parameter at once', () => {
    const problems = problemsOf(() => parseQuery({ from: '2026-02-30', to: 'yesterday', metric: 'FID', colour: 'red', env: ['a', 'b'] }, {}, spec, NOW));
    expect(problems.map((p) => p.field).sort()).toEqual(['app', 'colour', 'env', 'from', 'metric', 'to']);
    expect(problems.find((p) => p.field === 'colour')!.message).toMatch(/unknown parameter; this endpoint takes app, from, to, env/);
  });

  it('refuses a reversed or too long range, an empty value and a bad app id', () => {
    expect(problemsOf(() => parseQuery({ app: 'shop', from: '2026-11-10', to: '2026-11-01' }, {}, spec, NOW))[0]).toMatchObject({
      field: 'from',
      message: /after to/,
    });
    expect(problemsOf(() => parseQuery({ app: 'shop', from: '2024-01-01', to: '2026-11-01' }, {}, spec, NOW))[0]).toMatchObject({
      field: 'from',
      message: /at most 400/,
    });
    expect(problemsOf(() => parseQuery({ app: 'shop', env: '' }, {}, spec, NOW))[0]).toMatchObject({ field: 'env' });
    expect(problemsOf(() => parseQuery({ app: 'Shop!' }, {}, spec, NOW))[0]).toMatchObject({ field: 'app' });
  });

  it('refuses filters the endpoint cannot apply', () => {
    const vitals = { filters: ENVELOPE_FILTERS };
    expect(problemsOf(() => parseQuery({ app: 'shop', 'attrs.plan': 'pro', country: 'NL' }, {}, vitals, NOW)).map((p) => p.field)).toEqual(['attrs.plan']);
    expect(problemsOf(() => parseQuery({ app: 'shop', country: 'NL' }, {}, { filters: [] }, NOW))[0]).toMatchObject({
      field: 'country',
      message: /cannot be filtered by country/,
    });
  });

  it('takes no app or range where the endpoint is not about one app', () => {
    expect(parseQuery({}, {}, { filters: 'none' }, NOW).filters).toBeUndefined();
    expect(problemsOf(() => parseQuery({ app: 'shop' }, {}, { filters: 'none' }, NOW))[0]).toMatchObject({ field: 'app' });
  });

  it("passes path parameters to the route's schema", () => {
    const withName = { filters: ENVELOPE_FILTERS, params: z.object({ name: z.string().min(1) }) };
    expect(parseQuery({ app: 'shop' }, { name: 'checkout' }, withName, NOW).params).toEqual({ name: 'checkout' });
  });
});

describe('filterSql', () => {
  it('binds every value as a parameter and names only fixed columns', () => {
    const evil = "x' OR 1=1 --";
    const { where, params } = filterSql({ app: 'shop', from: '2026-11-01', to: '2026-11-02', route: evil, deviceClass: 'mobile', attrs: { [evil]: evil } });
    expect(where).toBe(
      'app = {f_app:String} AND toDate(time) >= {f_from:Date} AND toDate(time) <= {f_to:Date} AND route = {f_route:String} AND device_class = {f_device_class:String} AND attrs[{f_attr_k0:String}] = {f_attr_v0:String}',
    );
    expect(where).not.toContain(evil);
    expect(params).toEqual({
      f_app: 'shop',
      f_from: '2026-11-01',
      f_to: '2026-11-02',
      f_route: evil,
      f_device_class: 'mobile',
      f_attr_k0: evil,
      f_attr_v0: evil,
    });
  });

  it('takes another time column and parameter prefix', () => {
    expect(filterSql({ app: 'a', from: '2026-01-01', to: '2026-01-02' }, { timeColumn: 'minute', prefix: 'b_', excludeBots: false }).where).toBe(
      'app = {b_app:String} AND toDate(minute) >= {b_from:Date} AND toDate(minute) <= {b_to:Date}',
    );
  });

  it('leaves bots out unless a device class is asked for', () => {
    const range = { app: 'a', from: '2026-01-01', to: '2026-01-02' };
    expect(filterSql(range).where).toContain(`device_class != 'bot'`);
    expect(filterSql({ ...range, deviceClass: 'bot' }).where).not.toContain(`!= 'bot'`);
    expect(filterSql({ ...range, deviceClass: 'bot' }).params.f_device_class).toBe('bot');
    expect(filterSql(range, { excludeBots: false }).where).not.toContain('bot');
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { seriesChart, type SeriesLine } from '../../dashboard/charts/series.js';

const DAYS = ['2026-11-04T00:00:00Z', '2026-11-05T00:00:00Z', '2026-11-06T00:00:00Z', '2026-11-07T00:00:00Z'];
const format = (v: number) => `${v} ms`;

const lineOf = (chart: HTMLElement, name: string) => chart.querySelector(`g[data-line="${name}"]`)!;

describe('seriesChart', () => {
  it('breaks a line where a value is missing instead of drawing it at zero', () => {
    const chart = seriesChart(DAYS, [{ name: 'Perceived p75', look: 'p75', values: [100, null, 300, 400] }], { label: 'Perceived p75', format, hourly: false });
    const line = lineOf(chart, 'Perceived p75');
    expect(line.querySelectorAll('circle')).toHaveLength(3);
    // 100 stands alone (a dot), 300 and 400 are joined.
    expect([...line.querySelectorAll('polyline')].map((p) => p.getAttribute('points')!.split(' ').length)).toEqual([2]);
    expect([...chart.querySelectorAll('tbody tr')].map((row) => row.children[1]!.textContent)).toEqual(['100 ms', '–', '300 ms', '400 ms']);
  });

  it('names each line at its end, apart from the others, and in a legend with the bands', () => {
    const lines: SeriesLine[] = [
      { name: 'p50', look: 'p50', note: '(median)', values: [100, 100, 100, 100] },
      { name: 'p75', look: 'p75', values: [101, 101, 101, 102], emphasis: true },
      { name: 'p95', look: 'p95', values: [900, 900, 900, 900] },
    ];
    const chart = seriesChart(DAYS, lines, { label: 'INP', format, bands: [200, 500], hourly: false });
    const ends = ['p50', 'p75', 'p95'].map((name) => Number(lineOf(chart, name).querySelector('text.end-label')!.getAttribute('y')));
    // p50 and p75 end a pixel apart: their labels are moved apart, keeping p75 above p50.
    expect(ends[0]! - ends[1]!).toBeGreaterThanOrEqual(13);
    expect(ends[2]!).toBeLessThan(ends[1]!);
    expect(lineOf(chart, 'p75').querySelector('polyline')!.classList.contains('emphasis')).toBe(true);
    expect([...chart.querySelectorAll('.series-legend li')].map((li) => li.textContent)).toEqual([
      'p50 (median)',
      'p75',
      'p95',
      'Good up to 200 ms',
      'Needs improvement up to 500 ms',
      'Poor above 500 ms',
    ]);
    expect(chart.querySelector('svg[role=img]')!.getAttribute('aria-label')).toBe(
      'INP: p50, p75 and p95 per day, 4 points; the numbers are in the table below',
    );
  });
});

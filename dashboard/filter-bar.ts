import { apiGet } from './api.js';
import { h, show } from './dom.js';
import { apiQuery, PERCENTILES, percentileOf, withParams } from './url-state.js';

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Date presets: days back from today (UTC), both ends included. */
const PRESETS = [
  { label: 'Today', days: 1 },
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 28 days', days: 28 },
  { label: 'Last 90 days', days: 90 },
] as const;

/** The API's default range when the URL names none: the last 7 days ending today. */
export const rangeOf = (params: URLSearchParams, now = Date.now()): { from: string; to: string } => ({
  from: params.get('from') ?? isoDay(now - 6 * DAY_MS),
  to: params.get('to') ?? isoDay(now),
});

const field = (label: string, control: HTMLElement) => h('label', { class: 'field' }, h('span', {}, label), control);

const select = (name: string, value: string, options: readonly (readonly [string, string])[]) =>
  h(
    'select',
    { name },
    options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)),
  );

const text = (name: string, value: string, placeholder: string) =>
  h('input', { type: 'text', name, value, placeholder, autocomplete: 'off', spellcheck: 'false' });

/**
 * The filters above every view. Applying writes them into the URL (which
 * reloads the view), so what is on screen always matches the link.
 */
export const filterBar = (params: URLSearchParams, apply: (next: URLSearchParams) => void, usesPercentile: boolean): HTMLElement => {
  const range = rangeOf(params);
  const releaseSelect = select('release', params.get('release') ?? '', [
    ['', 'Any release'],
    ...(params.get('release') ? [[params.get('release')!, params.get('release')!] as const] : []),
  ]);
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filters' },
    h(
      'fieldset',
      { class: 'presets' },
      h('legend', {}, 'Date range (UTC)'),
      PRESETS.map((preset) =>
        h(
          'button',
          {
            type: 'button',
            'aria-pressed': String(range.to === isoDay(Date.now()) && range.from === isoDay(Date.now() - (preset.days - 1) * DAY_MS)),
            onclick: () => apply(withParams(params, { from: isoDay(Date.now() - (preset.days - 1) * DAY_MS), to: isoDay(Date.now()) })),
          },
          preset.label,
        ),
      ),
      field('From', h('input', { type: 'date', name: 'from', value: range.from, required: true })),
      field('To', h('input', { type: 'date', name: 'to', value: range.to, required: true })),
    ),
    field('Environment', text('env', params.get('env') ?? '', 'any')),
    field('Release', releaseSelect),
    field(
      'Device',
      select('device_class', params.get('device_class') ?? '', [
        ['', 'Any device'],
        ['desktop', 'Desktop'],
        ['mobile', 'Mobile'],
        ['tablet', 'Tablet'],
      ]),
    ),
    field('Browser', text('browser', params.get('browser') ?? '', 'any')),
    field(
      'Connection',
      select('connection', params.get('connection') ?? '', [
        ['', 'Any connection'],
        ['4g', '4g'],
        ['3g', '3g'],
        ['2g', '2g'],
        ['slow-2g', 'slow-2g'],
      ]),
    ),
    field('Route', text('route', params.get('route') ?? '', 'any, e.g. /orders/:id')),
    usesPercentile
      ? field(
          'Percentile',
          select(
            'pct',
            percentileOf(params),
            PERCENTILES.map((p) => [p, p] as const),
          ),
        )
      : null,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Apply filters')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const changes: Record<string, string> = {};
    for (const name of ['from', 'to', 'env', 'release', 'device_class', 'browser', 'connection', 'route', 'pct']) {
      if (name === 'pct' && !usesPercentile) continue;
      changes[name] = String(data.get(name) ?? '').trim();
    }
    if (changes.pct === 'p75') changes.pct = '';
    apply(withParams(params, changes));
  });
  fillReleases(params, releaseSelect);
  return form;
};

/** The releases of the range as options; the list is a convenience, so a failure leaves "Any release". */
const fillReleases = (params: URLSearchParams, control: HTMLSelectElement): void => {
  if (!params.get('app')) return;
  apiGet<{ release: string }[]>('releases', apiQuery(withParams(params, { release: undefined })))
    .then((answer) => {
      const chosen = params.get('release') ?? '';
      show(
        control,
        h('option', { value: '' }, 'Any release'),
        answer.data.map((row) => h('option', { value: row.release, selected: row.release === chosen }, row.release)),
        chosen && !answer.data.some((row) => row.release === chosen) ? h('option', { value: chosen, selected: true }, chosen) : null,
      );
    })
    .catch(() => undefined);
};

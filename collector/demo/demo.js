// The members' portal: a small client-side-routed app, measured only through
// the script tag. Loaded as a file, never inline: the page's CSP allows
// scripts from 'self' only. Everything it does is a thing a real portal does,
// so every metric and every workflow outcome happens when a person clicks.
(() => {
  const idleRun = { step() {}, end() {}, set() {} };
  const sdk = () => window.percept || { workflow: () => idleRun, flush() {}, route() {} };
  const view = document.getElementById('view');
  const say = (text) => {
    document.getElementById('status').textContent = text;
  };
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  };

  const MEMBERS = [
    { id: 101, name: 'Anna de Vries', team: 'Eight', since: 2015 },
    { id: 102, name: 'Bram Jansen', team: 'Four', since: 2019 },
    { id: 103, name: 'Chloé Bakker', team: 'Single scull', since: 2021 },
    { id: 104, name: 'Daan Visser', team: 'Eight', since: 2012 },
    { id: 105, name: 'Eva Smit', team: 'Pair', since: 2023 },
    { id: 106, name: 'Farid El Amrani', team: 'Four', since: 2018 },
  ];

  // Mod-97 as ISO 13616 defines it; a mandate with a mistyped IBAN fails here.
  const ibanValid = (iban) => {
    const compact = iban.replace(/\s+/g, '').toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
    const digits = (compact.slice(4) + compact.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
    let rest = 0;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
    return rest === 1;
  };

  const home = () => [
    el('h1', {}, 'Welcome back'),
    el('p', {}, 'Training on the Amstel on Saturday at 08:00. Your membership fee is paid by SEPA direct debit.'),
    el(
      'section',
      { class: 'grid', 'aria-label': 'Things to try' },
      el(
        'article',
        {},
        el('h2', {}, 'Recalculate my fee'),
        el('p', {}, 'Blocks the main thread for 600 ms: a poor Interaction to Next Paint.'),
        el('button', { type: 'button', id: 'slow', onclick: slowFee }, 'Recalculate'),
      ),
      el(
        'article',
        {},
        el('h2', {}, 'Club news'),
        el('p', {}, 'A banner pushes the page down a second after you click: a late layout shift.'),
        el('button', { type: 'button', id: 'shift', onclick: lateNews }, 'Show the news later'),
      ),
      el(
        'article',
        {},
        el('h2', {}, 'Send now'),
        el('p', {}, 'Batches go every few seconds and when the tab hides; this sends what is queued.'),
        el(
          'button',
          {
            type: 'button',
            id: 'flush',
            onclick: () => {
              sdk().flush();
              say('Sent everything queued.');
            },
          },
          'Flush',
        ),
      ),
    ),
  ];

  function slowFee() {
    // Busy on purpose: INP above 500 ms is rated poor by the official thresholds.
    const until = performance.now() + 600;
    while (performance.now() < until);
    say('Fee recalculated, slowly: INP is reported when the tab hides.');
  }

  function lateNews() {
    say('The club news will arrive in a second.');
    setTimeout(() => {
      document.getElementById('banner-slot').append(el('div', { class: 'banner' }, 'Regatta on 14 June: sign up at the boathouse'));
      say('The news pushed the page down: a layout shift without recent input counts in CLS.');
    }, 1000);
  }

  const members = () => {
    const query = new URLSearchParams(location.search).get('q') || '';
    const found = MEMBERS.filter((m) => m.name.toLowerCase().includes(query.toLowerCase()));
    return [
      el('h1', {}, 'Members'),
      el(
        'form',
        { id: 'search-form', role: 'search', onsubmit: search },
        el('label', {}, 'Find a member', el('input', { name: 'q', id: 'q', value: query, autocomplete: 'off' })),
        el('button', { type: 'submit' }, 'Search'),
      ),
      query && !found.length ? el('p', { class: 'error' }, `No member matches "${query}".`) : '',
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Team'), el('th', {}, 'Since'))),
        el(
          'tbody',
          {},
          ...found.map((m) =>
            el(
              'tr',
              {},
              el('td', {}, el('a', { href: `/demo/members/${m.id}`, 'data-link': '' }, m.name)),
              el('td', {}, m.team),
              el('td', {}, String(m.since)),
            ),
          ),
        ),
      ),
      el('p', {}, el('button', { type: 'button', id: 'export', class: 'secondary', onclick: exportList }, 'Export the member list')),
    ];
  };

  async function search(event) {
    event.preventDefault();
    const query = new FormData(event.currentTarget).get('q').trim();
    const run = sdk().workflow('member-search', { event });
    say('Searching…');
    await wait(250 + query.length * 20);
    go(`/demo/members?q=${encodeURIComponent(query)}`);
    const hits = MEMBERS.filter((m) => m.name.toLowerCase().includes(query.toLowerCase())).length;
    // Error texts quote what was typed, as real apps' errors do: the collector must scrub them.
    if (hits) run.end('ok');
    else run.end('error', `No member matches "${query}"`);
    say(hits ? `${hits} member(s) found.` : 'Nobody found: a workflow run with outcome "error".');
  }

  function exportList(event) {
    // The export service never answers within the run's timeout: outcome "timeout".
    sdk().workflow('member-export', { event, timeoutMs: 3000 }).step('request');
    event.currentTarget.disabled = true;
    say('Exporting… (the export service is slow today: this run times out after 3 s)');
  }

  const member = (id) => {
    const m = MEMBERS.find((x) => String(x.id) === id);
    if (!m) return [el('h1', {}, 'Member not found'), el('p', {}, el('a', { href: '/demo/members', 'data-link': '' }, 'Back to the members'))];
    return [
      el('h1', {}, m.name),
      el('div', { class: 'card' }, el('p', {}, `Team: ${m.team}`), el('p', {}, `Member since ${m.since}`)),
      el('p', {}, el('a', { href: '/demo/members', 'data-link': '' }, 'Back to the members')),
    ];
  };

  let mandate;
  const payments = () => [
    el('h1', {}, 'Payments'),
    el('p', {}, "Pay your yearly fee of € 240 by SEPA direct debit. Your IBAN goes to the club's bank only; the portal's measurements never contain it."),
    el(
      'form',
      { id: 'mandate-form', onsubmit: signMandate, onfocusin: startMandate },
      el('label', {}, 'Account holder', el('input', { name: 'holder', id: 'holder', autocomplete: 'name' })),
      el('label', {}, 'IBAN', el('input', { name: 'iban', id: 'iban', autocomplete: 'off', inputmode: 'text' })),
      el('label', {}, el('span', {}, el('input', { type: 'checkbox', name: 'agree', id: 'agree' }), ' I authorise the club to collect the fee')),
      el('button', { type: 'submit', id: 'sign' }, 'Sign the mandate'),
    ),
  ];

  function startMandate(event) {
    if (mandate) return;
    mandate = sdk().workflow('sepa-mandate', { event });
    mandate.step('account');
  }

  async function signMandate(event) {
    event.preventDefault();
    startMandate(event);
    const form = new FormData(event.currentTarget);
    const iban = String(form.get('iban') || '');
    mandate.step('confirm');
    say('Checking the mandate with the bank…');
    await wait(500);
    const run = mandate;
    mandate = undefined;
    if (!ibanValid(iban)) {
      run.end('error', `IBAN ${iban} failed the checksum`);
      say('That IBAN is not valid: a workflow run with outcome "error".');
    } else if (!form.get('agree')) {
      run.end('error', 'Mandate not authorised');
      say('Tick the authorisation first.');
    } else {
      run.end('ok');
      say('Mandate signed.');
    }
  }

  const eventsView = () => [
    el('h1', {}, 'Club events'),
    el('button', { type: 'button', id: 'sort', onclick: slowSort }, 'Sort by distance'),
    el('ul', { id: 'event-list' }, ...['Head of the River', 'Club championship', 'Spring regatta', 'Night row'].map((e) => el('li', {}, e))),
  ];

  function slowSort() {
    const until = performance.now() + 350;
    while (performance.now() < until);
    const list = document.getElementById('event-list');
    list.append(...[...list.children].reverse());
    say('Sorted, after a noticeable pause.');
  }

  let signup;
  const SIGNUP_STEPS = ['details', 'membership', 'confirm'];
  const signupView = () => {
    const index = signup ? signup.index : 0;
    const steps = el('ol', { class: 'steps' }, ...SIGNUP_STEPS.map((s, i) => el('li', i === index ? { 'aria-current': 'step' } : {}, s)));
    const fields = [
      [
        el('label', {}, 'Full name', el('input', { name: 'name', id: 'name', autocomplete: 'name' })),
        el('label', {}, 'Email', el('input', { name: 'email', id: 'email', type: 'email', autocomplete: 'email' })),
        el('label', {}, 'Phone', el('input', { name: 'phone', id: 'phone', type: 'tel', autocomplete: 'tel' })),
      ],
      [
        el(
          'label',
          {},
          'Membership',
          el('select', { name: 'plan', id: 'plan' }, el('option', { value: 'full' }, 'Full (€ 240)'), el('option', { value: 'student' }, 'Student (€ 120)')),
        ),
      ],
      [el('p', {}, 'Check your details and join the club.')],
    ][index];
    return [
      el('h1', {}, 'Join the club'),
      steps,
      el(
        'form',
        { id: 'signup-form', onsubmit: nextSignupStep },
        ...fields,
        el('button', { type: 'submit', id: 'next' }, index === SIGNUP_STEPS.length - 1 ? 'Join' : 'Next'),
      ),
    ];
  };

  async function nextSignupStep(event) {
    event.preventDefault();
    if (!signup) {
      signup = { index: 0, run: sdk().workflow('sign-up', { event }) };
      signup.run.step('details');
    }
    const plan = new FormData(event.currentTarget).get('plan');
    if (plan) signup.run.set?.('plan', plan);
    await wait(200);
    signup.index += 1;
    if (signup.index < SIGNUP_STEPS.length) {
      signup.run.step(SIGNUP_STEPS[signup.index]);
      render();
      say(`Sign-up: step ${signup.index + 1} of ${SIGNUP_STEPS.length}.`);
      return;
    }
    await wait(300);
    signup.run.end('ok');
    signup = undefined;
    go('/demo/members');
    say('Welcome to the club: a sign-up run with three steps, outcome "ok".');
  }

  const ROUTES = [
    [/^\/demo\/?$/, '/demo', home],
    [/^\/demo\/members\/?$/, '/demo/members', members],
    [/^\/demo\/members\/([^/]+)$/, '/demo/members/:id', (m) => member(m[1])],
    [/^\/demo\/payments\/?$/, '/demo/payments', payments],
    [/^\/demo\/events\/?$/, '/demo/events', eventsView],
    [/^\/demo\/signup\/?$/, '/demo/signup', signupView],
  ];

  function render() {
    const path = location.pathname;
    const [pattern, template, show] = ROUTES.find(([p]) => p.test(path)) || [null, '/demo/*', () => [el('h1', {}, 'Page not found')]];
    sdk().route(template);
    view.replaceChildren(...show(pattern ? path.match(pattern) : null));
    for (const a of document.querySelectorAll('header nav a')) {
      if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  function go(href) {
    if (href === location.pathname + location.search) return;
    history.pushState({}, '', href);
    render();
    view.focus();
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[data-link]');
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    go(link.getAttribute('href'));
  });
  addEventListener('popstate', render);
  render();
})();

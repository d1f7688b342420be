// The demo shop's behaviour. Loaded as a file, never inline: the page's CSP allows scripts from 'self' only.
(() => {
  const idleRun = { step() {}, end() {}, set() {} };
  const sdk = () => window.percept || { workflow: () => idleRun, flush() {}, route() {} };
  const $ = (id) => document.getElementById(id);
  const say = (text) => {
    $('status').textContent = text;
  };
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const showView = () => {
    const order = location.pathname.startsWith('/demo/orders/');
    document.querySelector('.hero h1').textContent = order ? 'Order 12345: on its way' : 'Plants that load fast and feel faster';
    if (order) sdk().route('/demo/orders/:id');
  };

  $('checkout').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    const run = sdk().workflow('checkout', { event, attrs: { items: 1, express: false } });
    run.step('address');
    say('Checkout: entering the address…');
    await wait(400);
    run.step('payment');
    say('Checkout: paying…');
    await wait(700);
    run.step('confirmation');
    await wait(200);
    run.end('ok');
    say('Checkout done: a workflow run with three steps is queued.');
    button.disabled = false;
  });

  $('search').addEventListener('click', async (event) => {
    const run = sdk().workflow('search', { event, attrs: { source: 'header' } });
    say('Searching…');
    await wait(900);
    run.end('error', 'Search service answered 503');
    say('Search failed on purpose: a workflow run with outcome "error" is queued.');
  });

  $('slow').addEventListener('click', () => {
    // Busy on purpose: INP above 500 ms is rated poor by the official thresholds.
    const until = performance.now() + 600;
    while (performance.now() < until);
    say('Prices recalculated, slowly: INP is reported when the tab hides.');
  });

  $('shift').addEventListener('click', () => {
    say('A promotion will push the page down in a second.');
    setTimeout(() => {
      const banner = document.createElement('div');
      banner.className = 'banner';
      banner.textContent = 'Spring sale: 20% off all ferns';
      $('banner-slot').append(banner);
      say('The promotion pushed the page down: a layout shift without recent input counts in CLS.');
    }, 1000);
  });

  $('route').addEventListener('click', () => {
    history.pushState({}, '', '/demo/orders/12345');
    showView();
    say('Moved to the order view with history.pushState: a new page view.');
  });

  $('flush').addEventListener('click', () => {
    sdk().flush();
    say('Sent everything queued. Check /metrics.');
  });

  for (const link of document.querySelectorAll('nav a')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      history.pushState({}, '', link.getAttribute('href'));
      showView();
    });
  }
  addEventListener('popstate', showView);
  showView();
})();

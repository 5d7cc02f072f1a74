// The web workspace of `tact serve`: sign-in, the agents' case workspace, follow-ups, the
// team lead's dashboard and the library of exemplary replies. Pages route on the URL fragment.

import { get, post, del, ApiError, setUnauthorizedHandler } from './api.js';
import { h, fill, id } from './dom.js';
import { label, duration, when, band } from './text.js';
import { composer } from './composer.js';
import * as charts from './charts.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const banner = document.getElementById('banner');
const userBox = document.getElementById('user');

let me = null;
// Keep the banner across the next route change (an error that caused a redirect).
let keepBanner = false;
// Triage answers of cases opened in this tab, in case the case view has none stored.
const triageCache = new Map();

const isLead = () => me && (me.role === 'lead' || me.role === 'admin');

// ---------------------------------------------------------------- banner

function showError(err) {
  const message = err instanceof Error ? err.message : String(err);
  const status = err instanceof ApiError && err.status ? ` (${err.status})` : '';
  fill(
    banner,
    h('span', { class: 'banner-text', 'data-testid': 'error' }, message + status),
    h('button', { type: 'button', class: 'link', onclick: clearBanner, 'aria-label': 'Dismiss the message' }, 'Dismiss'),
  );
  banner.className = 'banner error';
  banner.hidden = false;
}

function showNotice(message) {
  fill(banner, h('span', { class: 'banner-text' }, message), h('button', { type: 'button', class: 'link', onclick: clearBanner }, 'Dismiss'));
  banner.className = 'banner notice';
  banner.hidden = false;
}

function clearBanner() {
  banner.hidden = true;
  fill(banner);
}

setUnauthorizedHandler((message) => {
  me = null;
  renderChrome();
  if (!location.hash.startsWith('#/signin')) {
    showError(message);
    keepBanner = true;
    const back = location.hash && location.hash !== '#/' ? `?next=${encodeURIComponent(location.hash)}` : '';
    location.hash = `#/signin${back}`;
  }
});

// ---------------------------------------------------------------- chrome

function renderChrome() {
  const links = me
    ? [
        ['#/cases', 'Cases'],
        ['#/followups', 'Follow-ups'],
        ['#/exemplars', 'Exemplary replies'],
        ...(isLead() ? [['#/dashboard', 'Dashboard']] : []),
      ]
    : [];
  const here = location.hash || '#/cases';
  fill(
    nav,
    links.map(([href, text]) =>
      h('a', { href, 'aria-current': here.startsWith(href) ? 'page' : undefined }, text),
    ),
  );
  fill(
    userBox,
    me
      ? [
          h('span', { class: 'who', 'data-testid': 'who' }, me.name || me.login, h('span', { class: 'role' }, me.role), me.team ? h('span', { class: 'team' }, me.team.name) : null),
          h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'),
        ]
      : [],
  );
}

async function signOut() {
  try {
    await post('/api/v1/logout', {}, { quiet401: true });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) showError(e);
  }
  me = null;
  renderChrome();
  location.hash = '#/signin';
}

// ---------------------------------------------------------------- small pieces

function urgencyBadge(u) {
  if (!u) return null;
  return h('span', { class: `badge urgency-${u}`, title: `urgency: ${u}` }, label(u));
}

function scoreBadge(s) {
  if (s === null || s === undefined) return h('span', { class: 'badge score-none' }, 'no reply');
  return h('span', { class: `badge score-${band(s)}`, title: `latest reply scored ${s} of 100` }, String(s));
}

function stateBadge(state, dueAt) {
  const overdue = state === 'broken' || (state === 'open' && dueAt && new Date(dueAt) < new Date());
  const s = overdue ? 'overdue' : state;
  return h('span', { class: `badge state-${s}` }, label(s));
}

function page(title, ...children) {
  document.title = `${title} · tact`;
  return fill(main, h('h1', { class: 'page-title', tabindex: '-1' }, title), ...children);
}

function loading() {
  return h('p', { class: 'muted loading' }, 'Loading…');
}

function field(labelText, control, hint) {
  const cid = control.id || id('c');
  control.id = cid;
  return h('div', { class: 'field' }, h('label', { for: cid }, labelText), control, hint ? h('small', { class: 'hint' }, hint) : null);
}

// ---------------------------------------------------------------- sign-in

function viewSignin(params) {
  const login = h('input', { name: 'login', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card signin', 'aria-label': 'Sign in' },
    h('p', { class: 'lede' }, 'Sign in to answer your team’s cases with feedback on every reply.'),
    field('Login', login),
    field('Password', password),
    submit,
    h('p', { class: 'hint' }, 'First run? ', h('code', {}, 'tact serve'), ' prints the password of the user ', h('code', {}, 'admin'), ' once.'),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    try {
      const res = await post('/api/v1/login', { login: login.value.trim(), password: password.value }, { quiet401: true });
      me = res.user;
      clearBanner();
      renderChrome();
      const next = params.get('next');
      location.hash = next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : '#/cases';
    } catch (e) {
      showError(e);
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  document.title = 'Sign in · tact';
  fill(main, h('div', { class: 'signin-wrap' }, h('h1', { class: 'page-title', tabindex: '-1' }, 'Sign in'), form));
  login.focus();
}

// ---------------------------------------------------------------- triage

function triagePanel(t) {
  if (!t) return h('p', { class: 'muted' }, 'No triage for this case.');
  const emotions = Object.entries(t.emotions || {})
    .sort((a, b) => b[1] - a[1])
    .filter(([, v]) => v >= 0.05)
    .slice(0, 5);
  const present = new Set(t.present || []);
  const feelings = emotions.length
    ? h(
        'ul',
        { class: 'feelings', 'data-testid': 'feelings' },
        emotions.map(([name, v]) =>
          h(
            'li',
            { class: present.has(name) ? 'strong' : '' },
            h('span', { class: 'feeling-name' }, label(name)),
            h('meter', { min: 0, max: 1, low: 0.3, high: 0.6, optimum: 0, value: v.toFixed(3), 'aria-label': `${name} intensity` }),
            h('span', { class: 'pct' }, `${Math.round(v * 100)}%`),
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'No strong feeling detected.');
  const facts = t.facts || {};
  const factItems = [
    facts.customer_name ? ['Name', facts.customer_name.text] : null,
    ...(facts.references || []).map((r) => ['Reference', r.text]),
    ...(facts.products || []).map((r) => ['Product', r.text]),
    ...(facts.amounts || []).map((r) => ['Amount', r.text]),
    ...(facts.dates || []).map((r) => ['Date', r.text]),
  ].filter(Boolean);
  return h(
    'div',
    { class: 'triage', 'data-testid': 'triage' },
    h(
      'dl',
      { class: 'facts-grid' },
      h('dt', {}, 'Urgency'),
      h('dd', {}, urgencyBadge(t.urgency), (t.urgency_reasons || []).length ? h('span', { class: 'reasons', 'data-testid': 'urgency-reasons' }, ` because: ${t.urgency_reasons.map(label).join(', ')}`) : null),
      h('dt', {}, 'Category'),
      h('dd', { 'data-testid': 'category' }, label(t.category), t.category_confidence !== undefined ? h('span', { class: 'muted' }, ` (${Math.round(t.category_confidence * 100)}% sure)`) : null),
      h('dt', {}, 'Situation'),
      h('dd', {}, label(t.situation)),
      t.sentiment ? h('dt', {}, 'Sentiment') : null,
      t.sentiment ? h('dd', {}, label(t.sentiment.label)) : null,
      t.complaint ? h('dt', {}, 'Complaint') : null,
      t.complaint ? h('dd', {}, t.complaint.is_complaint ? 'yes' : 'no') : null,
    ),
    h('h3', {}, 'Feelings'),
    feelings,
    factItems.length
      ? [h('h3', {}, 'Facts'), h('ul', { class: 'chips' }, factItems.map(([k, v]) => h('li', { class: 'chip' }, `${k}: ${v}`)))]
      : null,
    h('h3', {}, 'What the reply needs'),
    h(
      'ul',
      { class: 'plan', 'data-testid': 'plan' },
      (t.plan || []).map((p) =>
        h('li', {}, h('span', { class: `need need-${p.need}` }, p.need), h('strong', {}, label(p.component)), h('span', { class: 'why' }, p.why)),
      ),
    ),
  );
}

// ---------------------------------------------------------------- cases

async function viewCases(params) {
  const status = ['open', 'closed', 'all'].includes(params.get('status')) ? params.get('status') : 'open';
  const list = h('div', { class: 'case-list', 'aria-busy': 'true' }, loading());
  const statusSel = h('select', { id: id('status') }, ['open', 'closed', 'all'].map((s) => h('option', { value: s }, s)));
  statusSel.value = status;
  statusSel.addEventListener('change', () => {
    location.hash = `#/cases?status=${statusSel.value}`;
  });
  const due = h('div', { class: 'due-list' }, loading());
  page(
    'Cases',
    h(
      'div',
      { class: 'layout cases-layout' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'cases-h' },
        h('div', { class: 'card-head' }, h('h2', { id: 'cases-h' }, { open: 'Open cases', closed: 'Closed cases', all: 'All cases' }[status]), h('label', { class: 'inline', for: statusSel.id }, 'Show ', statusSel)),
        list,
      ),
      h(
        'div',
        { class: 'side' },
        newCaseForm(),
        h('section', { class: 'card', 'aria-labelledby': 'due-h' }, h('h2', { id: 'due-h' }, 'My follow-ups due'), due),
      ),
    ),
  );
  get(`/api/v1/followups?scope=mine&state=due`)
    .then((doc) => fill(due, followupList(doc.followups || [], { showCase: true, onDone: () => viewCases(params) })))
    .catch((e) => fill(due, h('p', { class: 'muted' }, 'Follow-ups are unavailable.')) && showError(e));
  try {
    const doc = await get(`/api/v1/cases?status=${status}&limit=100`);
    const cases = doc.cases || [];
    list.removeAttribute('aria-busy');
    if (!cases.length) {
      fill(list, h('p', { class: 'empty' }, status === 'open' ? 'No open cases. Paste a customer’s message to open one.' : 'No cases.'));
      return;
    }
    const order = { critical: 0, high: 1, normal: 2, low: 3 };
    cases.sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || (order[a.urgency] ?? 2) - (order[b.urgency] ?? 2) || String(b.opened_at).localeCompare(String(a.opened_at)));
    fill(
      list,
      h(
        'ul',
        { class: 'cases', 'data-testid': 'case-list' },
        cases.map((c) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: `#/cases/${c.id}`, class: `case-row urgency-edge-${c.urgency || 'normal'}` },
              h('span', { class: 'case-id' }, `#${c.id}`),
              h('span', { class: 'case-main' }, h('span', { class: 'case-customer' }, c.customer || 'Unknown customer'), h('span', { class: 'case-meta' }, `${label(c.category || 'uncategorised')} · ${label(c.channel)} · opened ${when(c.opened_at)}`)),
              urgencyBadge(c.urgency),
              scoreBadge(c.last_score),
            ),
          ),
        ),
      ),
    );
  } catch (e) {
    fill(list, h('p', { class: 'muted' }, 'The cases could not be loaded.'));
    showError(e);
  }
}

function newCaseForm() {
  const msg = h('textarea', { rows: 6, required: true, placeholder: 'Paste the customer’s message here', 'data-testid': 'new-message' });
  const customer = h('input', { autocomplete: 'off', 'data-testid': 'new-customer' });
  const channel = h('select', {}, ['email', 'chat', 'social', 'sms', 'phone'].map((c) => h('option', { value: c }, c)));
  const external = h('input', { autocomplete: 'off' });
  const preview = h('div', { class: 'triage-preview', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'open-case' }, 'Open case');
  let timer = null;
  let seq = 0;
  msg.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = msg.value;
      const mine = ++seq;
      if (!text.trim()) return fill(preview);
      try {
        const t = await post('/api/v1/triage', { text });
        if (mine !== seq) return;
        const name = t.facts && t.facts.customer_name ? t.facts.customer_name.text : '';
        if (name && !customer.value) customer.placeholder = name;
        fill(preview, h('p', { class: 'preview-line' }, 'Triage: ', urgencyBadge(t.urgency), ' ', label(t.category), (t.present || []).length ? ` · feels ${t.present.map(label).join(', ')}` : ''));
      } catch (e) {
        if (mine === seq) fill(preview);
      }
    }, 400);
  });
  const form = h(
    'form',
    { class: 'card new-case', 'aria-labelledby': 'new-h' },
    h('h2', { id: 'new-h' }, 'New case'),
    field('Customer’s message', msg),
    preview,
    h('div', { class: 'row' }, field('Customer', customer), field('Channel', channel)),
    field('External id', external, 'Optional: the ticket number in your help desk.'),
    submit,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!msg.value.trim()) {
      showError('Paste the customer’s message first.');
      msg.focus();
      return;
    }
    submit.disabled = true;
    try {
      const body = { message: msg.value, channel: channel.value };
      const name = customer.value.trim() || customer.placeholder;
      if (name) body.customer = name;
      if (external.value.trim()) body.external_id = external.value.trim();
      const res = await post('/api/v1/cases', body);
      triageCache.set(String(res.case.id), res.triage);
      clearBanner();
      location.hash = `#/cases/${res.case.id}`;
    } catch (e) {
      showError(e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---------------------------------------------------------------- one case

async function viewCase(caseId) {
  page(`Case #${caseId}`, loading());
  let doc;
  try {
    doc = await get(`/api/v1/cases/${encodeURIComponent(caseId)}`);
  } catch (e) {
    page(`Case #${caseId}`, h('p', { class: 'muted' }, 'This case could not be loaded.'), h('a', { href: '#/cases' }, 'Back to the cases'));
    showError(e);
    return;
  }
  const c = doc.case;
  const messages = doc.messages || [];
  const followups = doc.followups || [];
  const firstInbound = messages.find((m) => m.direction === 'inbound');
  let triage = c.triage || triageCache.get(String(c.id)) || null;
  const triageBox = h('div', {}, triage ? triagePanel(triage) : loading());
  if (!triage && firstInbound) {
    post('/api/v1/triage', { text: firstInbound.body })
      .then((t) => {
        triageCache.set(String(c.id), t);
        fill(triageBox, triagePanel(t));
      })
      .catch(() => fill(triageBox, h('p', { class: 'muted' }, 'No triage available.')));
  } else if (!triage) {
    fill(triageBox, h('p', { class: 'muted' }, 'No customer message yet.'));
  }

  const reload = () => viewCase(caseId);
  const followBox = h(
    'section',
    { class: 'card followups-card', 'aria-labelledby': 'fu-h', 'data-testid': 'case-followups' },
    h('h2', { id: 'fu-h' }, 'Follow-ups'),
    followupList(followups, { onDone: reload }),
  );
  const head = h(
    'div',
    { class: 'case-head' },
    h('span', { class: 'case-customer' }, c.customer || (triage && triage.facts && triage.facts.customer_name ? triage.facts.customer_name.text : 'Unknown customer')),
    urgencyBadge(c.urgency),
    h('span', { class: 'badge' }, label(c.status)),
    h('span', { class: 'muted' }, `${label(c.channel)} · ${label(c.category || '')} · opened ${when(c.opened_at)}`),
    c.external_id ? h('span', { class: 'muted' }, ` · ${c.external_id}`) : null,
    c.first_response_secs !== null && c.first_response_secs !== undefined ? h('span', { class: 'muted' }, ` · first response ${duration(c.first_response_secs)}`) : null,
  );
  const comp =
    c.status === 'open'
      ? composer({
          caseData: c,
          customer: firstInbound ? firstInbound.body : '',
          onError: showError,
          onSent: (res) => {
            const n = (res.followups || []).length;
            showNotice(`Reply sent${res.check ? ` with a score of ${res.check.score}` : ''}.${n ? ` ${n} follow-up${n > 1 ? 's' : ''} scheduled.` : ''}`);
            reload();
          },
        })
      : h('p', { class: 'muted' }, `This case is closed${c.resolution ? `: ${c.resolution}` : ''}.`);
  page(
    `Case #${c.id}`,
    head,
    h(
      'div',
      { class: 'layout case-layout' },
      h(
        'div',
        { class: 'col' },
        h('section', { class: 'card timeline-card', 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, 'Timeline'), timeline(messages, followups, reload)),
        h('details', { class: 'card triage-card', open: true }, h('summary', {}, h('h2', {}, 'Triage')), triageBox),
      ),
      h('div', { class: 'col' }, h('section', { class: 'card reply-card', 'aria-labelledby': 'reply-h' }, h('h2', { id: 'reply-h' }, 'Reply'), comp), followBox),
    ),
  );
}

function timeline(messages, followups, reload) {
  const items = [
    ...messages.map((m) => ({ at: m.at, kind: 'message', m })),
    ...followups.map((f) => ({ at: f.made_at || f.due_at, kind: 'followup', f })),
  ].sort((a, b) => String(a.at).localeCompare(String(b.at)) || (a.kind === 'message' ? -1 : 1));
  if (!items.length) return h('p', { class: 'muted' }, 'Nothing yet.');
  return h(
    'ol',
    { class: 'timeline', 'data-testid': 'timeline' },
    items.map((it) => {
      if (it.kind === 'followup') {
        const f = it.f;
        return h(
          'li',
          { class: 'tl-followup' },
          h('span', { class: 'tl-icon', 'aria-hidden': 'true' }),
          h('span', {}, 'Promised: ', h('q', {}, f.text), ` — due ${when(f.due_at)} `, stateBadge(f.state, f.due_at)),
        );
      }
      const m = it.m;
      const out = m.direction === 'outbound';
      return h(
        'li',
        { class: `tl-message ${out ? 'outbound' : 'inbound'}`, dataset: { messageId: String(m.id) } },
        h(
          'div',
          { class: 'tl-meta' },
          h('strong', {}, out ? m.author || 'agent' : 'Customer'),
          h('span', { class: 'muted' }, when(m.at)),
          out && m.score !== null && m.score !== undefined ? scoreBadge(m.score) : null,
          out && (m.anti_patterns || []).length ? h('span', { class: 'muted small' }, `flags: ${m.anti_patterns.map(label).join(', ')}`) : null,
          out && m.starred ? h('span', { class: 'badge starred', title: 'In the exemplary replies' }, '★ exemplary') : null,
        ),
        h('div', { class: 'tl-body' }, m.body),
        out && isLead() ? starControl(m, reload) : null,
      );
    }),
  );
}

function starControl(m, reload) {
  if (m.starred) {
    return h(
      'button',
      {
        type: 'button',
        class: 'link small',
        onclick: async () => {
          try {
            await del(`/api/v1/exemplars/${m.id}`);
            reload();
          } catch (e) {
            showError(e);
          }
        },
      },
      'Remove from exemplary replies',
    );
  }
  const note = h('input', { placeholder: 'Why is it good? (optional)', 'aria-label': 'Note for the exemplary reply' });
  const box = h(
    'form',
    { class: 'star-form', hidden: true },
    note,
    h('button', { type: 'submit', class: 'secondary small' }, 'Save'),
  );
  box.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const body = { message_id: m.id };
      if (note.value.trim()) body.note = note.value.trim();
      await post('/api/v1/exemplars', body);
      showNotice('Added to the exemplary replies.');
      reload();
    } catch (e) {
      showError(e);
    }
  });
  const btn = h(
    'button',
    {
      type: 'button',
      class: 'link small',
      'data-testid': 'star',
      onclick: () => {
        box.hidden = false;
        btn.hidden = true;
        note.focus();
      },
    },
    '☆ Star as exemplary',
  );
  return h('div', { class: 'star' }, btn, box);
}

// ---------------------------------------------------------------- follow-ups

function followupList(items, { showCase = false, onDone } = {}) {
  if (!items.length) return h('p', { class: 'muted', 'data-testid': 'no-followups' }, 'No follow-ups.');
  const now = new Date();
  const sorted = [...items].sort((a, b) => String(a.due_at).localeCompare(String(b.due_at)));
  return h(
    'ul',
    { class: 'followups', 'data-testid': 'followups' },
    sorted.map((f) => {
      const overdue = !f.done_at && (f.state === 'broken' || (f.state === 'open' && f.due_at && new Date(f.due_at) < now));
      return h(
        'li',
        { class: `followup ${overdue ? 'overdue' : ''}` },
        h(
          'div',
          { class: 'fu-text' },
          h('q', { 'data-testid': 'followup-text' }, f.text),
          h('div', { class: 'muted small' }, `${overdue ? 'Overdue since' : 'Due'} ${when(f.due_at)}`, f.due_text ? ` (“${f.due_text}”)` : '', showCase ? [' · ', h('a', { href: `#/cases/${f.case_id}` }, `case #${f.case_id}`), f.customer ? ` · ${f.customer}` : ''] : null),
          f.note ? h('div', { class: 'small' }, `Note: ${f.note}`) : null,
        ),
        stateBadge(f.state, f.due_at),
        !f.done_at && (f.state === 'open' || f.state === 'broken')
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary small',
                'aria-label': `Mark done: ${f.text}`,
                onclick: async (ev) => {
                  ev.currentTarget.disabled = true;
                  try {
                    await post(`/api/v1/followups/${f.id}/done`, {});
                    if (onDone) onDone();
                  } catch (e) {
                    showError(e);
                  }
                },
              },
              'Done',
            )
          : null,
      );
    }),
  );
}

async function viewFollowups(params) {
  const scope = params.get('scope') === 'team' ? 'team' : 'mine';
  const state = params.get('state') === 'all' ? 'all' : 'due';
  const scopeSel = h('select', {}, h('option', { value: 'mine' }, 'my promises'), h('option', { value: 'team' }, 'the team’s promises'));
  const stateSel = h('select', {}, h('option', { value: 'due' }, 'due and overdue'), h('option', { value: 'all' }, 'all'));
  scopeSel.value = scope;
  stateSel.value = state;
  const go = () => {
    location.hash = `#/followups?scope=${scopeSel.value}&state=${stateSel.value}`;
  };
  scopeSel.addEventListener('change', go);
  stateSel.addEventListener('change', go);
  const box = h('div', {}, loading());
  page('Follow-ups', h('section', { class: 'card' }, h('div', { class: 'row filters' }, field('Whose', scopeSel), field('Which', stateSel)), box));
  try {
    const doc = await get(`/api/v1/followups?scope=${scope}&state=${state}`);
    fill(box, followupList(doc.followups || [], { showCase: true, onDone: () => viewFollowups(params) }));
  } catch (e) {
    fill(box, h('p', { class: 'muted' }, 'Follow-ups could not be loaded.'));
    showError(e);
  }
}

// ---------------------------------------------------------------- dashboard

function namedCounts(list) {
  // Report lists are [{name|category|cause|root_cause, count|cases}].
  return (list || []).map((x) => {
    if (typeof x !== 'object' || x === null) return { label: String(x), value: 1 };
    const name = x.name ?? x.category ?? x.cause ?? x.root_cause ?? x.label ?? x.id ?? '?';
    const value = x.count ?? x.cases ?? x.replies ?? x.n ?? 0;
    return { label: label(name), value };
  });
}

function periodLabel(p) {
  const d = new Date(p);
  if (Number.isNaN(d.getTime())) return String(p);
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

async function viewDashboard(params) {
  if (!isLead()) {
    page('Dashboard', h('p', { class: 'muted' }, 'The dashboard is for team leads.'));
    return;
  }
  const days = ['7', '30', '90', '365'].includes(params.get('days')) ? Number(params.get('days')) : 30;
  const bucket = params.get('bucket') === 'day' ? 'day' : 'week';
  const daysSel = h('select', {}, [7, 30, 90, 365].map((d) => h('option', { value: String(d) }, `last ${d} days`)));
  const bucketSel = h('select', {}, h('option', { value: 'week' }, 'by week'), h('option', { value: 'day' }, 'by day'));
  daysSel.value = String(days);
  bucketSel.value = bucket;
  const agent = params.get('agent') || '';
  const go = () => {
    const who = agent ? `&agent=${encodeURIComponent(agent)}` : '';
    location.hash = `#/dashboard?days=${daysSel.value}&bucket=${bucketSel.value}${who}`;
  };
  daysSel.addEventListener('change', go);
  bucketSel.addEventListener('change', go);
  const body = h('div', { class: 'dashboard', 'data-testid': 'dashboard' }, loading());
  const scope = agent
    ? h('p', { class: 'scope' }, 'Replies of ', h('strong', {}, agent), ' only · ', h('a', { href: `#/dashboard?days=${days}&bucket=${bucket}` }, 'whole team'))
    : null;
  page('Team dashboard', h('div', { class: 'row filters' }, field('Period', daysSel), field('Trend', bucketSel)), scope, body);
  const since = new Date(Date.now() - days * 86400 * 1000).toISOString();
  let r;
  try {
    const who = agent ? `&agent=${encodeURIComponent(agent)}` : '';
    r = await get(`/api/v1/reports?since=${encodeURIComponent(since)}&bucket=${bucket}${who}`);
  } catch (e) {
    fill(body, h('p', { class: 'muted' }, 'The report could not be loaded.'));
    showError(e);
    return;
  }
  const series = r.series || [];
  const periods = series.map((s) => periodLabel(s.period));
  const fr = r.first_response || {};
  const pr = r.promises || {};
  const kpi = (name, value, note) => h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-name' }, name), note ? h('div', { class: 'kpi-note' }, note) : null);
  const chartCard = (title, svgEl, note) => h('figure', { class: 'card chart-card' }, h('figcaption', {}, h('h2', {}, title), note ? h('p', { class: 'muted small' }, note) : null), svgEl);
  const bandCls = { poor: 'c-poor', weak: 'c-weak', fair: 'c-fair', good: 'c-good' };
  // First-response times in the unit that suits them.
  const longest = Math.max(0, ...series.map((s) => s.median_first_response_secs || 0));
  const unit =
    longest < 120
      ? { secs: 1, name: 's', long: 'seconds' }
      : longest < 7200
        ? { secs: 60, name: 'min', long: 'minutes' }
        : { secs: 3600, name: 'h', long: 'hours' };
  fill(
    body,
    h(
      'div',
      { class: 'kpis' },
      kpi('cases', r.cases ?? 0, `${r.closed ?? 0} closed`),
      kpi('replies', r.replies ?? 0),
      kpi('mean score', r.mean_score === null || r.mean_score === undefined ? '—' : Math.round(r.mean_score), 'out of 100'),
      kpi('median first response', duration(fr.median_secs), fr.measured ? `${fr.within_target ?? 0} of ${fr.measured} within target` : null),
      kpi('promises kept', `${pr.kept ?? 0}`, `${pr.broken ?? 0} broken · ${pr.late ?? 0} late · ${pr.open ?? 0} open`),
      kpi('satisfaction', r.mean_satisfaction === null || r.mean_satisfaction === undefined ? '—' : r.mean_satisfaction.toFixed(1), 'of 5'),
    ),
    h(
      'div',
      { class: 'charts' },
      chartCard('Reply scores', charts.bars('Replies per score band', (r.score_bands || []).map((b) => ({ label: `${b.band} ${b.min}–${b.max}`, value: b.replies, cls: bandCls[b.band] })))),
      chartCard('First response time', charts.line('Median first response per period', series.map((s, i) => ({ label: periods[i], value: s.median_first_response_secs === null || s.median_first_response_secs === undefined ? null : s.median_first_response_secs / unit.secs })), { format: (v) => `${v < 10 && v % 1 ? v.toFixed(1) : Math.round(v)} ${unit.name}` }), `median per period, in ${unit.long}`),
      chartCard('Promises kept and broken', charts.stacked('Promises per period', periods, [
        { name: 'kept', cls: 'c-good', values: series.map((s) => s.promises_kept || 0) },
        { name: 'broken', cls: 'c-poor', values: series.map((s) => s.promises_broken || 0) },
      ])),
      chartCard('Mean score over time', charts.line('Mean reply score per period', series.map((s, i) => ({ label: periods[i], value: s.mean_score ?? null })), { max: 100 })),
      chartCard('Top anti-patterns', charts.hbars('Anti-patterns committed', namedCounts(r.anti_patterns))),
      chartCard('Missing components', charts.hbars('Components replies lacked', namedCounts(r.missing))),
      chartCard('Recurring categories', charts.hbars('Cases per category', namedCounts(r.categories))),
      chartCard('Root causes', charts.hbars('Closed cases per root cause', namedCounts(r.root_causes))),
    ),
    agentsTable(r.agents || [], days, bucket),
    teamsTable(r.teams || []),
  );
}

function teamsTable(teams) {
  // A lead's report holds their own team only; an admin sees every team side by side.
  if (teams.length < 2) return null;
  const num = (v) => h('td', { class: 'num' }, v ?? 0);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'teams-h' },
    h('h2', { id: 'teams-h' }, 'Teams'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { 'data-testid': 'teams' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Team'), h('th', { scope: 'col', class: 'num' }, 'Cases'), h('th', { scope: 'col', class: 'num' }, 'Replies'), h('th', { scope: 'col', class: 'num' }, 'Mean score'), h('th', { scope: 'col', class: 'num' }, 'Median first response'), h('th', { scope: 'col', class: 'num' }, 'Promises kept'), h('th', { scope: 'col', class: 'num' }, 'Broken'))),
        h(
          'tbody',
          {},
          teams.map((t) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, t.name),
              num(t.cases),
              num(t.replies),
              h('td', { class: 'num' }, t.mean_score === null || t.mean_score === undefined ? '—' : scoreBadge(Math.round(t.mean_score))),
              h('td', { class: 'num' }, duration(t.median_first_response_secs)),
              num(t.promises_kept),
              num(t.promises_broken),
            ),
          ),
        ),
      ),
    ),
  );
}

function agentsTable(agents, days, bucket) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'agents-h' },
    h('h2', { id: 'agents-h' }, 'Agents'),
    agents.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { 'data-testid': 'agents' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Agent'), h('th', { scope: 'col', class: 'num' }, 'Replies'), h('th', { scope: 'col', class: 'num' }, 'Mean score'), h('th', { scope: 'col', class: 'num' }, 'Median first response'), h('th', { scope: 'col' }, 'Top anti-patterns'))),
            h(
              'tbody',
              {},
              agents.map((a) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, h('a', { href: `#/dashboard?days=${days}&bucket=${bucket}&agent=${encodeURIComponent(a.login)}`, title: `Only ${a.login}'s replies` }, a.login)),
                  h('td', { class: 'num' }, a.replies ?? 0),
                  h('td', { class: 'num' }, a.mean_score === null || a.mean_score === undefined ? '—' : scoreBadge(Math.round(a.mean_score))),
                  h('td', { class: 'num' }, duration(a.first_response_median_secs)),
                  h('td', {}, namedCounts(a.top_anti_patterns).map((x) => `${x.label}${x.value > 1 ? ` ×${x.value}` : ''}`).join(', ') || '—'),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No replies in this period.'),
  );
}

// ---------------------------------------------------------------- exemplars

async function viewExemplars() {
  const box = h('div', {}, loading());
  page('Exemplary replies', h('p', { class: 'lede' }, 'Replies the team leads starred as examples to learn from.'), box);
  try {
    const doc = await get('/api/v1/exemplars');
    const items = doc.exemplars || [];
    if (!items.length) {
      fill(box, h('p', { class: 'empty' }, isLead() ? 'None yet. Star a good reply from its case.' : 'None yet. Your team lead stars good replies from the cases.'));
      return;
    }
    fill(
      box,
      h(
        'ul',
        { class: 'exemplars', 'data-testid': 'exemplars' },
        items.map((x) =>
          h(
            'li',
            { class: 'card exemplar' },
            h('div', { class: 'tl-meta' }, scoreBadge(x.score), h('strong', {}, x.author || ''), h('a', { href: `#/cases/${x.case_id}` }, `case #${x.case_id}`), h('span', { class: 'muted' }, `starred by ${x.starred_by || '?'} · ${when(x.starred_at)}`)),
            x.note ? h('p', { class: 'note' }, x.note) : null,
            h('blockquote', { class: 'tl-body' }, x.body),
            isLead()
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'link small',
                    onclick: async () => {
                      try {
                        await del(`/api/v1/exemplars/${x.message_id}`);
                        viewExemplars();
                      } catch (e) {
                        showError(e);
                      }
                    },
                  },
                  'Remove',
                )
              : null,
          ),
        ),
      ),
    );
  } catch (e) {
    fill(box, h('p', { class: 'muted' }, 'The exemplary replies could not be loaded.'));
    showError(e);
  }
}

// ---------------------------------------------------------------- router

async function route() {
  const hash = location.hash || '#/cases';
  const [path, query = ''] = hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  if (keepBanner) keepBanner = false;
  else clearBanner();
  if (path === '/signin') {
    renderChrome();
    return viewSignin(params);
  }
  if (!me) {
    try {
      me = await get('/api/v1/me', { quiet401: true });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        showError(e);
        keepBanner = true;
      }
      location.hash = `#/signin${hash !== '#/cases' ? `?next=${encodeURIComponent(hash)}` : ''}`;
      return;
    }
  }
  renderChrome();
  const m = path.match(/^\/cases\/(\d+)$/);
  if (m) await viewCase(m[1]);
  else if (path === '/followups') await viewFollowups(params);
  else if (path === '/dashboard') await viewDashboard(params);
  else if (path === '/exemplars') await viewExemplars();
  else await viewCases(params);
  const title = main.querySelector('.page-title');
  if (title && document.activeElement === document.body) title.focus({ preventScroll: true });
}

// The skip link must not change the route.
document.querySelector('.skip')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
route();

// The reply composer: a textarea with live feedback from POST /api/v1/check while the agent
// types. Findings are underlined in a highlight layer mirrored under the textarea.

import { post, ApiError } from './api.js';
import { h, fill, id } from './dom.js';
import { segments, spans, applyFix, label, band } from './text.js';

const DEBOUNCE_MS = 150;
const SITUATIONS = ['our_fault', 'not_our_fault', 'customer_mistaken', 'policy_no'];
const CHANNELS = ['email', 'chat', 'social', 'sms', 'phone'];

/**
 * Build a composer for a case. `opts`:
 *  - caseData: the case (id, situation, channel)
 *  - customer: the customer's first message (context for the check)
 *  - onError(err), onSent(result)
 */
export function composer({ caseData, customer, onError, onSent }) {
  const taId = id('reply');
  const sitId = id('situation');
  const chId = id('channel');
  const tipId = id('tip');

  const mirror = h('div', { class: 'mirror', 'aria-hidden': 'true' });
  const ta = h('textarea', {
    id: taId,
    class: 'reply-input',
    spellcheck: 'true',
    rows: 8,
    placeholder: 'Write your reply. Feedback appears as you type; Ctrl+Enter sends.',
    'aria-describedby': tipId,
    'data-testid': 'reply',
  });
  const tip = h('div', { class: 'tip', id: tipId, role: 'status', 'aria-live': 'polite' });
  const hover = h('div', { class: 'hover-tip', role: 'tooltip', hidden: true });
  const situation = h(
    'select',
    { id: sitId },
    SITUATIONS.map((s) => h('option', { value: s }, label(s))),
  );
  situation.value = SITUATIONS.includes(caseData.situation) ? caseData.situation : 'our_fault';
  const channel = h(
    'select',
    { id: chId },
    CHANNELS.map((c) => h('option', { value: c }, label(c))),
  );
  channel.value = CHANNELS.includes(caseData.channel) ? caseData.channel : 'email';

  const score = h('output', { class: 'score', 'data-band': 'none', 'aria-live': 'polite', 'data-testid': 'score', for: taId }, '—');
  const scoreNote = h('span', { class: 'score-note' }, 'score');
  const present = h('ul', { class: 'chips', 'aria-label': 'Components present', 'data-testid': 'present' });
  const missing = h('ul', { class: 'chips', 'aria-label': 'Components missing', 'data-testid': 'missing' });
  const findings = h('ol', { class: 'findings', 'data-testid': 'findings' });
  const findingsHead = h('h3', {}, 'Findings');
  const draftNote = h('div', { class: 'draft-note', hidden: true });
  const draftBtn = h('button', { type: 'button', class: 'secondary', 'data-testid': 'draft' }, 'Draft for me');
  const sendBtn = h('button', { type: 'submit', class: 'primary', 'data-testid': 'send' }, 'Send reply');

  const root = h(
    'form',
    { class: 'composer', 'aria-label': 'Reply composer', novalidate: true },
    h(
      'div',
      { class: 'composer-main' },
      h(
        'div',
        { class: 'row options' },
        h('label', { for: sitId }, 'Situation ', situation),
        h('label', { for: chId }, 'Channel ', channel),
      ),
      h('label', { for: taId, class: 'visually-hidden' }, 'Your reply'),
      h('div', { class: 'editor' }, mirror, ta, hover),
      tip,
      draftNote,
      h('div', { class: 'row actions' }, draftBtn, h('span', { class: 'spacer' }), sendBtn),
    ),
    h(
      'aside',
      { class: 'feedback', 'aria-label': 'Feedback on the reply' },
      h('div', { class: 'score-box' }, score, scoreNote),
      h('h3', {}, 'Present'),
      present,
      h('h3', {}, 'Missing'),
      missing,
      findingsHead,
      findings,
    ),
  );

  // The check the feedback shows, and the exact text it was computed on.
  let current = null;
  let checkedText = '';
  let seq = 0;
  let timer = null;
  let inflight = null;

  function resize() {
    ta.style.height = 'auto';
    ta.style.height = `${Math.min(Math.max(ta.scrollHeight + 4, 180), 560)}px`;
    const cs = getComputedStyle(ta);
    const bx = parseFloat(cs.borderLeftWidth) + parseFloat(cs.borderRightWidth);
    mirror.style.width = `${ta.clientWidth + bx}px`;
    mirror.style.height = `${ta.offsetHeight}px`;
    mirror.scrollTop = ta.scrollTop;
  }

  function renderMirror() {
    const text = ta.value;
    const diags = current && checkedText === text ? current.diagnostics || [] : [];
    const segs = segments(text, diags);
    fill(
      mirror,
      segs.map((s) =>
        s.marks.length
          ? h(
              'mark',
              {
                class: `finding-mark sev-${diags[s.marks[0]].severity || 'warning'}`,
                dataset: { finding: s.marks.join(' ') },
              },
              s.text,
            )
          : s.text,
      ),
      // Keep a trailing newline's line box.
      '\u200b',
    );
    resize();
  }

  function renderFeedback() {
    if (!current) {
      score.textContent = '—';
      score.dataset.band = 'none';
      scoreNote.textContent = 'score';
      fill(present);
      fill(missing);
      fill(findings, h('li', { class: 'muted' }, 'No findings yet.'));
      return;
    }
    score.textContent = String(current.score);
    score.dataset.band = band(current.score);
    scoreNote.textContent = `${band(current.score)} · out of 100`;
    fill(
      present,
      (current.components || []).length
        ? current.components.map((c) => h('li', { class: 'chip ok' }, label(c)))
        : h('li', { class: 'muted' }, 'none yet'),
    );
    const reasons = new Map(
      (current.breakdown || []).filter((b) => b.kind === 'missing').map((b) => [b.id, b.reason]),
    );
    fill(
      missing,
      (current.missing || []).length
        ? current.missing.map((c) => h('li', { class: 'chip miss', title: reasons.get(c) || '' }, label(c)))
        : h('li', { class: 'muted' }, 'nothing required is missing'),
    );
    const diags = current.diagnostics || [];
    findingsHead.textContent = `Findings (${diags.length})`;
    if (!diags.length) {
      fill(findings, h('li', { class: 'muted', 'data-testid': 'no-findings' }, 'No findings. Nice.'));
      return;
    }
    fill(
      findings,
      diags.map((d, i) => {
        const s = spans(checkedText, [d])[0];
        const quoted = s ? checkedText.slice(s.start, s.end) : '';
        const canFix = d.fix && Array.isArray(d.fix.edits) && d.fix.edits.length > 0;
        return h(
          'li',
          { class: `finding sev-${d.severity || 'warning'}`, dataset: { index: String(i), rule: d.rule || '' } },
          h(
            'button',
            {
              type: 'button',
              class: 'link finding-show',
              title: 'Show in the text',
              onclick: () => select(i),
              onfocus: () => activate(i),
              onmouseenter: () => activate(i),
              onmouseleave: () => activate(null),
              onblur: () => activate(null),
            },
            h('span', { class: 'rule' }, label(d.rule || d.code)),
            quoted ? h('q', { class: 'quoted' }, quoted) : null,
          ),
          h('p', { class: 'message' }, d.message),
          d.reason ? h('p', { class: 'reason' }, d.reason) : null,
          canFix
            ? h(
                'div',
                { class: 'fix-row' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'fix',
                    'data-testid': 'fix',
                    'aria-label': `Fix: ${d.fix.message || 'apply the suggested change'}`,
                    onclick: () => fix(i),
                  },
                  'Fix',
                ),
                h('span', { class: 'fix-hint' }, d.fix.message || ''),
              )
            : null,
        );
      }),
    );
  }

  function activate(i) {
    for (const m of mirror.querySelectorAll('mark')) {
      const on = i !== null && m.dataset.finding.split(' ').includes(String(i));
      m.classList.toggle('active', on);
    }
  }

  function select(i) {
    const s = spans(checkedText, [current.diagnostics[i]])[0];
    if (!s) return;
    ta.focus();
    ta.setSelectionRange(s.start, s.end);
    caretTip();
  }

  function fix(i) {
    if (!current || checkedText !== ta.value) return;
    const d = current.diagnostics[i];
    if (!d) return;
    const out = applyFix(ta.value, d.fix);
    if (!out) return;
    ta.value = out.text;
    current = null;
    renderMirror();
    ta.focus();
    if (out.selection) ta.setSelectionRange(out.selection.start, out.selection.end);
    tip.textContent = d.fix.message ? `Applied: ${d.fix.message}` : 'Fix applied.';
    check();
  }

  function findingsAt(pos) {
    if (!current || checkedText !== ta.value) return [];
    const diags = current.diagnostics || [];
    return spans(checkedText, diags)
      .filter((s) => s.start <= pos && pos < s.end)
      .map((s) => diags[s.index]);
  }

  function caretTip() {
    const here = findingsAt(ta.selectionStart);
    tip.textContent = here.map((d) => `${d.message}${d.reason ? ` — ${d.reason}` : ''}`).join(' · ');
  }

  function onHover(ev) {
    let hit = null;
    for (const m of mirror.querySelectorAll('mark')) {
      for (const r of m.getClientRects()) {
        if (ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom) {
          hit = m;
        }
      }
    }
    if (!hit || !current) {
      hover.hidden = true;
      return;
    }
    const diags = hit.dataset.finding.split(' ').map((i) => current.diagnostics[Number(i)]);
    fill(
      hover,
      diags.map((d) =>
        h('div', {}, h('strong', {}, d.message), d.reason ? h('div', { class: 'reason' }, d.reason) : null),
      ),
    );
    const box = root.querySelector('.editor').getBoundingClientRect();
    const r = hit.getClientRects()[0];
    hover.style.left = `${Math.max(0, Math.min(r.left - box.left, box.width - 320))}px`;
    hover.style.top = `${r.bottom - box.top + 6}px`;
    hover.hidden = false;
  }

  async function check() {
    clearTimeout(timer);
    const text = ta.value;
    const mine = ++seq;
    if (inflight) inflight.abort();
    if (!text.trim()) {
      current = null;
      checkedText = '';
      renderMirror();
      renderFeedback();
      return;
    }
    inflight = new AbortController();
    try {
      const doc = await post(
        '/api/v1/check',
        { text, situation: situation.value, channel: channel.value, customer: customer || undefined },
        { signal: inflight.signal },
      );
      if (mine !== seq) return;
      current = doc;
      checkedText = text;
      root.classList.toggle('stale', checkedText !== ta.value);
      renderMirror();
      renderFeedback();
      caretTip();
    } catch (e) {
      if (e.name === 'AbortError' || mine !== seq) return;
      onError(e);
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  ta.addEventListener('input', () => {
    // Old marks would sit on the wrong characters: the mirror drops them (the text differs
    // from the checked one) and the list dims until the next answer.
    root.classList.toggle('stale', current !== null && checkedText !== ta.value);
    renderMirror();
    schedule();
  });
  ta.addEventListener('scroll', () => {
    mirror.scrollTop = ta.scrollTop;
  });
  ta.addEventListener('mousemove', onHover);
  ta.addEventListener('mouseleave', () => {
    hover.hidden = true;
  });
  ta.addEventListener('keyup', caretTip);
  // Ctrl/Cmd+Enter sends, as in most help desks.
  ta.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      root.requestSubmit();
    }
  });
  ta.addEventListener('click', caretTip);
  situation.addEventListener('change', check);
  channel.addEventListener('change', check);
  window.addEventListener('resize', renderMirror);

  draftBtn.addEventListener('click', async () => {
    draftBtn.disabled = true;
    draftBtn.textContent = 'Drafting…';
    try {
      const doc = await post('/api/v1/draft', {
        case_id: caseData.id,
        situation: situation.value,
        channel: channel.value,
      });
      ta.value = doc.text || '';
      current = doc.check || null;
      checkedText = ta.value;
      const facts = doc.missing_facts || [];
      draftNote.hidden = facts.length === 0;
      fill(
        draftNote,
        facts.length
          ? [h('strong', {}, 'Fill in before sending: '), facts.map(label).join(', ')]
          : [],
      );
      renderMirror();
      renderFeedback();
      if (!current) check();
      ta.focus();
    } catch (e) {
      onError(e);
    } finally {
      draftBtn.disabled = false;
      draftBtn.textContent = 'Draft for me';
    }
  });

  root.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = ta.value;
    if (!text.trim()) {
      onError(new ApiError(0, 'Write a reply before sending it.', ''));
      ta.focus();
      return;
    }
    sendBtn.disabled = true;
    sendBtn.textContent = 'Sending…';
    try {
      const res = await post(`/api/v1/cases/${caseData.id}/replies`, {
        text,
        situation: situation.value,
        channel: channel.value,
      });
      ta.value = '';
      current = null;
      checkedText = '';
      draftNote.hidden = true;
      renderMirror();
      renderFeedback();
      onSent(res);
    } catch (e) {
      onError(e);
    } finally {
      sendBtn.disabled = false;
      sendBtn.textContent = 'Send reply';
    }
  });

  renderFeedback();
  requestAnimationFrame(renderMirror);
  return root;
}

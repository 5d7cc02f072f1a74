// Small charts drawn as inline SVG. Colours come from CSS classes (no inline styles, so the
// Content-Security-Policy can forbid them).

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  if (text !== undefined) e.textContent = String(text);
  return e;
}

function svg(width, height, label) {
  const s = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': label,
    class: 'chart',
    preserveAspectRatio: 'xMidYMid meet',
  });
  s.append(el('title', {}, label));
  return s;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

function empty(label, message = 'No data for this period yet.') {
  const s = svg(480, 60, `${label}: no data`);
  s.append(el('text', { x: 240, y: 34, 'text-anchor': 'middle', class: 'chart-empty' }, message));
  return s;
}

function yAxis(s, { left, top, plotH, right, max, format }) {
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = top + plotH - (plotH * i) / 4;
    s.append(el('line', { x1: left, x2: right, y1: y, y2: y, class: 'grid' }));
    s.append(el('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, format(v)));
  }
}

/** Vertical bars: `items` = [{label, value, cls?}]. */
export function bars(label, items, { format = (v) => String(Math.round(v)) } = {}) {
  if (!items.length || items.every((i) => !i.value)) return empty(label);
  const W = 480;
  const H = 220;
  const left = 40;
  const top = 14;
  const bottom = 34;
  const plotH = H - top - bottom;
  const max = niceMax(Math.max(4, ...items.map((i) => i.value || 0)));
  const s = svg(
    W,
    H,
    `${label}: ${items.map((i) => `${i.label} ${format(i.value || 0)}`).join(', ')}`,
  );
  yAxis(s, { left, top, plotH, right: W - 8, max, format });
  const slot = (W - left - 8) / items.length;
  const bw = Math.min(56, slot * 0.64);
  items.forEach((it, n) => {
    const h = ((it.value || 0) / max) * plotH;
    const x = left + slot * n + (slot - bw) / 2;
    const y = top + plotH - h;
    const r = el('rect', { x, y, width: bw, height: Math.max(h, 0), rx: 3, class: `bar ${it.cls || ''}` });
    r.append(el('title', {}, `${it.label}: ${format(it.value || 0)}`));
    s.append(r);
    if (it.value) {
      s.append(el('text', { x: x + bw / 2, y: y - 4, 'text-anchor': 'middle', class: 'value' }, format(it.value)));
    }
    s.append(el('text', { x: x + bw / 2, y: H - 14, 'text-anchor': 'middle', class: 'tick' }, it.label));
  });
  return s;
}

/** Horizontal bars, longest first: `items` = [{label, value}]. */
export function hbars(label, items, { limit = 8 } = {}) {
  const rows = items.filter((i) => i.value > 0).sort((a, b) => b.value - a.value).slice(0, limit);
  if (!rows.length) return empty(label, 'Nothing recorded for this period.');
  const W = 480;
  const rowH = 26;
  const labelW = 170;
  const H = rows.length * rowH + 8;
  const max = Math.max(...rows.map((r) => r.value));
  const s = svg(W, H, `${label}: ${rows.map((r) => `${r.label} ${r.value}`).join(', ')}`);
  rows.forEach((r, n) => {
    const y = 4 + n * rowH;
    const w = ((W - labelW - 50) * r.value) / max;
    s.append(el('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'tick label' }, r.label));
    const rect = el('rect', { x: labelW, y: y + 4, width: Math.max(w, 2), height: rowH - 10, rx: 3, class: `bar ${r.cls || ''}` });
    rect.append(el('title', {}, `${r.label}: ${r.value}`));
    s.append(rect);
    s.append(el('text', { x: labelW + w + 6, y: y + 16, class: 'value' }, r.value));
  });
  return s;
}

/** A line over periods: `points` = [{label, value|null}]. Gaps where the value is null. */
export function line(label, points, { format = (v) => String(Math.round(v)), max: fixedMax } = {}) {
  const known = points.filter((p) => p.value !== null && p.value !== undefined);
  if (!known.length) return empty(label);
  const W = 480;
  const H = 220;
  const left = 52;
  const top = 14;
  const bottom = 34;
  const right = W - 12;
  const plotH = H - top - bottom;
  const max = fixedMax ?? niceMax(Math.max(4, ...known.map((p) => p.value)));
  const s = svg(W, H, `${label}: ${known.map((p) => `${p.label} ${format(p.value)}`).join(', ')}`);
  yAxis(s, { left, top, plotH, right, max, format });
  const step = points.length > 1 ? (right - left - 16) / (points.length - 1) : 0;
  const xy = (p, n) => [left + 8 + step * n + (points.length > 1 ? 0 : (right - left) / 2), top + plotH - (p.value / max) * plotH];
  let d = '';
  let pen = false;
  points.forEach((p, n) => {
    if (p.value === null || p.value === undefined) {
      pen = false;
      return;
    }
    const [x, y] = xy(p, n);
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)} `;
    pen = true;
  });
  s.append(el('path', { d: d.trim(), class: 'line' }));
  const every = Math.ceil(points.length / 8);
  points.forEach((p, n) => {
    const x = xy({ value: 0 }, n)[0];
    if (n % every === 0) {
      s.append(el('text', { x, y: H - 14, 'text-anchor': 'middle', class: 'tick' }, p.label));
    }
    if (p.value === null || p.value === undefined) return;
    const [, y] = xy(p, n);
    const c = el('circle', { cx: x, cy: y, r: 4, class: 'dot' });
    c.append(el('title', {}, `${p.label}: ${format(p.value)}`));
    s.append(c);
  });
  return s;
}

/** Stacked bars over periods: `series` = [{name, cls, values: [..per period]}]. */
export function stacked(label, periods, series) {
  const totals = periods.map((_, i) => series.reduce((t, s) => t + (s.values[i] || 0), 0));
  if (!totals.some((t) => t > 0)) return empty(label, 'No promise came due in this period.');
  const W = 480;
  const H = 236;
  const left = 40;
  const top = 14;
  const bottom = 50;
  const plotH = H - top - bottom;
  const max = niceMax(Math.max(4, ...totals));
  const s = svg(
    W,
    H,
    `${label}: ${series.map((x) => `${x.name} ${x.values.reduce((a, b) => a + (b || 0), 0)}`).join(', ')}`,
  );
  yAxis(s, { left, top, plotH, right: W - 8, max, format: (v) => String(Math.round(v)) });
  const slot = (W - left - 8) / periods.length;
  const bw = Math.min(40, slot * 0.64);
  const every = Math.ceil(periods.length / 8);
  periods.forEach((p, i) => {
    const x = left + slot * i + (slot - bw) / 2;
    let y = top + plotH;
    for (const ser of series) {
      const v = ser.values[i] || 0;
      if (!v) continue;
      const h = (v / max) * plotH;
      y -= h;
      const r = el('rect', { x, y, width: bw, height: h, class: `bar ${ser.cls}` });
      r.append(el('title', {}, `${p}: ${v} ${ser.name}`));
      s.append(r);
    }
    if (i % every === 0) {
      s.append(el('text', { x: x + bw / 2, y: H - 30, 'text-anchor': 'middle', class: 'tick' }, p));
    }
  });
  let lx = left;
  for (const ser of series) {
    s.append(el('rect', { x: lx, y: H - 14, width: 10, height: 10, rx: 2, class: `bar ${ser.cls}` }));
    s.append(el('text', { x: lx + 14, y: H - 5, class: 'tick legend' }, ser.name));
    lx += 30 + ser.name.length * 7;
  }
  return s;
}

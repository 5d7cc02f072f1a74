// Text helpers shared by the views. No DOM here, so Node can test them too.

/** UTF-8 length in bytes of one code point. */
function utf8Len(cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/**
 * A converter from UTF-8 byte offsets (what the API reports) to JavaScript string indices
 * (UTF-16 code units). An offset inside a multi-byte character maps to the start of that
 * character; offsets past the end map to the end.
 */
export function byteToIndex(text) {
  const bytes = [];
  const units = [];
  let b = 0;
  let u = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    bytes.push(b);
    units.push(u);
    b += utf8Len(cp);
    u += ch.length;
  }
  bytes.push(b);
  units.push(u);
  return (offset) => {
    if (!(offset > 0)) return 0;
    if (offset >= b) return u;
    // Largest character start <= offset.
    let lo = 0;
    let hi = bytes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bytes[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return units[lo];
  };
}

/** The findings' spans as string indices, sorted, clipped, with their finding's position. */
export function spans(text, diagnostics) {
  const at = byteToIndex(text);
  return (diagnostics || [])
    .map((d, i) => ({ start: at(d.start), end: at(d.end), index: i }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Split the text into runs for the highlight layer: `{text, marks: [finding index...]}`.
 * Overlapping findings give runs that carry several marks.
 */
export function segments(text, diagnostics) {
  const ss = spans(text, diagnostics);
  const cuts = new Set([0, text.length]);
  for (const s of ss) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1];
    const marks = ss.filter((s) => s.start <= from && s.end >= to).map((s) => s.index);
    out.push({ text: text.slice(from, to), start: from, marks });
  }
  return out;
}

/**
 * Apply a finding's fix (byte-offset edits) to the text it was computed on. Returns the new
 * text and the string range of the last inserted replacement (to select it), or null when the
 * finding has no edits.
 */
export function applyFix(text, fix) {
  if (!fix || !Array.isArray(fix.edits) || fix.edits.length === 0) return null;
  const at = byteToIndex(text);
  const edits = fix.edits
    .map((e) => ({ start: at(e.start), end: at(e.end), replacement: e.replacement ?? '' }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  let selection = null;
  let last = Infinity;
  for (const e of edits) {
    if (e.end > last) continue; // overlapping edits: keep the later one only
    out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
    last = e.start;
    selection = { start: e.start, end: e.start + e.replacement.length };
  }
  return { text: out, selection };
}

/** `our_fault` → `our fault`. */
export function label(id) {
  return String(id ?? '').replaceAll('_', ' ');
}

/** A duration in seconds for people: `45 s`, `12 min`, `3.5 h`, `2.1 d`. */
export function duration(secs) {
  if (secs === null || secs === undefined || Number.isNaN(secs)) return '—';
  if (secs < 60) return `${Math.round(secs)} s`;
  if (secs < 3600) return `${Math.round(secs / 60)} min`;
  if (secs < 86400) return `${(secs / 3600).toFixed(1)} h`;
  return `${(secs / 86400).toFixed(1)} d`;
}

/** A date-time for people, in the browser's zone. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** The score band the report uses: poor < 40 ≤ weak < 60 ≤ fair < 80 ≤ good. */
export function band(score) {
  if (score === null || score === undefined) return 'none';
  if (score < 40) return 'poor';
  if (score < 60) return 'weak';
  if (score < 80) return 'fair';
  return 'good';
}

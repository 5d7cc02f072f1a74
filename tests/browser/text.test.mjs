// Unit tests of the UI's text helpers (byte offsets from the API → JavaScript indices).
// Run with `node --test`.

import test from 'node:test';
import assert from 'node:assert/strict';
import { byteToIndex, segments, applyFix } from '../../crates/tact-server/web/text.js';

const bytes = (s) => Buffer.byteLength(s, 'utf8');

test('byte offsets map to UTF-16 indices across 2-, 3- and 4-byte characters', () => {
  const text = 'Zoë — 😀 sorry';
  const at = byteToIndex(text);
  const start = bytes('Zoë — 😀 ');
  assert.equal(at(start), text.indexOf('sorry'));
  assert.equal(at(bytes(text)), text.length);
  assert.equal(at(0), 0);
  assert.equal(at(bytes(text) + 10), text.length, 'past the end clamps');
  // Inside the 4-byte emoji: the start of the emoji.
  assert.equal(at(bytes('Zoë — ') + 2), text.indexOf('😀'));
});

test('segments split the text around findings and keep every character', () => {
  const text = 'Hi Zoë, sorry for any inconvenience.';
  const phrase = 'sorry for any inconvenience';
  const start = bytes(text.slice(0, text.indexOf(phrase)));
  const segs = segments(text, [{ start, end: start + bytes(phrase) }]);
  assert.equal(segs.map((s) => s.text).join(''), text);
  const marked = segs.filter((s) => s.marks.length);
  assert.deepEqual(marked.map((s) => s.text), [phrase]);
});

test('overlapping findings give runs with both marks', () => {
  const segs = segments('abcdef', [
    { start: 0, end: 4 },
    { start: 2, end: 6 },
  ]);
  assert.deepEqual(
    segs.map((s) => [s.text, s.marks]),
    [
      ['ab', [0]],
      ['cd', [0, 1]],
      ['ef', [1]],
    ],
  );
});

test('a fix replaces its byte span and selects the replacement', () => {
  const text = 'Hi Zoë — I’m so sorry for any inconvenience. Bye';
  const phrase = 'so sorry for any inconvenience';
  const start = bytes(text.slice(0, text.indexOf(phrase)));
  const out = applyFix(text, { edits: [{ start, end: start + bytes(phrase), replacement: 'sorry the parcel was late' }] });
  assert.equal(out.text, 'Hi Zoë — I’m sorry the parcel was late. Bye');
  assert.equal(out.text.slice(out.selection.start, out.selection.end), 'sorry the parcel was late');
  assert.equal(applyFix(text, { edits: [] }), null);
});

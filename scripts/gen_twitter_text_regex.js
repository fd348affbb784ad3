#!/usr/bin/env node
// Generate composer/core/data/twitter_text_regex.json from the npm packages
// twitter-text 3.1.0 and twemoji-parser 11.0.2 (Apache-2.0 / MIT, see
// composer/core/data/README.md). Run once; the output is checked in and the
// product never needs node at run time.
//
//   NODE_PATH=/tmp/npmtt/node_modules node scripts/gen_twitter_text_regex.js
//
// The Python port matches these patterns against a "UTF-16 view" of the text (each
// astral character spelled as its two surrogate code points), exactly what a JavaScript
// regular expression without the `u` flag sees. To keep JavaScript semantics in Python's
// `regex` module, every character class, escape (\s, \w, \d), `.` and, under the `i`
// flag, every literal letter is expanded here into an explicit class of BMP code units by
// asking the JavaScript engine itself which code units it matches. `$` becomes `\Z`
// (JavaScript's `$` never matches before a final newline). No case-insensitive flag is
// left for Python to interpret.
'use strict';

const fs = require('fs');
const path = require('path');
const twttr = require('twitter-text');
const twemojiRegex = require('twemoji-parser/dist/lib/regex').default;
const twttrPackage = require('twitter-text/package.json');
const twemojiPackage = require('twemoji-parser/package.json');

const NEEDED = [
  'extractUrl', 'validAsciiDomain', 'validTcoUrl', 'invalidUrlWithoutProtocolPrecedingChars',
  'validMentionOrList', 'endMentionMatch', 'validReply', 'atSigns',
  'validHashtag', 'endHashtagMatch', 'hashSigns', 'validCashtag', 'invalidChars',
  'validateUrlUnencoded', 'validateUrlScheme', 'validateUrlPath', 'validateUrlQuery',
  'validateUrlFragment', 'validateUrlUnicodeAuthority', 'validateUrlAuthority',
];

const classCache = new Map();

function hex4(n) {
  return '\\u' + n.toString(16).padStart(4, '0');
}

// All BMP code units a JavaScript regex (one "atom") matches, as a Python class.
function enumerate(atomSource, ignoreCase) {
  const key = (ignoreCase ? 'i:' : ':') + atomSource;
  if (classCache.has(key)) {
    return classCache.get(key);
  }
  const re = new RegExp('^(?:' + atomSource + ')$', ignoreCase ? 'i' : '');
  const ranges = [];
  let start = -1;
  for (let cu = 0; cu <= 0x10000; cu++) {
    const hit = cu < 0x10000 && re.test(String.fromCharCode(cu));
    if (hit && start < 0) {
      start = cu;
    } else if (!hit && start >= 0) {
      ranges.push([start, cu - 1]);
      start = -1;
    }
  }
  let out;
  if (ranges.length === 0) {
    out = '(?!)';
  } else if (ranges.length === 1 && ranges[0][0] === ranges[0][1]) {
    out = hex4(ranges[0][0]);
  } else {
    out = '[' + ranges.map(([a, b]) => (a === b ? hex4(a) : hex4(a) + '-' + hex4(b))).join('') + ']';
  }
  classCache.set(key, out);
  return out;
}

function literal(ch, ignoreCase) {
  if (ignoreCase && /[^\x00-\x40\x5b-\x60\x7b-\x7f]/.test(ch)) {
    return enumerate(ch.replace(/[\\^$.*+?()[\]{}|\/]/g, '\\$&'), true);
  }
  const code = ch.charCodeAt(0);
  if (/[A-Za-z0-9_]/.test(ch)) {
    return ch;
  }
  if (code < 0x20 || code > 0x7e) {
    return hex4(code);
  }
  return '\\' + ch;
}

function translate(source, flags) {
  const ignoreCase = flags.includes('i');
  if (flags.includes('m')) {
    throw new Error('multiline regexes are not supported');
  }
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1];
      if ('dDwWsS'.includes(next)) {
        out += enumerate('\\' + next, false);
        i += 2;
      } else if (next === 'u') {
        out += literal(String.fromCharCode(parseInt(source.substr(i + 2, 4), 16)), ignoreCase);
        i += 6;
      } else if (next === 'x') {
        out += literal(String.fromCharCode(parseInt(source.substr(i + 2, 2), 16)), ignoreCase);
        i += 4;
      } else if (next === 'b' || next === 'B' || /[0-9]/.test(next)) {
        throw new Error('unsupported escape \\' + next);
      } else {
        const map = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
        out += literal(map[next] || next, ignoreCase);
        i += 2;
      }
    } else if (ch === '[') {
      let j = i + 1;
      if (source[j] === '^') {
        j++;
      }
      while (source[j] !== ']') {
        j += source[j] === '\\' ? 2 : 1;
      }
      out += enumerate(source.slice(i, j + 1), ignoreCase);
      i = j + 1;
    } else if (ch === '.') {
      out += enumerate('.', false);
      i++;
    } else if (ch === '$') {
      out += '\\Z';
      i++;
    } else if (ch === '(') {
      const m = /^\((\?[:=!])?/.exec(source.slice(i));
      out += m[0];
      i += m[0].length;
    } else if (ch === '{') {
      const m = /^\{\d+(,\d*)?\}\??/.exec(source.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length;
      } else {
        out += '\\{';
        i++;
      }
    } else if ('^)|*+?'.includes(ch)) {
      out += ch;
      i++;
    } else {
      out += literal(ch, ignoreCase);
      i++;
    }
  }
  return out;
}

// The TLD lists are long flat alternations (1,500 words) that Python's regex engine tries
// one by one. Rewritten as a trie they match the same text in the same order: no word in
// the lists comes after a longer word it is a prefix of (checked below), so trying longer
// continuations before stopping keeps JavaScript's first-match order.
function tldTrie(words, ignoreCase) {
  words.forEach((a, i) => words.forEach((b, j) => {
    if (j > i && a !== b && b.startsWith(a)) {
      throw new Error(`TLD ${a} comes before ${b}: a trie would change the match order`);
    }
  }));
  const root = { edges: new Map(), end: false };
  for (const word of words) {
    let node = root;
    for (const ch of word.split('')) {
      const key = literal(ch, ignoreCase);
      if (!node.edges.has(key)) {
        node.edges.set(key, { edges: new Map(), end: false });
      }
      node = node.edges.get(key);
    }
    node.end = true;
  }
  const emit = (node) => {
    const alternatives = [...node.edges].map(([key, child]) => key + emit(child));
    if (alternatives.length === 0) {
      return '';
    }
    const group = '(?:' + alternatives.join('|') + ')';
    return node.end ? group + '?' : group;
  };
  return emit(root);
}

function translateWithTlds(re) {
  const ignoreCase = re.flags.includes('i');
  let pieces = [re.source];
  let tries = [];
  for (const name of ['validGTLD', 'validCCTLD']) {
    const list = /^\(\?:\(\?:(.*)\)\(\?=/.exec(twttr.regexen[name].source)[1];
    const next = [];
    const nextTries = [];
    pieces.forEach((piece, i) => {
      const parts = piece.split(list);
      parts.forEach((part, j) => {
        next.push(part);
        if (j < parts.length - 1) {
          nextTries.push(tldTrie(list.split('|'), ignoreCase));
        }
      });
      if (i < tries.length) {
        nextTries.push(tries[i]);
      }
    });
    pieces = next;
    tries = nextTries;
  }
  return pieces.map((piece, i) => translate(piece, re.flags) + (i < tries.length ? tries[i] : '')).join('');
}

// Sanity check: each translated pattern must still compile in JavaScript and agree with
// the original on a few probes (the Python side is checked by the conformance tests).
function check(name, original, translated) {
  const probes = ['http://example.com/a?b=c#d', ' @user/list x', ' #tag ', ' $CASH ', '\uFFFE',
    'xn--abc.com', 'https://t.co/abc123?x=1', '\ud83d\ude00 #\u4e2d\u6587'];
  const copy = new RegExp(translated.replace(/\\Z/g, '$'), original.flags.replace('i', ''));
  for (const p of probes) {
    const a = p.match(new RegExp(original.source, original.flags.replace('g', '')));
    const b = p.match(new RegExp(copy.source, copy.flags.replace('g', '')));
    if ((a && a[0]) !== (b && b[0])) {
      throw new Error(`${name}: translation disagrees on ${JSON.stringify(p)}`);
    }
  }
}

const result = {
  origin: {
    'twitter-text': twttrPackage.version,
    'twemoji-parser': twemojiPackage.version,
    generator: 'scripts/gen_twitter_text_regex.js',
  },
  patterns: {},
};
for (const name of NEEDED) {
  const re = twttr.regexen[name];
  const translated = translateWithTlds(re);
  check(name, re, translated);
  result.patterns[name] = translated;
}
result.patterns.twemoji = translate(twemojiRegex.source, twemojiRegex.flags);
check('twemoji', twemojiRegex, result.patterns.twemoji);

const target = path.join(__dirname, '..', 'composer', 'core', 'data', 'twitter_text_regex.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, JSON.stringify(result, null, 1) + '\n');
console.log('wrote', target, Object.keys(result.patterns).length, 'patterns');

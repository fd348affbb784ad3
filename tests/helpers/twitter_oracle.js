#!/usr/bin/env node
// Differential-test oracle: the official twitter-text library (npm 3.1.0).
// Reads JSON lines {"text": "..."} on stdin and writes one JSON line per input with
// parseTweet for configs v1/v2/v3 and extractEntitiesWithIndices (UTF-16 indices).
// The test sets NODE_PATH to the node_modules folder that holds twitter-text.
'use strict';

const readline = require('readline');
const twttr = require('twitter-text');

const configs = { v1: twttr.configs.version1, v2: twttr.configs.version2, v3: twttr.configs.version3 };
const rl = readline.createInterface({ input: process.stdin, terminal: false });
const out = [];
rl.on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  const text = JSON.parse(line).text;
  const parse = {};
  for (const [name, config] of Object.entries(configs)) {
    parse[name] = twttr.parseTweet(text, config);
  }
  const entities = twttr.extractEntitiesWithIndices(text).map((e) => {
    if (e.url !== undefined) return { kind: 'url', value: e.url, indices: e.indices };
    if (e.hashtag !== undefined) return { kind: 'hashtag', value: e.hashtag, indices: e.indices };
    if (e.cashtag !== undefined) return { kind: 'cashtag', value: e.cashtag, indices: e.indices };
    return { kind: e.listSlug ? 'list' : 'mention', value: e.screenName, listSlug: e.listSlug, indices: e.indices };
  });
  out.push(JSON.stringify({ parse, entities }));
  if (out.length >= 1000) {
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  }
});
rl.on('close', () => {
  if (out.length) {
    process.stdout.write(out.join('\n') + '\n');
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSource, originOf, tokenKey } from '../../client/src/budget/trust';
import { tokenTransportSafe } from '../../shared/src/tokenTransport';

// Which Prometheus URL the editor uses, and whether a token may go with it (client/src/budget/trust.ts).

test('trusted workspace: folder over workspace over user setting; a token may be sent', () => {
  const levels = { globalValue: 'http://user:9090', workspaceValue: 'https://ws.example.com/prom', workspaceFolderValue: 'http://folder:9090/' };
  // Plain http to another host: the URL counts, but no token travels where the network path can read it.
  assert.deepEqual(chooseSource(levels, true), { url: 'http://folder:9090/', origin: 'http://folder:9090', level: 'folder', allowToken: false });
  assert.deepEqual(chooseSource({ ...levels, workspaceFolderValue: undefined }, true), { url: 'https://ws.example.com/prom', origin: 'https://ws.example.com', level: 'workspace', allowToken: true });
  assert.deepEqual(chooseSource({ globalValue: 'http://user:9090' }, true), { url: 'http://user:9090', origin: 'http://user:9090', level: 'user', allowToken: false });
  assert.deepEqual(chooseSource({ globalValue: 'http://127.0.0.1:9090' }, true)?.allowToken, true);
});

test('untrusted workspace: workspace and folder settings cannot choose the URL, and no token is sent', () => {
  const levels = { globalValue: 'http://user:9090', workspaceValue: 'http://attacker.example:80', workspaceFolderValue: 'http://attacker.example:81' };
  assert.deepEqual(chooseSource(levels, false), { url: 'http://user:9090', origin: 'http://user:9090', level: 'user', allowToken: false });
  assert.equal(chooseSource({ workspaceValue: 'http://attacker.example' }, false), undefined, 'no user setting: no data source at all');
});

test('empty or non-http URLs are no data source; tokens are keyed by origin, not by path', () => {
  assert.equal(chooseSource({ globalValue: '  ' }, true), undefined);
  assert.equal(chooseSource({ globalValue: 'file:///etc/passwd' }, true), undefined);
  assert.equal(chooseSource({ workspaceValue: 'not a url' }, true), undefined);
  assert.equal(originOf('https://prom.example.com:8443/api/prom'), 'https://prom.example.com:8443');
  assert.equal(tokenKey(originOf('https://prom.example.com/a')!), tokenKey(originOf('https://prom.example.com/b')!));
  assert.notEqual(tokenKey(originOf('https://prom.example.com')!), tokenKey(originOf('http://prom.example.com')!));
});

test('a token travels over https anywhere, over plain http only to loopback', () => {
  for (const ok of ['https://prom.example.com', 'https://10.0.0.5:9090', 'http://127.0.0.1:9090', 'http://localhost:9090', 'http://[::1]:9090', 'http://127.5.6.7']) assert.equal(tokenTransportSafe(ok), true, ok);
  for (const bad of ['http://prom.example.com', 'http://10.0.0.5:9090', 'http://127.0.0.1.evil.com', 'http://localhost.evil.com', 'ftp://127.0.0.1', 'not a url']) assert.equal(tokenTransportSafe(bad), false, bad);
});

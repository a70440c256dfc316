// The Node container of docs/deploy/node: its command and health check, run here as the Dockerfile runs them
// (the package's CLI from dist/ standing in for the installed one; port 8080 swapped for a free one).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = `${ROOT}docs/deploy/node/`;
const dockerfile = readFileSync(`${DIR}Dockerfile`, 'utf8');
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));

/** The JSON (exec) form of an instruction, e.g. CMD ["a", "b"]. */
function execForm(instruction) {
  const line = dockerfile.split('\n').find((l) => l.startsWith(`${instruction} `));
  assert.ok(line, `no ${instruction} in the Dockerfile`);
  const json = line.slice(line.indexOf('['));
  return JSON.parse(json);
}

function run(args, env) {
  return spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exitOf(child) {
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

describe('the Node container (docs/deploy/node)', { timeout: 60_000 }, () => {
  test('a slim Node image, the released package pinned, the config copied in, not running as root', () => {
    assert.match(dockerfile, /^FROM node:\d+-slim$/m);
    assert.match(dockerfile, new RegExp(`npm install [^\\n]*hellojs-meetings@${pkg.version.replace(/\./g, '\\.')}\\b`));
    assert.match(dockerfile, /^COPY proxy\.config\.json /m);
    assert.ok(existsSync(`${DIR}proxy.config.json`));
    assert.match(dockerfile, /^USER node$/m);
  });

  test('its CMD serves the proxy from the example config, its HEALTHCHECK passes, SIGTERM exits 0', async () => {
    const cmd = execForm('CMD');
    assert.equal(cmd[0], 'node_modules/.bin/hellojs-meetings-proxy');
    assert.equal(pkg.bin['hellojs-meetings-proxy'], './dist/proxy/cli.mjs');
    const args = cmd.slice(1).map((arg, i, all) => {
      if (all[i - 1] === '--config') return `${DIR}${arg}`;
      if (all[i - 1] === '--port') return '0';
      return arg;
    });
    const env = { ZOHO_CLIENT_ID: '1000.X', ZOHO_CLIENT_SECRET: 'zs', JOINME_CLIENT_ID: 'jm', JOINME_CLIENT_SECRET: 'js' };
    const cli = run([`${ROOT}dist/proxy/cli.mjs`, ...args], env);
    const exited = exitOf(cli);
    let stderr = '';
    const port = await new Promise((resolve, reject) => {
      cli.stderr.on('data', (chunk) => {
        stderr += chunk;
        const match = /listening on http:\/\/[^:]+:(\d+)\//.exec(stderr);
        if (match) resolve(Number(match[1]));
      });
      cli.on('close', () => reject(new Error(`the CLI stopped: ${stderr}`)));
    });
    try {
      assert.match(stderr, /listening on http:\/\/0\.0\.0\.0:/, 'it listens on every interface, as a container must');
      const health = execForm('HEALTHCHECK');
      assert.deepEqual(health.slice(0, 2), ['node', '-e']);
      const check = (p) => exitOf(run(['-e', health[2].replace('127.0.0.1:8080', `127.0.0.1:${p}`)]));
      assert.equal(await check(port), 0, 'healthy');
      cli.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      assert.equal(await check(port), 1, 'the check fails once the proxy is gone');
    } finally {
      cli.kill('SIGKILL');
    }
  });

  test('without its secrets the container stops at start, naming the variable', async () => {
    const cmd = execForm('CMD');
    const env = { ZOHO_CLIENT_ID: 'x', JOINME_CLIENT_ID: 'jm', JOINME_CLIENT_SECRET: 'js' };
    const child = run([`${ROOT}dist/proxy/cli.mjs`, '--config', `${DIR}proxy.config.json`, '--port', '0'], env);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    assert.equal(await exitOf(child), 2);
    assert.match(stderr, /zoho\.client_secret: environment variable ZOHO_CLIENT_SECRET is not set/);
    assert.ok(cmd.includes('--config'));
  });
});

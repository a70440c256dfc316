// The proxy inside your own Node server: node:http, Express/connect or Koa. It ignores its own path.
import { createServer } from 'node:http';
import express from 'express';
import { createProxy } from 'hellojs-meetings/proxy';
import Koa from 'koa';

const proxy = createProxy({
  redirectOrigins: ['https://app.example.com'],
  // A secret read from the environment when the proxy starts (a missing one stops it with a clear error).
  zoho: { client_id: '1000.ABCDEF', client_secret: { env: 'ZOHO_CLIENT_SECRET' } },
  log: (event) => console.log(JSON.stringify(event)),
});

// node:http
createServer(proxy).listen(8080);

// Express / connect: a request that is none of the protocol's calls goes to next()
const app = express();
app.use('/oauthproxy', proxy);

// Koa
const koa = new Koa();
koa.use(async (ctx, next) => {
  if (ctx.path !== '/oauthproxy') return next();
  ctx.respond = false;
  proxy(ctx.req, ctx.res);
});

export { app, koa };

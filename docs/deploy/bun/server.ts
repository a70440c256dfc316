// Bun: bun run server.ts
import { configFromEnv, createFetchHandler } from 'hellojs-meetings/proxy';

const proxy = createFetchHandler({ ...configFromEnv(Bun.env), log: (event) => console.log(JSON.stringify(event)) });

Bun.serve({ port: Number(Bun.env.PORT ?? '8080'), fetch: proxy });

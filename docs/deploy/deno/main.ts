// Deno (and Deno Deploy): deno run --allow-net --allow-env main.ts
import { configFromEnv, createFetchHandler } from 'npm:hellojs-meetings/proxy';

const proxy = createFetchHandler({ ...configFromEnv(Deno.env.toObject()), log: (event) => console.log(JSON.stringify(event)) });

Deno.serve({ port: Number(Deno.env.get('PORT') ?? '8080') }, proxy);

// Vercel function at /api/oauthproxy (Web-standard handlers, one export per method).
import { configFromEnv, createFetchHandler } from 'hellojs-meetings/proxy';

const proxy = createFetchHandler({ ...configFromEnv(process.env), log: (event) => console.log(JSON.stringify(event)) });

export const GET = proxy;
export const POST = proxy;
export const PUT = proxy;
export const PATCH = proxy;
export const DELETE = proxy;
export const OPTIONS = proxy;

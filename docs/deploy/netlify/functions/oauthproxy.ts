// Netlify function at /oauthproxy (Functions 2.0: a Web-standard default export).
import { configFromEnv, createFetchHandler } from 'hellojs-meetings/proxy';

export default createFetchHandler({ ...configFromEnv(process.env), log: (event) => console.log(JSON.stringify(event)) });

export const config = { path: '/oauthproxy' };

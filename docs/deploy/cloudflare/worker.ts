// Cloudflare Workers entry: the oauth proxy on every path of the Worker's route.
import { configFromEnv, createFetchHandler, type FetchHandler, type ProxyEnv } from 'hellojs-meetings/proxy';

let proxy: FetchHandler | undefined;

export default {
  fetch(request: Request, env: ProxyEnv): Promise<Response> {
    // Workers hand the environment (vars and secrets) to fetch: the handler is built on the first request.
    // It holds only the config: nothing of a login is kept between requests.
    proxy ??= createFetchHandler({ ...configFromEnv(env), log: (event) => console.log(JSON.stringify(event)) });
    return proxy(request);
  },
};

// Types for the `hellojs` package, for projects without @types/hellojs (do not use both): the parts of
// hello.js 1.21 a site uses, under the names @types/hellojs gives them, so code moves between the two.
// Use: `/// <reference types="hellojs-meetings/hellojs" />`, or `"types": ["hellojs-meetings/hellojs"]` in tsconfig.

declare namespace hello {
  type HelloJSDisplayType = 'popup' | 'page' | 'none';

  interface HelloJSLoginOptions {
    redirect_uri?: string | undefined;
    display?: HelloJSDisplayType | undefined;
    scope?: string | undefined;
    response_type?: 'token' | 'code' | undefined;
    force?: boolean | null | undefined;
    oauth_proxy?: string | undefined;
    timeout?: number | undefined;
    default_service?: string | undefined;
    popup?: { [feature: string]: number | string | undefined } | undefined;
    state?: string | undefined;
  }

  interface HelloJSAuthResponse {
    access_token?: string | undefined;
    refresh_token?: string | undefined;
    /** Seconds since the epoch. */
    expires?: number | undefined;
    /** Seconds. */
    expires_in?: number | undefined;
    network?: string | undefined;
    scope?: string | undefined;
    [parameter: string]: unknown;
  }

  interface HelloJSEventArgument {
    network: string;
    authResponse?: HelloJSAuthResponse | undefined;
    error?: { code: string; message: string } | undefined;
  }

  /** A module definition, or any part of one (`hello.init` deep-merges it). */
  interface HelloJSServiceDef {
    id?: string | undefined;
    name?: string | undefined;
    oauth?: { version: 1 | 2 | '1.0a'; auth?: string; grant?: string; response_type?: string } | undefined;
    scope?: { [name: string]: string } | undefined;
    scope_delim?: string | undefined;
    refresh?: boolean | undefined;
    base?: string | undefined;
  }

  /** `hello(network)`: the calls of one network. */
  interface HelloJSNetwork {
    api(path: string, method?: string, data?: unknown): Promise<unknown>;
    login(options?: HelloJSLoginOptions): Promise<HelloJSEventArgument>;
    logout(options?: { force?: boolean | undefined }): Promise<unknown>;
    getAuthResponse(): HelloJSAuthResponse | null;
  }

  interface HelloJSStatic {
    (network: string): HelloJSNetwork;
    init(services: { [network: string]: string | HelloJSServiceDef }, options?: HelloJSLoginOptions): void;
    login(network: string, options?: HelloJSLoginOptions): Promise<HelloJSEventArgument>;
    logout(network: string, options?: { force?: boolean | undefined }): Promise<unknown>;
    getAuthResponse(network?: string): HelloJSAuthResponse | null;
    api(path: string, method?: string, data?: unknown): Promise<unknown>;
    on(event: string, listener: (event: HelloJSEventArgument) => void): HelloJSStatic;
    off(event: string, listener?: (event: HelloJSEventArgument) => void): HelloJSStatic;
    settings: HelloJSLoginOptions;
    services: { [network: string]: HelloJSServiceDef };
    utils: { [helper: string]: unknown };
  }
}

declare module 'hellojs' {
  const hello: hello.HelloJSStatic;
  export = hello;
}

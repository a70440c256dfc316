// The least of each platform's globals the deploy examples use, so that tsc checks them here without the
// platforms' own type packages (their real declarations are wider; these are the parts relied on).

declare namespace Deno {
  const env: {
    get(name: string): string | undefined;
    toObject(): Record<string, string>;
  };
  function serve(options: { port?: number; hostname?: string }, handler: (request: Request) => Response | Promise<Response>): unknown;
}

declare const Bun: {
  readonly env: Record<string, string | undefined>;
  serve(options: { port?: number; hostname?: string; fetch(request: Request): Response | Promise<Response> }): unknown;
};

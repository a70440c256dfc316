// Responses and errors: one wrap per path, transport and status errors, mapping onto the stable code set.
import { type ApiError, type ApiErrorCode, apiError, errorCodeForStatus, isApiErrorCode } from './errors.ts';
import { isRecord, numberOf, stringOf } from './json.ts';
import { failureOf } from './request.ts';
import type { ApiRequest, HttpMethod, ResponseHeaders, ResponseWrapper } from './types.ts';

/* ------------------------------------------------------------------ responses */

/** One `wrap` for a path several methods share (hello.js picks `wrap` by path only). */
export function perMethod(wrappers: Partial<Record<HttpMethod, ResponseWrapper>>, otherwise: ResponseWrapper): ResponseWrapper {
  return (body, headers, p) => (wrappers[p.method] ?? otherwise)(body, headers, p);
}

/** Makes `wrap` functions: the call's own failure, else the provider's error, else the normalised body. */
export function responder(errorOf: (body: unknown, headers: ResponseHeaders | undefined) => ApiError | undefined) {
  return <T>(normalise: (body: unknown, p: ApiRequest) => T): ResponseWrapper<T | ApiError> =>
    (body, headers, p) =>
      failureOf(p) ?? errorOf(body, headers) ?? normalise(body, p);
}

/**
 * What hello.js produced for a transport failure or non-JSON body, as an ApiError, or undefined.
 * hello.js answers a failed XHR (network, CORS) with `access_denied` and no headers at all.
 */
export function transportError(body: unknown, headers: ResponseHeaders | undefined, provider: string): ApiError | undefined {
  const status = numberOf(headers?.statusCode);
  if (status === undefined) {
    const message = isRecord(body) && isRecord(body.error) ? stringOf(body.error.message) : undefined;
    return apiError('server_error', `${provider} could not be reached (network or CORS error)${message ? `: ${message}` : ''}.`);
  }
  if (typeof body === 'string' && status < 400) {
    return apiError('server_error', `${provider} answered ${status} with a non-JSON body.`, status);
  }
  return undefined;
}

/** True for an HTTP error status (4xx, 5xx). */
export function isErrorStatus(status: number | undefined): status is number {
  return status !== undefined && status >= 400;
}

/** The error of an HTTP error status that the body did not explain, or undefined for a success. */
export function statusError(body: unknown, status: number | undefined, provider: string): ApiError | undefined {
  if (!isErrorStatus(status)) return undefined;
  return apiError(errorCodeForStatus(status), excerpt(body) || `${provider} answered HTTP ${status}.`, status);
}

/** A value from a browser or a provider, safe to put in a message (objects are never stringified). */
export function describe(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? excerpt(String(value)) : typeof value;
}

/** A short, printable excerpt of a non-JSON body for an error message. */
export function excerpt(body: unknown): string {
  const text =
    typeof body === 'string'
      ? body
          .replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `map[key]` for the map's own keys only ("constructor" is not an error code). */
export function lookup<T>(map: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  // Own keys only, and no Object.hasOwn: the drop-in targets ES2020 browsers.
  return key !== undefined && Object.keys(map).includes(key) ? map[key] : undefined;
}

/** Maps an unknown error object (hello.js's, or a provider's `{ error: "…" }`) onto the stable code set. */
export function codeFrom(value: unknown, status: number | undefined, known: Record<string, ApiErrorCode>): ApiErrorCode {
  const raw = stringOf(value)?.toLowerCase();
  const mapped = lookup(known, raw);
  if (mapped) return mapped;
  if (isErrorStatus(status)) return errorCodeForStatus(status);
  return isApiErrorCode(raw) ? raw : 'server_error';
}

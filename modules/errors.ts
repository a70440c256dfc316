/** The one stable error code set of the public API (the README lists it). */
export const API_ERROR_CODES = [
  'invalid_token',
  'access_denied',
  'invalid_request',
  'not_found',
  'rate_limited',
  'not_supported',
  'server_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** What a rejected `api()` promise carries: plain JSON, safe for `JSON.stringify`. */
export interface ApiError {
  error: {
    code: ApiErrorCode;
    message: string;
    status?: number;
  };
}

export function apiError(code: ApiErrorCode, message: string, status?: number): ApiError {
  return { error: status === undefined ? { code, message } : { code, message, status } };
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

/** Fallback mapping when a provider gives nothing but an HTTP status. */
export function errorCodeForStatus(status: number): ApiErrorCode {
  if (status === 401) return 'invalid_token';
  if (status === 403) return 'access_denied';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'server_error';
}

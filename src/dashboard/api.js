// The same-origin syncd REST API: one fetch wrapper that turns failures into ApiError.

import { apiKey, requireSignIn } from './sign-in.js';

export const SYNCS = '/v1/syncs';
export const PAGE_SIZE = 20;

export class ApiError extends Error {
  constructor(status, message, details = []) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

export async function api(method, path, body) {
  const key = apiKey();
  // syncd refuses a change not declared as JSON (415), even one without a body.
  const headers = {
    ...(key ? { authorization: `Bearer ${key}` } : {}),
    ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
  };
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, `cannot reach the syncd API (${error.message})`);
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 || response.status === 403) requireSignIn(response.status, key);
    const problem = payload?.error;
    throw new ApiError(response.status, problem?.message ?? `HTTP ${response.status}`, problem?.details ?? []);
  }
  return payload;
}

export const query = (params) => {
  const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== '' && value != null));
  const text = search.toString();
  return text ? `?${text}` : '';
};

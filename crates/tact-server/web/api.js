// The JSON API of `tact serve`, called with the session cookie set at sign-in.

/** An error answer of the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

let onUnauthorized = () => {};

/** What to do when the API answers 401 (the session ended). */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/**
 * Call the API. `body` is sent as JSON. Resolves with the parsed answer (null for 204);
 * rejects with ApiError carrying the server's `error` message.
 */
export async function api(method, path, body, { signal, quiet401 = false } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    signal,
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached. Check that `tact serve` is running.', path);
  }
  if (res.status === 204) return null;
  let doc = null;
  const text = await res.text();
  if (text) {
    try {
      doc = JSON.parse(text);
    } catch {
      doc = null;
    }
  }
  if (!res.ok) {
    const message =
      (doc && typeof doc.error === 'string' && doc.error) ||
      `${method} ${path} failed with status ${res.status}`;
    if (res.status === 401 && !quiet401) onUnauthorized(message);
    throw new ApiError(res.status, message, path);
  }
  return doc;
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body ?? {}, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

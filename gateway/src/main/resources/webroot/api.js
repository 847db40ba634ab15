// The cairn API as the page calls it: JSON in and out; an error answer becomes an Error with the
// server's message and status. Every change carries the session's CSRF token, which a page of
// another site cannot read, so cannot send.

let csrfToken = null;

/** Sends the session's CSRF token with every change from now on. */
export function useSession(token) {
  csrfToken = token || null;
}

export async function api(method, url, body) {
  // The gateway takes a POST only as JSON, with a body or without one (sign-out).
  const headers = body || method === 'POST' ? { 'Content-Type': 'application/json' } : {};
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(url, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(json.error ? json.error.message : `${res.status} ${res.statusText}`);
    error.status = res.status;
    throw error;
  }
  return json;
}

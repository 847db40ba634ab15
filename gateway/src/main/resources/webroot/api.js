// The cairn API as the page calls it: JSON in and out; an error answer becomes an Error with the
// server's message.

export async function api(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error ? json.error.message : `${res.status} ${res.statusText}`);
  return json;
}

// Signing in: the page asks who is signed in; if no one, it shows the sign-in form until a name
// and password pass. The session cookie itself is HttpOnly: the page never sees it.

import { api, useSession } from './api.js';

const $ = (id) => document.getElementById(id);

function showSignedIn(session) {
  useSession(session.csrfToken);
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').textContent = `${session.name} (${session.role})`;
  $('logout').hidden = session.kind !== 'session' && !session.csrfToken;
  return session;
}

/** Resolves with the session once someone is signed in. */
export async function signedIn() {
  try {
    return showSignedIn(await api('GET', '/api/session'));
  } catch (e) {
    if (e.status !== 401) throw e;
  }
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-name').focus();
  return new Promise((resolve) => {
    $('login-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const message = $('login-message');
      message.textContent = 'Signing in…';
      message.className = 'message';
      try {
        const session = await api('POST', '/api/login', { name: $('login-name').value, password: $('login-password').value });
        $('login-password').value = '';
        message.textContent = '';
        resolve(showSignedIn({ ...session, kind: 'session' }));
      } catch (e) {
        message.textContent = e.message;
        message.className = 'message bad';
      }
    });
  });
}

$('logout').addEventListener('click', async () => {
  try {
    await api('POST', '/api/logout');
  } finally {
    window.location.reload();
  }
});

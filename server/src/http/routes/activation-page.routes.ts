import { route } from '../route.js';

/**
 * The page behind the email's link, so a newcomer can activate without a separate front end. Script and
 * markup are separate responses because helmet's Content-Security-Policy forbids inline scripts.
 */
const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Activate your Switchboard account</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 1.2rem}.err{color:#b00020}.ok{color:#0a7a2f}</style>
</head><body>
<h1>Activate your account</h1>
<p id="intro">Checking your invitation…</p>
<form id="form" hidden>
<label for="name">Your name</label><input id="name" name="name" required maxlength="200" autocomplete="name">
<label for="password">Choose a password (8 characters or more)</label><input id="password" name="password" type="password" required minlength="8" maxlength="200" autocomplete="new-password">
<button type="submit">Activate Account</button>
</form>
<p id="msg" role="status"></p>
<script src="/activate.js"></script>
</body></html>`;

const script = `(() => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = (id) => document.getElementById(id);
  const say = (id, text, cls) => { $(id).textContent = text; $(id).className = cls || ''; };
  fetch('/invitations/' + encodeURIComponent(token)).then(async (r) => {
    const body = await r.json();
    if (!r.ok) return say('intro', body.error.message, 'err');
    say('intro', 'Join ' + body.account.name + ' as ' + body.email + ' (' + body.role.replace('_', ' ') + ').');
    $('form').hidden = false;
  }, () => say('intro', 'The server cannot be reached.', 'err'));
  $('form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await fetch('/invitations/accept', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: $('name').value, password: $('password').value }) });
    const body = await r.json();
    if (!r.ok) return say('msg', body.error.message, 'err');
    $('form').hidden = true;
    say('msg', 'Your account is active. Sign in as ' + body.user.email + '.', 'ok');
  });
})();`;

export function activationPageRoutes() {
  return [
    route({
      method: 'get',
      path: '/activate',
      tag: 'pages',
      summary: 'Activation page (HTML) opened from the invitation email',
      security: 'none',
      handler: ({ res }) => void res.type('html').send(page),
    }),
    route({
      method: 'get',
      path: '/activate.js',
      tag: 'pages',
      summary: 'Script of the activation page',
      security: 'none',
      handler: ({ res }) => void res.type('application/javascript').send(script),
    }),
  ];
}

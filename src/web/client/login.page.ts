import { readPageData, translator } from './page-data.ts';

const data = readPageData<{ lang: 'vi' | 'en'; next: string }>();
const t = translator(data.lang);
const form = document.getElementById('login-form') as HTMLFormElement;
const status = document.getElementById('login-status') as HTMLElement;
// The button stays disabled until this script runs, so a form can never be sent without it.
(form.querySelector('button[type=submit]') as HTMLButtonElement).disabled = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = { email: (form.elements.namedItem('email') as HTMLInputElement).value, password: (form.elements.namedItem('password') as HTMLInputElement).value };
  status.textContent = '';
  try {
    const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': data.lang }, body: JSON.stringify(body) });
    if (res.ok) {
      status.textContent = t('login.done');
      location.assign(data.next);
      return;
    }
    if (res.status === 429) status.textContent = t('login.throttled', { seconds: res.headers.get('Retry-After') ?? '60' });
    else if (res.status === 401 || res.status === 422) status.textContent = t('login.failed');
    else status.textContent = t('login.error');
  } catch {
    status.textContent = t('login.error');
  }
});

import { h } from './dom.ts';
import type { T } from './live-ui.ts';

/**
 * The host's choice of join address, when the laptop has several networks (Wi-Fi
 * and a cable, say): the server lists what phones could reach (GET
 * /api/join-addresses) and join links and QR codes follow the choice (PUT).
 */
export interface JoinAddressPicker {
  load(): Promise<void>;
  /** The chosen base (`http://192.168.1.23:3000`), or null before loading. */
  current(): string | null;
  /** Bumped on every change: a cache-buster for the QR image. */
  version(): number;
  /** The select, or null with a single address. */
  el(): HTMLElement | null;
}

interface Listed {
  current: string | null;
  addresses: Array<{ url: string; source: string }>;
}

export function joinAddressPicker(opts: { t: T; lang: string; onChange: () => void }): JoinAddressPicker {
  const { t } = opts;
  let list: Listed = { current: null, addresses: [] };
  let version = 0;
  let failed = false;
  const headers = { Accept: 'application/json', 'Accept-Language': opts.lang };

  async function choose(url: string): Promise<void> {
    const res = await fetch('/api/join-addresses/current', { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ url }) }).catch(() => null);
    failed = !res?.ok;
    if (res?.ok) {
      list = (await res.json()) as Listed;
      version++;
    }
    opts.onChange();
  }

  return {
    async load() {
      const res = await fetch('/api/join-addresses', { headers }).catch(() => null);
      if (!res?.ok) return;
      list = (await res.json()) as Listed;
      opts.onChange();
    },
    current: () => list.current,
    version: () => version,
    el() {
      if (list.addresses.length < 2) return null;
      return h(
        'p',
        { class: 'join-choice' },
        h('label', { for: 'join-address' }, t('host.lobby.address')),
        h(
          'select',
          { id: 'join-address', 'data-key': 'join-address', onchange: (e: Event) => void choose((e.target as HTMLSelectElement).value) },
          list.addresses.map((a) => h('option', { value: a.url, selected: a.url === list.current }, `${a.url} (${a.source})`)),
        ),
        h('span', { class: 'hint' }, t('host.lobby.addressHint')),
        failed ? h('span', { class: 'error', role: 'alert' }, t('host.error.network')) : null,
      );
    },
  };
}

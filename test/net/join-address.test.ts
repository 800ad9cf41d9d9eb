import { describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { isPrivateIPv4, JoinAddresses, joinBanner, joinBases, lanAddresses } from '../../src/net/join-address.ts';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` });
const v6 = (address: string): NetworkInterfaceInfo => ({ address, netmask: 'ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: `${address}/64`, scopeid: 0 });

/** A Windows laptop at a bridge point: loopback, Docker, the hall's Wi-Fi, a link-local cable with no DHCP. */
const LAPTOP = {
  lo: [v4('127.0.0.1', true), { ...v6('::1'), internal: true }],
  'vEthernet (WSL)': [v4('172.22.160.1')],
  docker0: [v4('172.17.0.1')],
  'Wi-Fi': [v4('192.168.1.23'), v6('fe80::1')],
  Ethernet: [v4('169.254.10.20')],
  tailscale0: [v4('100.101.102.103')],
};

describe('lanAddresses', () => {
  it('keeps IPv4 addresses phones could reach, the hall Wi-Fi first, virtual and non-private ones last', () => {
    expect(lanAddresses(LAPTOP)).toEqual([
      { address: '192.168.1.23', interface: 'Wi-Fi' },
      { address: '172.22.160.1', interface: 'vEthernet (WSL)' },
      { address: '172.17.0.1', interface: 'docker0' },
      { address: '100.101.102.103', interface: 'tailscale0' },
    ]);
  });

  it('drops loopback, link-local, IPv6 and duplicates; keeps the system order among equals', () => {
    expect(lanAddresses({ lo: [v4('127.0.0.1', true)], eth0: [v4('10.0.0.5'), v6('fd00::2')], wlan0: [v4('192.168.43.2'), v4('10.0.0.5')], usb0: [v4('169.254.1.1')] })).toEqual([
      { address: '10.0.0.5', interface: 'eth0' },
      { address: '192.168.43.2', interface: 'wlan0' },
    ]);
    expect(lanAddresses({})).toEqual([]);
  });

  it('tells private ranges', () => {
    for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.254', '192.168.0.1']) expect(isPrivateIPv4(a)).toBe(true);
    for (const a of ['172.15.0.1', '172.32.0.1', '192.169.0.1', '8.8.8.8', '1.2.3', 'x.y.z.w', '300.1.1.1']) expect(isPrivateIPv4(a)).toBe(false);
  });
});

describe('joinBases', () => {
  it('PUBLIC_URL wins alone, without a trailing slash', () => {
    expect(joinBases({ publicUrl: 'https://thi.example.edu.vn/', host: '0.0.0.0', port: 3000, interfaces: LAPTOP })).toEqual([{ url: 'https://thi.example.edu.vn', source: 'PUBLIC_URL' }]);
  });

  it('listening on all interfaces: the network addresses, then localhost', () => {
    for (const host of ['0.0.0.0', '::']) {
      expect(joinBases({ host, port: 3000, interfaces: LAPTOP }).map((b) => b.url)).toEqual([
        'http://192.168.1.23:3000',
        'http://172.22.160.1:3000',
        'http://172.17.0.1:3000',
        'http://100.101.102.103:3000',
        'http://localhost:3000',
      ]);
    }
  });

  it('bound to one address: that one (IPv6 in brackets)', () => {
    expect(joinBases({ host: '192.168.1.23', port: 8080, interfaces: LAPTOP })).toEqual([{ url: 'http://192.168.1.23:8080', source: 'HOST' }]);
    expect(joinBases({ host: '127.0.0.1', port: 8080, interfaces: LAPTOP })).toEqual([{ url: 'http://127.0.0.1:8080', source: 'HOST' }]);
    expect(joinBases({ host: 'fd00::2', port: 80, interfaces: LAPTOP })[0]!.url).toBe('http://[fd00::2]:80');
  });

  it('no network at all: localhost only, and the banner says what to do', () => {
    const bases = joinBases({ host: '0.0.0.0', port: 3000, interfaces: { lo: [v4('127.0.0.1', true)] } });
    expect(bases).toEqual([{ url: 'http://localhost:3000', source: 'localhost' }]);
    expect(joinBanner(bases)).toContain('docs/event-day.md');
  });
});

describe('joinBanner', () => {
  it('prints the join address in Vietnamese first, then the other choices', () => {
    const banner = joinBanner(joinBases({ host: '0.0.0.0', port: 3000, interfaces: { 'Wi-Fi': [v4('192.168.1.23')], Ethernet: [v4('10.10.0.4')] } }));
    expect(banner.split('\n')[0]).toBe('  Học sinh vào thi tại http://192.168.1.23:3000/play');
    expect(banner).toContain('Students join at http://192.168.1.23:3000/play');
    expect(banner).toContain('http://10.10.0.4:3000/play (Ethernet)');
    expect(banner).not.toContain('localhost');
    expect(joinBanner([])).toBe('');
  });
});

describe('JoinAddresses', () => {
  it('offers the best address until the host chooses another listed one; anything else is refused', () => {
    const a = new JoinAddresses();
    expect(a.current()).toBeUndefined();
    a.set(joinBases({ host: '0.0.0.0', port: 3000, interfaces: LAPTOP }));
    expect(a.current()).toBe('http://192.168.1.23:3000');
    expect(a.choose('http://172.17.0.1:3000/')).toBe(true);
    expect(a.current()).toBe('http://172.17.0.1:3000');
    expect(a.choose('http://evil.example')).toBe(false);
    expect(a.current()).toBe('http://172.17.0.1:3000');
    // The network changed and the choice is gone: back to the best one.
    a.set(joinBases({ host: '0.0.0.0', port: 3000, interfaces: { wlan0: [v4('192.168.5.9')] } }));
    expect(a.current()).toBe('http://192.168.5.9:3000');
  });
});

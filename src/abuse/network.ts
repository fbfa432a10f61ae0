// Rate-limit keys: a flood rarely comes from one address, so besides each address, its network is
// limited too: the /24 of an IPv4 address, the /48 of an IPv6 one (what one site is usually given).
import net from 'node:net';

function expandIpv6(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16) || 0));
  const start = parse(head);
  const end = tail === undefined ? [] : parse(tail);
  return [...start, ...new Array<number>(Math.max(0, 8 - start.length - end.length)).fill(0), ...end];
}

/** The network a client address belongs to, as a rate-limit key: "v4:203.0.113.0/24", "v6:2001:db8:1/48". */
export function networkKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  if (net.isIPv4(ip)) return `v4:${ip.split('.').slice(0, 3).join('.')}.0/24`;
  if (net.isIPv6(ip))
    return `v6:${expandIpv6(ip.split('%')[0]!)
      .slice(0, 3)
      .map((group) => group.toString(16))
      .join(':')}/48`;
  return `other:${address}`;
}

/** The per-address key, with IPv4-mapped IPv6 addresses written as IPv4 so one client has one key. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return `ip:${mapped ? mapped[1] : address}`;
}

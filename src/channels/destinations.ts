// Where webhooks and push messages may go. Their URLs come from outside (partners' administrators, the
// public's browsers), so without a check the workers could be pointed at the machine itself or at the
// private network behind it (request forgery). Names are checked after resolution, at connection time,
// so a name that resolves to a private address on the day of sending is refused too.
import dns from 'node:dns';
import net from 'node:net';

const PRIVATE_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/3',
];
const PRIVATE_V6 = ['::/127', 'fc00::/7', 'fe80::/10', 'ff00::/8'];
const privateRanges = new net.BlockList();
for (const range of PRIVATE_V4) {
  const [address, prefix] = range.split('/');
  privateRanges.addSubnet(address!, Number(prefix), 'ipv4');
}
for (const range of PRIVATE_V6) {
  const [address, prefix] = range.split('/');
  privateRanges.addSubnet(address!, Number(prefix), 'ipv6');
}

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses (IPv4 mapped in IPv6 too). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateRanges.check(mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A `lookup` for sockets that fails when a name resolves to a private address. */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses;
    const blocked = list.find((a) => isPrivateAddress(a.address));
    if (blocked || list.length === 0) {
      const refused = Object.assign(new Error(`${hostname} resolves to a private address (${blocked?.address ?? 'none'}): refused`), {
        code: 'EPRIVATEADDRESS',
      });
      return callback(refused, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/** Why a URL's host may not be sent to, when it is an address literal (names are checked by the lookup). */
export function privateLiteralProblem(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return net.isIP(host) && isPrivateAddress(host) ? `${host} is a private address: refused` : null;
}

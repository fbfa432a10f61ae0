// The SMTP or SMPP peer the tests use (test/peers), in a process of its own: it tells the benchmark when
// the n-th message has been accepted. Both peers keep and decode every message, as a test needs, so they
// are far slower than a real relay or message centre: these figures compare the adapter with a bare
// client against the same slow peer, not the protocol's ceiling.
import { startSmppPeer } from '../../test/peers/smpp-peer.ts';
import { startSmtpPeer } from '../../test/peers/smtp-peer.ts';
import { onParentMessage, setupFromEnvironment } from './processes.ts';

const { kind } = setupFromEnvironment<{ kind: 'smtp' | 'smpp' }>();
const HOUR_MS = 3_600_000;

if (kind === 'smtp') {
  const peer = await startSmtpPeer();
  process.send?.({ type: 'listening', url: peer.url });
  onParentMessage(async (message) => {
    if (message.type === 'reset') {
      peer.messages.splice(0);
      process.send?.({ type: 'reset' });
    } else if (message.type === 'wait') {
      await peer.waitFor(Number(message.count), HOUR_MS);
      process.send?.({ type: 'reached', lastAt: Date.now() });
    } else if (message.type === 'stop') {
      await peer.close();
      process.exit(0);
    }
  });
} else {
  const peer = await startSmppPeer({ receipts: 'auto' });
  process.send?.({ type: 'listening', url: peer.url });
  onParentMessage(async (message) => {
    if (message.type === 'reset') {
      peer.messages.splice(0);
      peer.parts.splice(0);
      peer.receipts.splice(0);
      process.send?.({ type: 'reset' });
    } else if (message.type === 'wait') {
      const count = Number(message.count);
      await peer.waitFor(() => peer.messages.length >= count, `${count} messages`, HOUR_MS);
      process.send?.({ type: 'reached', lastAt: Date.now() });
    } else if (message.type === 'stop') {
      await peer.close();
      process.exit(0);
    }
  });
}

// The SMS channel against a real SMPP 3.4 message centre on loopback: what arrives (GSM 03.38 and
// UCS-2 text, concatenated parts), receipts and replies coming back, the window, and how throttling,
// refusals, dropped connections and a wrong password map to outcomes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import smpp from 'smpp';
import { measureSms } from './sms-text.ts';
import type { ChannelAdapter, ChannelEvents, ChannelName, NoticeContent, Outgoing } from './channel.ts';
import { createSmsAdapter, encodeSms, parseReceiptText, type SmsAdapterOptions } from './sms.ts';
import { startSmppPeer, type SmppPeer, type SmppPeerOptions } from '../../test/peers/smpp-peer.ts';

const SUBSCRIBER = '+447700900123';

function outgoing(sms: string, address = SUBSCRIBER): Outgoing {
  const content: NoticeContent = {
    language: 'en',
    status: 'Actual',
    subject: 'Missing: Amelia, 9',
    text: 'Amelia, 9, is missing.',
    html: '<!doctype html><html><body><p>Amelia, 9, is missing.</p></body></html>',
    sms,
    url: 'https://example.org/appeals/amelia',
    webhookType: 'alert.published',
    webhookData: {},
  };
  return { key: `delivery-${randomUUID()}`, deliveryId: randomUUID(), notice: 'alert', address, content };
}

/**
 * ChannelEvents that remember what they were told and can be waited on. `store` decides when (and whether)
 * each is stored: at once by default; a test can hold it or make it fail.
 */
function recordingEvents() {
  const receipts: Array<{ channel: ChannelName; providerRef: string; delivered: boolean; detail: string }> = [];
  const inbound: Array<{ channel: ChannelName; from: string; text: string }> = [];
  const changes = new EventEmitter();
  const storage = { store: (): Promise<void> => Promise.resolve() };
  const events: ChannelEvents = {
    receipt(channel, providerRef, delivered, detail) {
      receipts.push({ channel, providerRef, delivered, detail });
      changes.emit('change');
      return storage.store();
    },
    inbound(channel, from, text) {
      inbound.push({ channel, from, text });
      changes.emit('change');
      return storage.store();
    },
  };
  const waitFor = (condition: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (condition()) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 5000);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        changes.off('change', check);
        resolve();
      };
      changes.on('change', check);
    });
  return { events, receipts, inbound, waitFor, storage };
}

/** A promise settled from outside: storage that a test holds, then lets succeed or fail. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const ESME_RX_T_APPN = smpp.errors.ESME_RX_T_APPN ?? 0x64;

/** A peer and an adapter bound to it for one test, both closed afterwards. */
async function withSms(
  test: (context: { peer: SmppPeer; adapter: ChannelAdapter; recorded: ReturnType<typeof recordingEvents> }) => Promise<void>,
  options: { peer?: SmppPeerOptions; adapter?: Partial<SmsAdapterOptions> } = {},
) {
  const peer = await startSmppPeer(options.peer);
  const recorded = recordingEvents();
  const adapter = createSmsAdapter({
    url: peer.url,
    sourceAddress: 'ChildAlert',
    events: recorded.events,
    reconnectDelayMs: 10,
    ...options.adapter,
  });
  try {
    await test({ peer, adapter, recorded });
  } finally {
    await adapter.close();
    await peer.close();
  }
}

const LONG_GSM_TEXT =
  'CHILD RESCUE ALERT: Amelia, 9, missing from Riverside since 15:40. White hair band, red coat, blue jeans. ' +
  'Last seen near the library on King Street walking towards the park. If you see her call 999 now and quote ' +
  'the alert number. Do not approach. Details and photo: https://example.org/appeals/amelia';

describe('SMS encoding', () => {
  it('writes GSM 03.38 octets, the extension table as escape pairs', () => {
    const encoded = encodeSms('@£€{}[]\\~^|è', 1);
    assert.equal(encoded.dataCoding, 0);
    assert.equal(encoded.concatenated, false);
    assert.deepEqual(
      [...(encoded.shortMessages[0] ?? [])],
      [0x00, 0x01, 0x1b, 0x65, 0x1b, 0x28, 0x1b, 0x29, 0x1b, 0x3c, 0x1b, 0x3e, 0x1b, 0x2f, 0x1b, 0x3d, 0x1b, 0x14, 0x1b, 0x40, 0x04],
    );
  });

  it('writes UCS-2 big-endian when a character is outside GSM 03.38', () => {
    const encoded = encodeSms('ŵł', 1);
    assert.equal(encoded.dataCoding, 8);
    assert.deepEqual([...(encoded.shortMessages[0] ?? [])], [0x01, 0x75, 0x01, 0x42]);
  });

  it('splits long texts into as many parts as measureSms counts, each with a concatenation header', () => {
    for (const text of [LONG_GSM_TEXT, '€'.repeat(80) + 'x'.repeat(10), 'Zaginęła dziewczynka 🙏 '.repeat(9)]) {
      const encoded = encodeSms(text, 0x1a7);
      assert.equal(encoded.shortMessages.length, measureSms(text).segments, text);
      encoded.shortMessages.forEach((part, index) => {
        assert.deepEqual([...part.subarray(0, 6)], [0x05, 0x00, 0x03, 0xa7, encoded.shortMessages.length, index + 1]);
        assert.ok(part.length - 6 <= (encoded.dataCoding === 0 ? 153 : 134));
        // Neither an escape pair nor a surrogate pair is cut in two.
        if (encoded.dataCoding === 0) assert.notEqual(part[part.length - 1], 0x1b);
        else assert.ok(!(part.readUInt16BE(part.length - 2) >= 0xd800 && part.readUInt16BE(part.length - 2) < 0xdc00));
      });
    }
  });

  it('reads the id and the state of a receipt', () => {
    assert.deepEqual(
      parseReceiptText('id:4d10002a sub:001 dlvr:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:Amelia'),
      {
        id: '4d10002a',
        stat: 'DELIVRD',
      },
    );
  });
});

describe('SMS channel over SMPP', () => {
  it('delivers GSM 03.38 text, extension characters included, to the E.164 number as international ISDN', () =>
    withSms(async ({ peer, adapter }) => {
      const text = 'Missing: Amelia, 9. Reward £50 / €60 {call} [999] ~^| \\ @home ÆØÅ ñ ß Δ';
      const outcome = await adapter.send(outgoing(text));
      assert.equal(outcome.status, 'sent');
      assert.equal(peer.messages.length, 1);
      const [message] = peer.messages;
      const [part] = peer.parts;
      assert.equal(message?.text, text);
      assert.equal(message.dataCoding, 0);
      assert.equal(message.destination, '447700900123');
      assert.equal(part?.destinationTon, 1);
      assert.equal(part.destinationNpi, 1);
      assert.equal(message.source, 'ChildAlert');
      assert.equal(part.sourceTon, 5);
      assert.equal(part.registeredDelivery & 0x03, 0x01);
      assert.equal(outcome.providerRef, message.messageIds[0]);
      assert.deepEqual(
        peer.binds.map((bind) => bind.mode),
        ['transceiver'],
      );
    }));

  it('sends Welsh and Polish letters as UCS-2 and they arrive unchanged', () =>
    withSms(async ({ peer, adapter }) => {
      const welsh = 'Plentyn ar goll: Amelia, 9, ŵyr i Siân. Ffoniwch 999.';
      const polish = 'Zaginęła Amelia, 9 lat. Łódź, ul. Źródlana. Dzwoń 112.';
      assert.equal((await adapter.send(outgoing(welsh))).status, 'sent');
      assert.equal((await adapter.send(outgoing(polish))).status, 'sent');
      assert.deepEqual(
        peer.messages.map((message) => [message.dataCoding, message.text]),
        [
          [8, welsh],
          [8, polish],
        ],
      );
    }));

  it('sends a 300-character text as two concatenated parts that reassemble to the text', () =>
    withSms(async ({ peer, adapter }) => {
      const text = LONG_GSM_TEXT.padEnd(300, '.');
      assert.equal(text.length, 300);
      const outcome = await adapter.send(outgoing(text));
      assert.equal(outcome.status, 'sent');
      assert.equal(peer.parts.length, 2);
      assert.deepEqual(
        peer.parts.map((part) => [part.esmClass & 0x40, part.concatenation?.total, part.concatenation?.sequence]),
        [
          [0x40, 2, 1],
          [0x40, 2, 2],
        ],
      );
      assert.equal(peer.parts[0]?.concatenation?.reference, peer.parts[1]?.concatenation?.reference);
      assert.equal(peer.messages.length, 1);
      assert.equal(peer.messages[0]?.text, text);
      // providerRef is the last part's message id.
      assert.equal(outcome.providerRef, peer.parts[1]?.messageId);
    }));

  it('sends a long UCS-2 text with emoji as parts that reassemble to the text', () =>
    withSms(async ({ peer, adapter }) => {
      const text = 'Zaginęła Amelia 🙏 prosimy o pomoc, dzwoń 112. '.repeat(4);
      assert.equal((await adapter.send(outgoing(text))).status, 'sent');
      assert.equal(peer.parts.length, measureSms(text).segments);
      assert.ok(peer.parts.length > 1);
      assert.equal(peer.messages[0]?.text, text);
      assert.equal(peer.messages[0].dataCoding, 8);
    }));

  it('reports delivery receipts under the providerRef that send returned', () =>
    withSms(async ({ adapter, recorded }) => {
      const outcome = await adapter.send(outgoing('Amelia, 9, missing. Call 999.'));
      assert.equal(outcome.status, 'sent');
      const providerRef = outcome.providerRef;
      assert.ok(providerRef);
      await recorded.waitFor(() => recorded.receipts.length === 1, 'a receipt');
      assert.deepEqual(recorded.receipts, [{ channel: 'sms', providerRef, delivered: true, detail: 'DELIVRD' }]);
    }));

  it('reports one receipt for all the parts of a long text, and an undelivered part as not delivered', () =>
    withSms(
      async ({ peer, adapter, recorded }) => {
        const delivered = await adapter.send(outgoing(LONG_GSM_TEXT));
        const undelivered = await adapter.send(outgoing(LONG_GSM_TEXT, '+447700900999'));
        assert.equal(delivered.status, 'sent');
        assert.equal(undelivered.status, 'sent');
        await peer.waitFor(
          () => peer.receipts.length === 4 && peer.receipts.every((receipt) => receipt.responseStatus === 0),
          'every part receipt answered',
        );
        assert.deepEqual(
          recorded.receipts.map(({ providerRef, delivered, detail }) => ({ providerRef, delivered, detail })),
          [
            { providerRef: delivered.providerRef, delivered: true, detail: 'DELIVRD' },
            { providerRef: undelivered.providerRef, delivered: false, detail: 'UNDELIV' },
          ],
        );
      },
      // The first part to the second number is not delivered.
      {
        peer: {
          receiptStat: (part) => (part.destination === '447700900999' && part.concatenation?.sequence === 1 ? 'UNDELIV' : 'DELIVRD'),
        },
      },
    ));

  it('matches receipts that come after both parts were accepted, in any order', () =>
    withSms(
      async ({ peer, adapter, recorded }) => {
        const outcome = await adapter.send(outgoing(LONG_GSM_TEXT));
        assert.equal(outcome.status, 'sent');
        assert.equal(recorded.receipts.length, 0);
        peer.releaseReceipts();
        await peer.waitFor(
          () => peer.receipts.length === 2 && peer.receipts.every((receipt) => receipt.responseStatus === 0),
          'both receipts answered',
        );
        assert.deepEqual(recorded.receipts, [{ channel: 'sms', providerRef: outcome.providerRef, delivered: true, detail: 'DELIVRD' }]);
      },
      { peer: { receipts: 'held' } },
    ));

  it('passes a STOP reply to events.inbound with the sender in E.164 and acknowledges it', () =>
    withSms(async ({ peer, adapter, recorded }) => {
      assert.equal((await adapter.send(outgoing('Amelia, 9, missing.'))).status, 'sent');
      const status = await peer.sendInbound('+447700900456', 'STOP');
      assert.equal(status, 0);
      assert.deepEqual(recorded.inbound, [{ channel: 'sms', from: '+447700900456', text: 'STOP' }]);
      assert.equal(await peer.sendInbound('+48600100200', 'Stop, dziękuję'), 0);
      assert.deepEqual(recorded.inbound[1], { channel: 'sms', from: '+48600100200', text: 'Stop, dziękuję' });
    }));

  it('keeps at most `window` submit_sm outstanding with 100 sends at once, and fills the window', () =>
    withSms(
      async ({ peer, adapter }) => {
        assert.equal(adapter.concurrency, 10);
        const outcomes = await Promise.all(
          Array.from({ length: 100 }, (_, index) => adapter.send(outgoing(`Amelia, 9, missing. Message ${index}`))),
        );
        assert.deepEqual(new Set(outcomes.map((outcome) => outcome.status)), new Set(['sent']));
        assert.equal(peer.messages.length, 100);
        assert.equal(new Set(outcomes.map((outcome) => (outcome.status === 'sent' ? outcome.providerRef : ''))).size, 100);
        assert.equal(peer.maxOutstanding, 10);
        // One session for everything.
        assert.equal(peer.binds.length, 1);
      },
      { peer: { slowMs: 15 }, adapter: { window: 10 } },
    ));

  it('answers retry when throttled, and sends again afterwards', () =>
    withSms(async ({ peer, adapter }) => {
      peer.throttleNext(1);
      const throttled = await adapter.send(outgoing('Amelia, 9, missing.'));
      assert.equal(throttled.status, 'retry');
      assert.match(throttled.error, /ESME_RTHROTTLED/);
      assert.ok((throttled.retryAfterMs ?? 0) > 0);
      assert.equal((await adapter.send(outgoing('Amelia, 9, missing.'))).status, 'sent');
    }));

  it('answers failed for an invalid destination, and for an address that is not E.164 without sending', () =>
    withSms(async ({ peer, adapter }) => {
      peer.rejectNext(1, smpp.errors.ESME_RINVDSTADR ?? 0x0b);
      const refused = await adapter.send(outgoing('Amelia, 9, missing.'));
      assert.equal(refused.status, 'failed');
      assert.match(refused.error, /ESME_RINVDSTADR/);
      const notANumber = await adapter.send(outgoing('Amelia, 9, missing.', '07700 900123'));
      assert.equal(notANumber.status, 'failed');
      assert.equal(peer.messages.length, 0);
    }));
});

describe('SMS channel over SMPP: sessions and connections', () => {
  it('binds again after the connection drops, and later sends succeed', () =>
    withSms(async ({ peer, adapter, recorded }) => {
      assert.equal((await adapter.send(outgoing('First'))).status, 'sent');
      peer.dropConnections();
      // Reconnects on its own, without a send, so receipts and replies keep coming.
      await peer.waitFor(() => peer.binds.filter((bind) => bind.accepted).length === 2 && peer.boundSessions === 1, 'a second bind');
      const after = await adapter.send(outgoing('Second'));
      assert.equal(after.status, 'sent');
      assert.deepEqual(
        peer.messages.map((message) => message.text),
        ['First', 'Second'],
      );
      await recorded.waitFor(
        () => recorded.receipts.some((receipt) => receipt.providerRef === after.providerRef),
        'the receipt after reconnecting',
      );
    }));

  it('holds a send made during a reconnect until the session is bound again', () =>
    withSms(async ({ peer, adapter }) => {
      assert.equal((await adapter.send(outgoing('First'))).status, 'sent');
      peer.holdBinds();
      peer.dropConnections();
      await peer.waitFor(() => peer.bindRequests === 2, 'the reconnect to ask to bind');
      const pending = adapter.send(outgoing('During the outage'));
      peer.releaseBinds();
      assert.equal((await pending).status, 'sent');
      assert.equal(peer.messages[1]?.text, 'During the outage');
    }));

  it('answers retry when no session is bound within the wait', () =>
    withSms(
      async ({ peer, adapter }) => {
        assert.equal((await adapter.send(outgoing('First'))).status, 'sent');
        peer.holdBinds();
        peer.dropConnections();
        await peer.waitFor(() => peer.bindRequests === 2, 'the reconnect to ask to bind');
        const outcome = await adapter.send(outgoing('During the outage'));
        assert.equal(outcome.status, 'retry');
        assert.match(outcome.error, /no SMPP session/);
        assert.equal(peer.messages.length, 1);
      },
      { adapter: { bindWaitMs: 200 } },
    ));

  it('answers retry (not failed, never a throw) when the password is wrong', async () => {
    const peer = await startSmppPeer();
    const adapter = createSmsAdapter({ url: peer.urlWith({ password: 'wrong' }), sourceAddress: 'ChildAlert' });
    try {
      const outcome = await adapter.send(outgoing('Amelia, 9, missing.'));
      assert.equal(outcome.status, 'retry');
      assert.match(outcome.error, /bind refused: ESME_RBINDFAIL/);
      assert.ok((outcome.retryAfterMs ?? 0) > 0);
      assert.deepEqual(
        peer.binds.map((bind) => bind.accepted),
        [false],
      );
      assert.equal(peer.messages.length, 0);
    } finally {
      await adapter.close();
      await peer.close();
    }
  });

  it('answers retry when nothing listens at the address', async () => {
    const peer = await startSmppPeer();
    const url = peer.url;
    await peer.close();
    const adapter = createSmsAdapter({ url, sourceAddress: 'ChildAlert', bindWaitMs: 300, reconnectDelayMs: 10 });
    try {
      const outcome = await adapter.send(outgoing('Amelia, 9, missing.'));
      assert.equal(outcome.status, 'retry');
      assert.match(outcome.error, /ECONNREFUSED/);
    } finally {
      await adapter.close();
    }
  });

  it('keeps the session alive with enquire_link and unbinds on close', async () => {
    const peer = await startSmppPeer();
    const adapter = createSmsAdapter({ url: peer.url, sourceAddress: '+447700900000', enquireLinkMs: 20, mode: 'transmitter' });
    try {
      assert.equal((await adapter.send(outgoing('Amelia, 9, missing.'))).status, 'sent');
      assert.deepEqual(
        peer.binds.map((bind) => bind.mode),
        ['transmitter'],
      );
      assert.deepEqual([peer.parts[0]?.source, peer.parts[0]?.sourceTon, peer.parts[0]?.sourceNpi], ['447700900000', 1, 1]);
      await peer.waitFor(() => peer.enquireLinks >= 2, 'keep-alives');
      await adapter.close();
      assert.equal(peer.unbinds, 1);
      const afterClose = await adapter.send(outgoing('After close'));
      assert.equal(afterClose.status, 'retry');
      assert.equal(peer.messages.length, 1);
    } finally {
      await adapter.close();
      await peer.close();
    }
  });
});

describe('SMS acknowledgements: a deliver_sm is answered once what it carries is stored', () => {
  const answered = (peer: SmppPeer, index = 0) => peer.receipts[index]?.answers ?? [];

  it('answers a receipt only once it is stored, and with a temporary error when it is not, so it comes again', () =>
    withSms(
      async ({ peer, adapter, recorded }) => {
        const held = gate();
        recorded.storage.store = () => held.promise;
        assert.equal((await adapter.send(outgoing('Amelia, 9, missing.'))).status, 'sent');
        await recorded.waitFor(() => recorded.receipts.length === 1, 'the receipt');
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(answered(peer), [], 'not answered while it is being stored');
        held.fail(new Error('database down'));
        await peer.waitFor(() => answered(peer).length === 1, 'the answer');
        assert.deepEqual(answered(peer), [ESME_RX_T_APPN]);

        // The message centre delivers it again; this time it is stored.
        recorded.storage.store = () => Promise.resolve();
        await peer.waitFor(() => answered(peer).at(-1) === 0, 'the receipt acknowledged');
        assert.deepEqual(answered(peer), [ESME_RX_T_APPN, 0]);
        assert.equal(peer.redeliveries, 1);
        assert.equal(peer.unacknowledged, 0);
        assert.equal(recorded.receipts.length, 2, 'reported again when it came again');
      },
      { peer: { redeliveryDelayMs: 20 } },
    ));

  it('answers a STOP only once it is stored; one that could not be comes again and is answered when it is', () =>
    withSms(
      async ({ peer, adapter, recorded }) => {
        assert.equal((await adapter.send(outgoing('Amelia, 9, missing.'))).status, 'sent');
        await peer.waitFor(() => peer.unacknowledged === 0 && peer.receipts.length === 1, 'the receipt answered');
        const held = gate();
        recorded.storage.store = () => held.promise;
        const firstAnswer = peer.sendInbound('+447700900456', 'STOP');
        await recorded.waitFor(() => recorded.inbound.length === 1, 'the STOP');
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(peer.inbound[0]?.answers, [], 'not answered while the unsubscribe is being stored');
        recorded.storage.store = () => Promise.resolve();
        held.fail(new Error('database down'));
        assert.equal(await firstAnswer, ESME_RX_T_APPN);
        await peer.waitFor(() => peer.inbound[0]?.answers.at(-1) === 0, 'the STOP acknowledged');
        assert.deepEqual(peer.inbound[0].answers, [ESME_RX_T_APPN, 0]);
        assert.deepEqual(
          recorded.inbound.map((each) => each.from),
          ['+447700900456', '+447700900456'],
        );
      },
      { peer: { redeliveryDelayMs: 20 } },
    ));

  it('delivers receipts left unanswered by a session that died again on the next session', () =>
    withSms(
      async ({ peer, adapter, recorded }) => {
        // The first session's storage never finishes (the worker is as good as dead); the next one's does.
        recorded.storage.store = () => new Promise<void>(() => undefined);
        const outcomes = await Promise.all([adapter.send(outgoing('First')), adapter.send(outgoing('Second'))]);
        assert.deepEqual(
          outcomes.map((outcome) => outcome.status),
          ['sent', 'sent'],
        );
        await recorded.waitFor(() => recorded.receipts.length === 2, 'both receipts');
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(peer.unacknowledged, 2, 'neither answered while being stored');
        recorded.storage.store = () => Promise.resolve();
        peer.dropConnections();
        await peer.waitFor(() => peer.unacknowledged === 0, 'both receipts acknowledged on the next session', 10_000);
        assert.deepEqual(
          peer.receipts.map((receipt) => receipt.answers),
          [[0], [0]],
        );
        assert.deepEqual(
          peer.receipts.map((receipt) => receipt.attempts),
          [2, 2],
        );
        assert.equal(peer.redeliveries, 2);
        assert.deepEqual(
          recorded.receipts
            .slice(2)
            .map((receipt) => receipt.providerRef)
            .sort(),
          outcomes.map((outcome) => (outcome.status === 'sent' ? outcome.providerRef : '')).sort(),
        );
      },
      { peer: { redeliveryDelayMs: 20 } },
    ));

  it("holds a long text's part receipts until the text's outcome is stored", () =>
    withSms(
      async ({ peer, adapter, recorded }) => {
        const held = gate();
        recorded.storage.store = () => held.promise;
        const outcome = await adapter.send(outgoing(LONG_GSM_TEXT));
        assert.equal(outcome.status, 'sent');
        peer.releaseReceipts();
        await recorded.waitFor(() => recorded.receipts.length === 1, "the text's report");
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(
          peer.receipts.map((receipt) => receipt.answers),
          [[], []],
          'neither part answered before the report is stored',
        );
        held.open();
        await peer.waitFor(() => peer.unacknowledged === 0, 'both parts acknowledged');
        assert.deepEqual(
          peer.receipts.map((receipt) => receipt.answers),
          [[0], [0]],
        );
        assert.deepEqual(recorded.receipts, [{ channel: 'sms', providerRef: outcome.providerRef, delivered: true, detail: 'DELIVRD' }]);
      },
      { peer: { receipts: 'held' } },
    ));

  it("answers a long text's parts with a temporary error when its report fails, and reports it again when they come again", () =>
    withSms(
      async ({ peer, adapter, recorded }) => {
        let failures = 1;
        recorded.storage.store = () => (failures-- > 0 ? Promise.reject(new Error('database down')) : Promise.resolve());
        const outcome = await adapter.send(outgoing(LONG_GSM_TEXT));
        assert.equal(outcome.status, 'sent');
        peer.releaseReceipts();
        await peer.waitFor(() => peer.unacknowledged === 0 && peer.receipts.length === 2, 'both parts acknowledged');
        assert.deepEqual(
          peer.receipts.map((receipt) => receipt.answers),
          [
            [ESME_RX_T_APPN, 0],
            [ESME_RX_T_APPN, 0],
          ],
        );
        const providerRef = outcome.providerRef;
        assert.deepEqual(
          recorded.receipts.map((receipt) => receipt.providerRef),
          [providerRef, providerRef],
        );
      },
      { peer: { receipts: 'held', redeliveryDelayMs: 20 } },
    ));

  it("answers an early part with a temporary error when the rest of its text's receipts do not come in time", () =>
    withSms(
      async ({ peer, adapter, recorded }) => {
        assert.equal((await adapter.send(outgoing(LONG_GSM_TEXT))).status, 'sent');
        // The last part never gets a final state; the first is refused after the wait, and comes again.
        await peer.waitFor(() => answered(peer, 0).length >= 2, 'the first part answered twice', 5_000);
        assert.ok(
          answered(peer, 0).every((status) => status === ESME_RX_T_APPN),
          String(answered(peer, 0)),
        );
        assert.deepEqual(answered(peer, 1), [0], 'an intermediate state needs nothing stored');
        assert.equal(recorded.receipts.length, 0);
      },
      {
        peer: { receiptStat: (part) => (part.concatenation?.sequence === 2 ? 'ENROUTE' : 'DELIVRD'), redeliveryDelayMs: 20 },
        adapter: { partReceiptWaitMs: 150 },
      },
    ));
});

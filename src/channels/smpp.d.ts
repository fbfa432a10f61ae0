// Types for the parts of the `smpp` package (SMPP 3.4 client and server) this project uses.
// The package ships none; fields of a PDU are the SMPP 3.4 parameter names it uses.

declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    /** short_message / message_payload as the package decodes them: the UDH's information elements and the text. */
    interface DecodedMessage {
      udh?: Buffer[];
      message: string | Buffer;
    }

    /** What can be sent as short_message: raw octets (sent as they are), or text the package encodes. */
    type OutgoingMessage = Buffer | string | { udh?: Buffer; message: string };

    interface PduFields {
      command_status?: number;
      sequence_number?: number;
      system_id?: string;
      password?: string;
      system_type?: string;
      interface_version?: number;
      message_id?: string;
      service_type?: string;
      source_addr_ton?: number;
      source_addr_npi?: number;
      source_addr?: string;
      dest_addr_ton?: number;
      dest_addr_npi?: number;
      destination_addr?: string;
      esm_class?: number;
      protocol_id?: number;
      priority_flag?: number;
      registered_delivery?: number;
      data_coding?: number | null;
      short_message?: OutgoingMessage;
      message_payload?: OutgoingMessage;
      receipted_message_id?: string;
      message_state?: number;
    }

    interface Pdu extends Omit<PduFields, 'short_message' | 'message_payload'> {
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      short_message?: DecodedMessage | Buffer;
      message_payload?: DecodedMessage | Buffer;
      isResponse(): boolean;
      response(options?: PduFields): PDU;
    }

    class PDU {
      constructor(command: string, options?: PduFields);
      command: string;
      sequence_number: number;
    }

    type ResponseCallback = (pdu: Pdu) => void;

    interface Session extends EventEmitter {
      socket: Socket;
      /** Sends a PDU; false when the socket is no longer writable. */
      send(pdu: PDU, responseCallback?: ResponseCallback): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      bind_transceiver(options: PduFields, responseCallback?: ResponseCallback): boolean;
      bind_transmitter(options: PduFields, responseCallback?: ResponseCallback): boolean;
      submit_sm(options: PduFields, responseCallback?: ResponseCallback): boolean;
      deliver_sm(options: PduFields, responseCallback?: ResponseCallback): boolean;
      enquire_link(options: PduFields, responseCallback?: ResponseCallback): boolean;
      unbind(options: PduFields, responseCallback?: ResponseCallback): boolean;
      on(event: 'connect' | 'close', listener: () => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
      on(event: string, listener: (pdu: Pdu) => void): this;
    }

    interface Server extends NetServer {
      sessions: Session[];
    }

    interface GsmEncoding {
      match(value: string): boolean;
      encode(value: string): Buffer;
      decode(value: Buffer): string;
    }

    function connect(options: { host: string; port: number; auto_enquire_link_period?: number }): Session;
    function createServer(listener: (session: Session) => void): Server;
    /** Command status names (ESME_ROK, ESME_RTHROTTLED, ...) to their values. */
    const errors: Record<string, number>;
    /** ASCII is the GSM 03.38 default alphabet with its extension table, one septet per octet. */
    const encodings: { ASCII: GsmEncoding; UCS2: GsmEncoding };
  }

  export = smpp;
}

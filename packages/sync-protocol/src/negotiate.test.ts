import { describe, expect, it } from 'vitest';
import { negotiate } from './negotiate';
import { capabilities, PROTOCOL_VERSION } from './version';

describe('SYNC-HELLO: negotiation', () => {
  it('SYNC-HELLO-2 grants the common version and the offered capabilities the client asked for', () => {
    expect(negotiate({ type: 'hello', version: PROTOCOL_VERSION, capabilities: [capabilities.ack, 'future/9', capabilities.ack] }, [capabilities.ack])).toEqual({
      version: PROTOCOL_VERSION,
      capabilities: [capabilities.ack],
    });
  });

  it('SYNC-HELLO-2 a newer client is answered with the relay version', () => {
    expect(negotiate({ type: 'hello', version: PROTOCOL_VERSION + 5, capabilities: [] }, [capabilities.ack])).toEqual({
      version: PROTOCOL_VERSION,
      capabilities: [],
    });
  });

  it('SYNC-HELLO-5 no common version: the relay closes with UpgradeRequired', () => {
    expect(negotiate({ type: 'hello', version: 0, capabilities: [capabilities.ack] }, [capabilities.ack])).toBeUndefined();
  });

  it('SYNC-FRAG-1 frag/1 is granted from version 2 on, and only together with ack/1', () => {
    const offered = [capabilities.ack, capabilities.frag];
    expect(negotiate({ type: 'hello', version: 2, capabilities: [capabilities.ack, capabilities.frag] }, offered)?.capabilities).toEqual([capabilities.ack, capabilities.frag]);
    expect(negotiate({ type: 'hello', version: 1, capabilities: [capabilities.ack, capabilities.frag] }, offered)?.capabilities).toEqual([capabilities.ack]);
    expect(negotiate({ type: 'hello', version: 2, capabilities: [capabilities.frag] }, offered)?.capabilities).toEqual([]);
    expect(negotiate({ type: 'hello', version: 2, capabilities: [capabilities.ack, capabilities.frag] }, [capabilities.frag])?.capabilities).toEqual([]);
  });
});

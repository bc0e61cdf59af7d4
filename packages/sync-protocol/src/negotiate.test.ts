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
});

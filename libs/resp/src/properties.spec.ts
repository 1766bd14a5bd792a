/**
 * Property tests (fast-check): encode → decode round trips of random requests and random RESP3
 * values under random chunking, agreement of the frame scanners with the decoders, and random
 * garbage: every decoder either decodes, waits, or throws RespProtocolError, in bounded time.
 */

import fc from 'fast-check';
import { RequestParser } from './request-parser';
import { RespDecoder } from './decoder';
import { RespProtocolError } from './errors';
import { encodeCommand, encodeValue } from './encode';
import { createCommandFrame, scanCommand, scanReply, SCAN_INCOMPLETE } from './frame-scanner';
import type { RespValue } from './values';

/** Splits `bytes` at the given (sorted, deduplicated) cut points. */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const cuts = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

const arg = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 100, maxLength: 20000 })).map((a) => Buffer.from(a));
const argv = fc.array(arg, { minLength: 1, maxLength: 8 });
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('properties: requests', () => {
  it('encodeCommand → RequestParser gives back every argv, however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(argv, { minLength: 1, maxLength: 6 }), cuts, (commands, points) => {
        const parser = new RequestParser();
        const got: Buffer[][] = [];
        for (const chunk of cut(Buffer.concat(commands.map(encodeCommand)), points)) {
          parser.feed(chunk);
          for (let v = parser.next(); v !== null; v = parser.next()) got.push(v);
        }
        expect(got).toEqual(commands);
      }),
      { numRuns: 300 },
    );
  });

  it('scanCommand ends each frame where the parser does, with the same name', () => {
    fc.assert(
      fc.property(fc.array(argv, { minLength: 1, maxLength: 6 }), (commands) => {
        const bytes = Buffer.concat(commands.map(encodeCommand));
        const frame = createCommandFrame();
        let offset = 0;
        for (const command of commands) {
          const end = scanCommand(bytes, offset, frame);
          expect(end).toBe(offset + encodeCommand(command).length);
          expect(frame.name).toBe(command[0].toString('latin1').replace(/[A-Z]/g, (c) => c.toLowerCase()));
          expect(frame.argc).toBe(command.length);
          offset = end;
        }
      }),
      { numRuns: 300 },
    );
  });
});

const line = fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s));
const bytes = fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a));
const integer = fc.oneof(
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => (Number.isSafeInteger(Number(n)) ? Number(n) : n)),
);

const { value: respValue } = fc.letrec<{ value: RespValue; plain: RespValue }>((tie) => ({
  plain: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    line.map((value): RespValue => ({ type: 'simple', value })),
    line.map((value): RespValue => ({ type: 'error', value })),
    integer.map((value): RespValue => ({ type: 'integer', value })),
    fc.option(bytes).map((value): RespValue => ({ type: 'bulk', value })),
    bytes.map((value): RespValue => ({ type: 'blobError', value })),
    fc.tuple(fc.stringMatching(/^[a-z]{3}$/), bytes).map(([format, value]): RespValue => ({ type: 'verbatim', format, value })),
    fc.constant<RespValue>({ type: 'null' }),
    fc.double().map((d): RespValue => ({ type: 'double', value: Object.is(d, -0) ? 0 : d })),
    fc.boolean().map((value): RespValue => ({ type: 'boolean', value })),
    fc.bigInt().map((value): RespValue => ({ type: 'bignum', value })),
    fc.constant<RespValue>({ type: 'array', value: null }),
    fc.array(tie('value'), { maxLength: 4 }).map((value): RespValue => ({ type: 'array', value })),
    fc.array(tie('value'), { maxLength: 4 }).map((value): RespValue => ({ type: 'set', value })),
    fc.array(tie('value'), { maxLength: 4 }).map((value): RespValue => ({ type: 'push', value })),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((value): RespValue => ({ type: 'map', value })),
  ),
  // An attribute annotates a plain value (an attribute of an attribute is not representable).
  value: fc.oneof(
    { depthSize: 'small' },
    tie('plain'),
    fc
      .tuple(fc.array(fc.tuple(tie('plain'), tie('plain')), { maxLength: 2 }), tie('plain'))
      .map(([attributes, value]): RespValue => ({ type: 'attribute', attributes, value })),
  ),
}));

describe('properties: RESP3 values', () => {
  it('encodeValue → RespDecoder round-trips, however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(respValue, { minLength: 1, maxLength: 4 }), cuts, (values, points) => {
        const decoder = new RespDecoder();
        const got: RespValue[] = [];
        for (const chunk of cut(Buffer.concat(values.map(encodeValue)), points)) {
          decoder.feed(chunk);
          for (let v = decoder.next(); v !== undefined; v = decoder.next()) got.push(v);
        }
        expect(got).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });

  it('scanReply finds the exact end of every encoded value', () => {
    fc.assert(
      fc.property(respValue, (value) => {
        const encoded = encodeValue(value);
        expect(scanReply(Buffer.concat([encoded, Buffer.from('+x\r\n')]), 0)).toBe(encoded.length);
        expect(scanReply(encoded.subarray(0, encoded.length - 1), 0)).toBe(SCAN_INCOMPLETE);
      }),
      { numRuns: 300 },
    );
  });
});

/** Bytes that look a bit like RESP, so garbage reaches deep states and not only the first check. */
const respish = fc
  .array(
    fc.oneof(
      fc.constantFrom('*', '$', '+', '-', ':', '%', '~', '>', '|', '_', ',', '#', '(', '=', '!', '\r\n', '\r', '\n', '"', "'", '\\', ' ', '-1', '0', '1', '2', '3', '10', 'x'),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.from(parts.join(''), 'latin1'));
const garbage = fc.oneof(respish, fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)));

/** Runs `step` until it reports no progress; fails if that takes more than `bound` calls. */
function drain(step: () => boolean, bound: number): void {
  let calls = 0;
  try {
    while (step()) if (++calls > bound) throw new Error('decoder did not terminate');
  } catch (err) {
    if (!(err instanceof RespProtocolError)) throw err;
    expect(err.code).toBe('RESP_ERR_PROTOCOL');
  }
}

describe('properties: garbage', () => {
  it('only RespProtocolError, always terminating, from every decoder and scanner', () => {
    fc.assert(
      fc.property(garbage, cuts, fc.boolean(), (input, points, authenticated) => {
        const bound = input.length + 2;
        const parser = new RequestParser();
        parser.authenticated = authenticated;
        const decoder = new RespDecoder();
        drain(() => {
          for (const chunk of cut(input, points)) {
            parser.feed(chunk);
            let values = 0;
            while (parser.next() !== null) if (++values > bound) throw new Error('parser did not terminate');
          }
          return false;
        }, bound);
        drain(() => {
          for (const chunk of cut(input, points)) {
            decoder.feed(chunk);
            let values = 0;
            while (decoder.next() !== undefined) if (++values > bound) throw new Error('decoder did not terminate');
          }
          return false;
        }, bound);
        const frame = createCommandFrame();
        let offset = 0;
        drain(() => {
          const end = scanCommand(input, offset, frame);
          if (end === SCAN_INCOMPLETE) return false;
          expect(end).toBeGreaterThan(offset);
          offset = end;
          return true;
        }, bound);
        offset = 0;
        drain(() => {
          const end = scanReply(input, offset);
          if (end === SCAN_INCOMPLETE) return false;
          expect(end).toBeGreaterThan(offset);
          offset = end;
          return true;
        }, bound);
      }),
      { numRuns: 2000 },
    );
  });
});

/**
 * Constructs this server cannot hold but can step over: stream values (types 15 and 19, spec
 * §8.8), module values (type 7) and module AUX data (opcode 0xF7, spec §8.9), and function
 * libraries (opcodes 0xF5 and 0xF6). Each is parsed far enough to find its end and to check its
 * framing (a stream's node listpacks are walked like any other listpack); nothing is kept.
 * Like the value readers these are generators that yield the bytes a try read needs.
 */
import { OPCODE, TYPE } from './constants';
import { NEED, ReadCursor } from './cursor-read';
import { ListpackReader } from './listpack-read';

export type SkipSteps = Generator<number, void, void>;

/** Stream ids are 16 raw bytes: ms then seq, each u64 big-endian. */
const STREAM_ID_BYTES = 16;

/** Module opcodes (spec §8.9). */
const MODULE_EOF = 0;
const MODULE_SINT = 1;
const MODULE_UINT = 2;
const MODULE_FLOAT = 3;
const MODULE_DOUBLE = 4;
const MODULE_STRING = 5;

/** Characters of a module type name, 6 bits each in the module id (Redis's ModuleTypeNameCharSet). */
const MODULE_NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 9-character module type name in the top 54 bits of a module id. */
export function moduleTypeName(moduleId: bigint): string {
  let id = moduleId >> 10n;
  let name = '';
  for (let i = 0; i < 9; i++) {
    name = MODULE_NAME_CHARS[Number(id & 63n)] + name;
    id >>= 6n;
  }
  return name;
}

export class Skipper {
  private readonly listpack = new ListpackReader();

  constructor(private readonly c: ReadCursor) {}

  private *length(loose: boolean): Generator<number, number, void> {
    const c = this.c;
    let value: number;
    while ((value = loose ? c.tryLengthLoose() : c.tryLength()) === NEED) yield c.need;
    return value;
  }

  private *fixed(bytes: number): SkipSteps {
    const c = this.c;
    while (c.tryFixed(bytes) === NEED) yield c.need;
  }

  private *string(): SkipSteps {
    const c = this.c;
    while (!c.trySkipString()) yield c.need;
  }

  /** A STREAM_LISTPACKS (15) or STREAM_LISTPACKS_2 (19) body. */
  *stream(type: number): SkipSteps {
    const c = this.c;
    const v2 = type === TYPE.streamListpacks2;
    const nodes = yield* this.length(false);
    for (let i = 0; i < nodes; i++) {
      let nodeKey: Buffer | null;
      while ((nodeKey = c.tryBlob()) === null) yield c.need;
      if (nodeKey.length !== STREAM_ID_BYTES) throw c.corrupt(`stream node key of ${nodeKey.length} bytes is not a stream id`);
      let blob: Buffer | null;
      while ((blob = c.tryBlob()) === null) yield c.need;
      this.listpack.open(blob, 'stream node');
      if (!this.listpack.next()) throw c.corrupt('stream node listpack is empty');
      while (this.listpack.next());
    }
    // length, last id; then for type 19: first id, max deleted id, entries added.
    const idFields = v2 ? 8 : 3;
    for (let i = 0; i < idFields; i++) yield* this.length(true);
    const groups = yield* this.length(false);
    for (let g = 0; g < groups; g++) {
      yield* this.string();
      yield* this.length(true);
      yield* this.length(true);
      if (v2) yield* this.length(true); // entries_read
      const pending = yield* this.length(false);
      for (let p = 0; p < pending; p++) {
        yield* this.fixed(STREAM_ID_BYTES + 8); // id, delivery time
        yield* this.length(true); // delivery count
      }
      const consumers = yield* this.length(false);
      for (let k = 0; k < consumers; k++) {
        yield* this.string();
        yield* this.fixed(8); // seen time
        const owned = yield* this.length(false);
        for (let p = 0; p < owned; p++) yield* this.fixed(STREAM_ID_BYTES);
      }
    }
  }

  /** A MODULE_2 (7) body; returns the module type name. */
  *moduleValue(): Generator<number, string, void> {
    const c = this.c;
    let id: bigint | null;
    while ((id = c.tryLengthBig()) === null) yield c.need;
    yield* this.moduleOpcodes();
    return moduleTypeName(id);
  }

  /** A MODULE_AUX record after its opcode; returns the module type name. */
  *moduleAux(): Generator<number, string, void> {
    const c = this.c;
    let id: bigint | null;
    while ((id = c.tryLengthBig()) === null) yield c.need;
    const whenOpcode = yield* this.length(true);
    if (whenOpcode !== MODULE_UINT) throw c.corrupt(`module aux "when" opcode is ${whenOpcode}, not ${MODULE_UINT}`);
    yield* this.length(true);
    yield* this.moduleOpcodes();
    return moduleTypeName(id);
  }

  /** Module opcodes up to and including the EOF opcode. */
  private *moduleOpcodes(): SkipSteps {
    for (;;) {
      const opcode = yield* this.length(true);
      switch (opcode) {
        case MODULE_EOF:
          return;
        case MODULE_SINT:
        case MODULE_UINT:
          yield* this.length(true);
          break;
        case MODULE_FLOAT:
          yield* this.fixed(4);
          break;
        case MODULE_DOUBLE:
          yield* this.fixed(8);
          break;
        case MODULE_STRING:
          yield* this.string();
          break;
        default:
          throw this.c.corrupt(`unknown module opcode ${opcode}`);
      }
    }
  }

  /** A FUNCTION2 record (one string: the library source) or a 7.0-rc FUNCTION record. */
  *functionLibrary(opcode: number): SkipSteps {
    if (opcode === OPCODE.function2) {
      yield* this.string();
      return;
    }
    yield* this.string(); // name
    yield* this.string(); // engine
    const hasDescription = yield* this.length(false);
    if (hasDescription) yield* this.string();
    yield* this.string(); // code
  }
}

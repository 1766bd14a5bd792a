/*
 * ConfigStoreImpl: the live values of every parameter, CONFIG SET's all-or-nothing update and the
 * change listeners the engine hangs its side effects on (maxclients, timeout, hz, …).
 *
 * Invariant: every stored value came out of its parameter's parser, and a failed `set` leaves
 * every value as it was; listeners run only after all values of one `set` are in place.
 */
import type { ConfigListener, ConfigStore, ParamDef, Parsed } from './types';
import { PARAMS } from './table';

/** Lower-case name or alias → parameter; built once, shared by every store. */
const BY_NAME: ReadonlyMap<string, ParamDef> = (() => {
  const map = new Map<string, ParamDef>();
  for (const p of PARAMS) {
    map.set(p.name, p);
    if (p.alias !== null) map.set(p.alias, p);
  }
  return map;
})();

export function lookupParam(name: string): ParamDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

function setFailed(arg: string, reason: string): string {
  return `ERR CONFIG SET failed (possibly related to argument '${arg}') - ${reason}`;
}

export class ConfigStoreImpl implements ConfigStore {
  readonly configFile: string | null;
  private readonly values = new Map<string, Parsed>();
  private readonly listeners = new Map<string, ConfigListener[]>();

  /** Starts from the table defaults; the loader then calls `load` for each source in order. */
  constructor(configFile: string | null) {
    this.configFile = configFile;
    for (const p of PARAMS) {
      const v = p.parse(p.defaultText, p.defaultText);
      if (typeof v === 'string') throw new Error(`config table: default of ${p.name} is invalid: ${v}`);
      this.values.set(p.name, v);
    }
  }

  lookup(name: string): ParamDef | undefined {
    return lookupParam(name);
  }

  private param(name: string): ParamDef {
    const p = lookupParam(name);
    if (p === undefined) throw new Error(`unknown configuration parameter '${name}'`);
    return p;
  }

  get(name: string): string {
    return this.values.get(this.param(name).name)!.text;
  }

  str(name: string): string {
    return this.get(name);
  }

  num(name: string): number {
    return this.values.get(this.param(name).name)!.num;
  }

  bool(name: string): boolean {
    return this.num(name) !== 0;
  }

  names(): string[] {
    return PARAMS.map((p) => p.name);
  }

  allNames(): string[] {
    const out: string[] = [];
    for (const p of PARAMS) {
      out.push(p.name);
      if (p.alias !== null) out.push(p.alias);
    }
    return out;
  }

  /**
   * Start-up assignment (file, env, flags): immutable parameters may be set, no listeners run.
   * Returns null or the bare reason (the loader adds where the value came from).
   */
  load(p: ParamDef, raw: string): string | null {
    const v = p.parse(raw, this.values.get(p.name)!.text);
    if (typeof v === 'string') return v;
    this.values.set(p.name, v);
    return null;
  }

  set(pairs: readonly (readonly [string, string])[]): string | null {
    // Pass 1: every name, before any value is looked at (as 7.0 orders its checks).
    const params: ParamDef[] = [];
    const seen = new Set<string>();
    for (const [name] of pairs) {
      const p = lookupParam(name);
      if (p === undefined) return `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
      if (!p.mutable) return setFailed(name, "can't set immutable config");
      if (p.protected) return setFailed(name, "can't set protected config");
      if (seen.has(p.name)) return setFailed(name, 'duplicate parameter');
      seen.add(p.name);
      params.push(p);
    }
    // Pass 2: every value; nothing is stored until all of them parse.
    const parsed: Parsed[] = [];
    for (let k = 0; k < pairs.length; k++) {
      const v = params[k].parse(pairs[k][1], this.values.get(params[k].name)!.text);
      if (typeof v === 'string') return setFailed(pairs[k][0], v);
      parsed.push(v);
    }
    for (let k = 0; k < params.length; k++) this.values.set(params[k].name, parsed[k]);
    for (const p of params) this.notify(p.name);
    return null;
  }

  onChange(name: string, fn: ConfigListener): () => void {
    const key = this.param(name).name;
    let list = this.listeners.get(key);
    if (list === undefined) {
      list = [];
      this.listeners.set(key, list);
    }
    list.push(fn);
    return () => {
      const l = this.listeners.get(key)!;
      const at = l.indexOf(fn);
      if (at >= 0) l.splice(at, 1);
    };
  }

  private notify(name: string): void {
    const list = this.listeners.get(name);
    if (list === undefined) return;
    for (const fn of list.slice()) fn(name, this);
  }
}

/*
 * Small formatting helpers shared by the INFO section builders: Redis's `_human` byte sizes,
 * fixed-decimal numbers and the per-process memory peak.
 */

const UNITS = ['K', 'M', 'G', 'T', 'P', 'E'];

/** 1114024 → `1.06M`, 200 → `200B`, as INFO's *_human fields print sizes. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(2)}${UNITS[u]}`;
}

/** A ratio printed with two decimals; 0 when the divisor is 0. */
export function ratio(a: number, b: number): string {
  return (b === 0 ? 0 : a / b).toFixed(2);
}

/** One `name:value\r\n` line. */
export function line(name: string, value: string | number): string {
  return `${name}:${value}\r\n`;
}

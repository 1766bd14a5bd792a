/*
 * Pixel checks on a PNG screenshot (pngjs): how many pixels have a given colour. A tolerance of a
 * few levels per channel absorbs colour-management rounding, never the blend of two colours.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const TOLERANCE = 3;

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** Pixels within TOLERANCE of `#rrggbb` (or `rgb(r, g, b)`). */
  count(color: string): number;
  /** Distinct colours in the image. */
  distinctColors(): number;
}

function rgbOf(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex !== null) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const fn = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(color);
  if (fn !== null) return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  throw new Error(`not a colour: ${color}`);
}

export function readPixels(path: string): Pixels {
  const png = PNG.sync.read(readFileSync(path));
  const { data, width, height } = png;
  return {
    width,
    height,
    count(color) {
      const [r, g, b] = rgbOf(color);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) <= TOLERANCE && Math.abs(data[i + 1] - g) <= TOLERANCE && Math.abs(data[i + 2] - b) <= TOLERANCE) n++;
      }
      return n;
    },
    distinctColors() {
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    },
  };
}

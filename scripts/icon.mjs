// Draws the extension's icon (media/icon.png, 128×128, as the Marketplace and vsce want a PNG) from the view's
// own glyph, media/readiness.svg: its paths, filled and stroked on a rounded square. Node only, no renderer:
// the glyph is a few lines and curves, sampled 4×4 per pixel. Run `node scripts/icon.mjs` after changing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const samples = 4;
// The 24-unit glyph, centred with a margin.
const scale = 4.4;
const offset = (size - 24 * scale) / 2;
const glyph = readFileSync(new URL('../media/readiness.svg', import.meta.url), 'utf8');
const strokeWidth = Number(/stroke-width="([\d.]+)"/.exec(glyph)[1]);
const [shield, check] = [...glyph.matchAll(/<path d="([^"]+)"/g)].map((m) => flatten(m[1]));
const colours = { background: [11, 61, 46], shield: [20, 87, 63], outline: [255, 255, 255], check: [63, 208, 127] };

/** An SVG path (M L H V C Z, absolute or relative, repeated arguments) as polylines of points. */
function flatten(d) {
  const tokens = d.match(/[MLHVCZmlhvcz]|-?\d*\.?\d+/g);
  const lines = [];
  let x = 0, y = 0, command = '', line = [];
  for (let i = 0; i < tokens.length; ) {
    if (/[a-z]/i.test(tokens[i])) command = tokens[i++];
    const relative = command === command.toLowerCase();
    const read = (n) => tokens.slice(i, (i += n)).map(Number);
    switch (command.toUpperCase()) {
      case 'M': { const [a, b] = read(2); x = relative ? x + a : a; y = relative ? y + b : b; line = [[x, y]]; lines.push(line); command = relative ? 'l' : 'L'; break; }
      case 'L': { const [a, b] = read(2); x = relative ? x + a : a; y = relative ? y + b : b; line.push([x, y]); break; }
      case 'H': { const [a] = read(1); x = relative ? x + a : a; line.push([x, y]); break; }
      case 'V': { const [b] = read(1); y = relative ? y + b : b; line.push([x, y]); break; }
      case 'C': {
        const c = read(6).map((v, k) => (relative ? v + (k % 2 ? y : x) : v));
        const [x0, y0] = [x, y];
        for (let t = 1; t <= 16; t++) {
          const s = t / 16, r = 1 - s;
          line.push([r ** 3 * x0 + 3 * r * r * s * c[0] + 3 * r * s * s * c[2] + s ** 3 * c[4], r ** 3 * y0 + 3 * r * r * s * c[1] + 3 * r * s * s * c[3] + s ** 3 * c[5]]);
        }
        [x, y] = [c[4], c[5]];
        break;
      }
      case 'Z': line.push([...line[0]]); [x, y] = line[0]; command = ''; break;
      default: throw new Error(`path command ${command} not drawn`);
    }
  }
  return lines.map((l) => l.map(([px, py]) => [offset + px * scale, offset + py * scale]));
}

function distanceToLines(lines, px, py) {
  let best = Infinity;
  for (const l of lines) {
    for (let k = 1; k < l.length; k++) {
      const [ax, ay] = l[k - 1], [bx, by] = l[k];
      const dx = bx - ax, dy = by - ay;
      const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
      best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy));
    }
  }
  return best;
}

function inside(lines, px, py) {
  let odd = false;
  for (const l of lines) {
    for (let k = 1; k < l.length; k++) {
      const [ax, ay] = l[k - 1], [bx, by] = l[k];
      if (ay > py !== by > py && px < ax + ((py - ay) * (bx - ax)) / (by - ay)) odd = !odd;
    }
  }
  return odd;
}

function inRoundedSquare(px, py, radius = 24) {
  const cx = Math.max(radius, Math.min(size - radius, px)), cy = Math.max(radius, Math.min(size - radius, py));
  return Math.hypot(px - cx, py - cy) <= radius;
}

/** The colour at a point, or none outside the background. */
function colourAt(px, py) {
  if (!inRoundedSquare(px, py)) return undefined;
  if (distanceToLines(check, px, py) <= strokeWidth * scale * 0.75) return colours.check;
  if (distanceToLines(shield, px, py) <= (strokeWidth * scale) / 2) return colours.outline;
  return inside(shield, px, py) ? colours.shield : colours.background;
}

const rgba = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) {
  rgba[y * (size * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < size; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const colour = colourAt(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples);
        if (!colour) continue;
        colour.forEach((c, k) => (sum[k] += c));
        sum[3] += 255;
      }
    }
    const covered = sum[3] / 255;
    const at = y * (size * 4 + 1) + 1 + x * 4;
    for (let k = 0; k < 3; k++) rgba[at + k] = covered ? Math.round(sum[k] / covered) : 0;
    rgba[at + 3] = Math.round(sum[3] / (samples * samples));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
writeFileSync(new URL('../media/icon.png', import.meta.url), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rgba, { level: 9 })), chunk('IEND', Buffer.alloc(0))]));

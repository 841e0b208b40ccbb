// Writes the app icons (static/icon-192.png, icon-512.png, favicon.png): a dark-blue rounded
// square with a white "A". Plain zlib PNG encoding, no image library. Run: node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BG = [0x1f, 0x4e, 0x79];
const FG = [0xff, 0xff, 0xff];

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}

/** Distance from point p to segment ab. */
function segDist(px, py, ax, ay, bx, by) {
	const dx = bx - ax,
		dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage (0..1) of the glyph at a point in unit coordinates, or -1 outside the square. */
function shade(u, v, maskable) {
	// Rounded square (full bleed when maskable: the platform applies its own mask).
	const r = maskable ? 0 : 0.18;
	const cx = Math.min(Math.max(u, r), 1 - r),
		cy = Math.min(Math.max(v, r), 1 - r);
	if (Math.hypot(u - cx, v - cy) > r) return -1;
	const w = 0.075; // stroke half-width
	const strokes = [
		[0.5, 0.2, 0.27, 0.8],
		[0.5, 0.2, 0.73, 0.8],
		[0.355, 0.58, 0.645, 0.58]
	];
	const d = Math.min(...strokes.map(([ax, ay, bx, by]) => segDist(u, v, ax, ay, bx, by)));
	return d < w ? 1 : 0;
}

function png(size, maskable = false) {
	const ss = 4; // supersampling for smooth edges
	const rows = [];
	for (let y = 0; y < size; y++) {
		const row = Buffer.alloc(1 + size * 4);
		for (let x = 0; x < size; x++) {
			let inside = 0,
				glyph = 0;
			for (let sy = 0; sy < ss; sy++)
				for (let sx = 0; sx < ss; sx++) {
					const s = shade((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size, maskable);
					if (s >= 0) {
						inside++;
						glyph += s;
					}
				}
			const n = ss * ss;
			const g = inside ? glyph / inside : 0;
			const o = 1 + x * 4;
			for (let c = 0; c < 3; c++) row[o + c] = Math.round(BG[c] * (1 - g) + FG[c] * g);
			row[o + 3] = Math.round((255 * inside) / n);
		}
		rows.push(row);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 6; // RGBA
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'static');
fs.mkdirSync(dir, { recursive: true });
for (const [name, size, maskable] of [
	['icon-192.png', 192, false],
	['icon-512.png', 512, false],
	['icon-maskable-512.png', 512, true],
	['favicon.png', 48, false]
]) {
	fs.writeFileSync(path.join(dir, name), png(size, maskable));
	console.log(`static/${name} ${size}×${size}`);
}

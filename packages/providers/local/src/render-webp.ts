import sharp from 'sharp';

/** Encoder settings: good quality for illustrations, low effort because renders are on request. */
export interface WebpOptions {
  readonly quality: number;
  /** libwebp effort 0–6; each step up costs time for a few per cent of size. */
  readonly effort: number;
}

/**
 * Rasterises an SVG (librsvg inside sharp) to a WebP of exactly `width` × `height`. The same SVG
 * and options give the same bytes: no metadata or timestamps are written.
 */
export async function svgToWebp(svg: string, width: number, height: number, options: WebpOptions): Promise<Uint8Array> {
  const buffer = await sharp(Buffer.from(svg), { density: 72 })
    .resize(width, height, { fit: 'fill' })
    .webp({ quality: options.quality, effort: options.effort, smartSubsample: false })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

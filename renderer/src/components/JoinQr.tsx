// The join line as a QR code on the instructor's projected page, for whoever would rather scan it
// than copy it off the wall. Made here, offline (the `qrcode` library's matrix), and drawn as one
// SVG path of the dark modules: no HTML injected, nothing fetched.
import { create } from 'qrcode';
import { useMemo } from 'react';

/** Four modules of light around the code: the quiet zone scanners need (ISO/IEC 18004). */
const QUIET = 4;

/** The code's dark modules as an SVG path, one unit per module; `size` modules a side. */
export function qrPath(text: string): { size: number; d: string } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) parts.push(`M${x} ${y}h1v1h-1z`);
  }
  return { size: modules.size, d: parts.join('') };
}

export function JoinQr({ line }: { line: string }) {
  const { size, d } = useMemo(() => qrPath(line), [line]);
  const side = size + 2 * QUIET;
  return (
    <svg className="join-qr" data-testid="join-qr" role="img" aria-label={`QR code of the join line: ${line}`} viewBox={`${-QUIET} ${-QUIET} ${side} ${side}`} shapeRendering="crispEdges">
      <rect x={-QUIET} y={-QUIET} width={side} height={side} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

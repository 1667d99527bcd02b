// SHA-512 in the coreutils format (`<hex>  <name>`), so a kit checks with `sha512sum -c` on Linux,
// `shasum -a 512 -c` on macOS, and with `amq-ha-lab kit verify` or the kit's own verify.mjs anywhere.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function sha512Of(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function checksumLine(hex: string, name: string): string {
  return `${hex}  ${name}\n`;
}

/** The lines of a checksum file: name and hex; a line that is neither is kept as `bad` so verify can name it. */
export function parseChecksums(text: string): { entries: { name: string; hex: string }[]; bad: string[] } {
  const entries: { name: string; hex: string }[] = [];
  const bad: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    // `*` before the name is the binary-mode mark of sha512sum -b; the name is the same file.
    const m = /^([0-9a-fA-F]{128})\s+\*?(.+)$/.exec(line.trim());
    if (m) entries.push({ hex: m[1]!.toLowerCase(), name: m[2]! });
    else bad.push(line);
  }
  return { entries, bad };
}

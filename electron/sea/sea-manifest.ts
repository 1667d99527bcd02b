// What the single file carries besides its code: the build writes this manifest as an asset, the
// entry reads it to unpack the page.
export interface SeaManifest {
  version: string;
  /** Every renderer file: its asset key and its path under the unpacked folder. */
  files: { key: string; path: string }[];
  /** A digest of the files' contents, so a changed page unpacks into a new folder. */
  contents: string;
}

export const MANIFEST_KEY = 'manifest.json';
